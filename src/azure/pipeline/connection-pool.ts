/**
 * The connections to ARM that every subscription's client shares. Which requests go, and when,
 * is the pacer's job (ARM's budgets); this pool only keeps their connections few and reused:
 * one host answers for every subscription, so without it each client opens its own sockets and a
 * burst of requests opens one TLS connection each (a handshake of CPU on both sides, and a file
 * descriptor), and every connection parses the trusted CA again. A request is started only when
 * a connection is free for it (`slots`), before it enters the pipeline: requests beyond the
 * pool's size wait there, outside their timeout, instead of all being prepared at once (a burst
 * of hundreds would keep the process from reading the first answers, which start the pacer's
 * refill). A proxy's agent (HTTPS_PROXY, set by the SDK's proxy policy before this one) is left
 * in place.
 */
import { Agent } from 'node:https';
import { createSecureContext } from 'node:tls';
import { type Limiter, createLimiter } from '../../core/concurrency.js';
import type { PipelinePolicy } from './rest-pipeline.js';

/** Connections open to the endpoint at most, shared by all subscriptions. */
export const MAX_SOCKETS = 32;

export interface ConnectionPool {
  readonly agent: Agent;
  /** Runs a request once a connection is free for it. */
  readonly slots: Limiter;
}

/** A keep-alive pool trusting `ca` (PEM) when given, else the system's roots; the CA is parsed once. */
export function connectionPool(ca: string | undefined, size: number = MAX_SOCKETS): ConnectionPool {
  return {
    agent: new Agent({ keepAlive: true, maxSockets: size, ...(ca !== undefined ? { secureContext: createSecureContext({ ca }) } : {}) }),
    slots: createLimiter(size),
  };
}

/** The pipeline policy that sends a request through the pool unless another agent (a proxy's) is set. */
export function connectionPoolPolicy(pool: ConnectionPool): PipelinePolicy {
  return {
    name: 'kustodianConnectionPool',
    sendRequest(request, next) {
      request.agent ??= pool.agent;
      return next(request);
    },
  };
}
