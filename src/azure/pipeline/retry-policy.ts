/**
 * The one retry layer: the SDK pipeline's retry policy (`retryPolicy` of
 * @azure/core-rest-pipeline, in place of its default one), with kustodian's rules for what ARM
 * documents as transient. Each request is retried on its own, LRO status polls included:
 *
 * - 429 (Retry-After honoured; Resource Graph's quota-reset header too), 408, 5xx but 501/505,
 *   and a connection that failed or dropped (refused, reset, unreachable, DNS try-again):
 *   at most `maxRetries` retries, exponential backoff with jitter, and never past
 *   `requestTimeoutMs` from the first attempt (an attempt still running then is cut off).
 * - 409 Conflict and ServiceIsInMaintenance (another operation runs on the resource; the SDK
 *   does not retry these): waited out like an operation, up to `conflictWaitMs`.
 * - Nothing else: TLS and certificate errors, a host that does not resolve, 400, 401, 403,
 *   404 fail on the first attempt; retrying cannot heal them.
 *
 * Once a connection failure has used up its retries the endpoint is known unreachable: later
 * connection failures are not retried until an answer comes again.
 */
import {
  type Pipeline,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  RestError,
  type RetryStrategy,
  retryPolicy,
} from './rest-pipeline.js';
import { QUOTA_RESETS_AFTER_HEADER, parseTimeSpan } from '../graph/quota.js';
import type { AzureSettings } from '../settings.js';

export interface RetryLimits {
  /** Retries after the first attempt, of throttled, server and connection failures. */
  readonly maxRetries: number;
  /** How long one request may take, its attempts and waits included. */
  readonly requestTimeoutMs: number;
  /** How long a 409 Conflict / ServiceIsInMaintenance is waited out. */
  readonly conflictWaitMs: number;
}

/** One retry about to be waited for: what failed, attempt k of n, and the wait. */
export interface RetryNotice {
  /** `GET host/path` of the request, without the query. */
  readonly request: string;
  readonly failure: string;
  /** The attempt that failed (1 is the first). */
  readonly attempt: number;
  /** The most attempts this request makes (for conflicts: as many as fit in the wait). */
  readonly attempts: number | undefined;
  readonly delayMs: number;
}

/** Shortest wait that is announced: shorter ones would only be noise. */
export const NOTICE_THRESHOLD_MS = 2_000;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export type FailureClass = 'throttled' | 'server' | 'connection' | 'conflict' | 'final';

/** What one failed attempt was, in the terms of the retry rules. */
export function classify(status: number | undefined, code: string | undefined, serviceCode: string | undefined): FailureClass {
  if (serviceCode === 'ServiceIsInMaintenance') return 'conflict';
  if (status === undefined) return code !== undefined && CONNECTION_CODES.has(code) ? 'connection' : 'final';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 408 || (status >= 500 && status !== 501 && status !== 505)) return 'server';
  return 'final';
}

/** Backoff before retry number `n` (0 for the first retry): doubling, with jitter of half. */
export function backoffMs(n: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n);
  return Math.round(full / 2 + random() * (full / 2));
}

/** Retry-After (seconds or a date), retry-after-ms, or Resource Graph's quota reset. */
export function retryAfterMs(response: PipelineResponse | undefined, now: number = Date.now()): number | undefined {
  if (response === undefined) return undefined;
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = response.headers.get(header);
    if (v !== undefined && /^\d+$/.test(v.trim())) return Number(v.trim());
  }
  const after = response.headers.get('retry-after')?.trim();
  if (after !== undefined && after !== '') {
    if (/^\d+$/.test(after)) return Number(after) * 1000;
    const at = Date.parse(after);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return response.status === 429 ? parseTimeSpan(response.headers.get(QUOTA_RESETS_AFTER_HEADER)) : undefined;
}

/** ARM's `{error:{code}}` of an answer, when it has one. */
function serviceCodeOf(response: PipelineResponse | undefined): string | undefined {
  const text = response?.bodyAsText;
  if (typeof text !== 'string' || text === '' || text.length > 64_000) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function describeRequest(request: PipelineRequest): string {
  try {
    const url = new URL(request.url);
    return `${request.method} ${url.host}${url.pathname}`;
  } catch {
    return request.method;
  }
}

function describeFailure(response: PipelineResponse | undefined, error: RestError | undefined, serviceCode: string | undefined): string {
  if (response !== undefined) return `${response.status}${serviceCode !== undefined ? ` ${serviceCode}` : ''}`;
  const code = error?.code;
  return code === 'ECONNREFUSED' ? 'connection refused (ECONNREFUSED)' : `connection failed (${code ?? error?.message ?? 'no answer'})`;
}

/** Whether the endpoint answered lately: connection failures are not retried once it has not. */
export class EndpointHealth {
  private down = false;
  get unreachable(): boolean {
    return this.down;
  }
  answered(): void {
    this.down = false;
  }
  gaveUp(): void {
    this.down = true;
  }
}

interface RequestState {
  readonly started: number;
  deadline: number;
  /** Attempts sent so far. */
  attempts: number;
  /** Retries of throttled, server and connection failures so far. */
  retries: number;
  /** Conflicts waited out so far. */
  conflicts: number;
}

export const RETRY_POLICY_NAME = 'kustodianRetry';

/** The SDK's default retry policy, which this one replaces (core-rest-pipeline's name for it). */
const SDK_RETRY_POLICY_NAME = 'defaultRetryPolicy';

export interface RetryPolicyOptions {
  /** Told of every wait of at least NOTICE_THRESHOLD_MS, before it starts. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Shared by the clients of one endpoint. */
  readonly health?: EndpointHealth;
  readonly random?: () => number;
}

type Decision = { readonly delayMs: number; readonly attempts: number | undefined } | undefined;

/** Whether and how long to wait before the next attempt; undefined to give up. */
function decide(kind: FailureClass, state: RequestState, limits: RetryLimits, response: PipelineResponse | undefined, health: EndpointHealth, random?: () => number): Decision {
  const now = Date.now();
  switch (kind) {
    case 'final':
      return undefined;
    case 'conflict': {
      const delayMs = Math.min(MAX_DELAY_MS, Math.max(retryAfterMs(response, now) ?? 0, backoffMs(state.conflicts, random)));
      if (now + delayMs > state.started + limits.conflictWaitMs) return undefined;
      state.conflicts += 1;
      // Waiting out another operation is not this request being slow: its clock starts again.
      state.deadline = now + delayMs + limits.requestTimeoutMs;
      return { delayMs, attempts: undefined };
    }
    case 'connection':
    case 'throttled':
    case 'server': {
      if (kind === 'connection' && health.unreachable) return undefined;
      if (state.retries >= limits.maxRetries) return undefined;
      const asked = kind === 'connection' ? undefined : retryAfterMs(response, now);
      const delayMs = asked ?? backoffMs(state.retries, random);
      if (now + delayMs >= state.deadline) return undefined;
      state.retries += 1;
      return { delayMs, attempts: state.conflicts + limits.maxRetries + 1 };
    }
  }
}

/** The retry policy of every ARM and Resource Graph client. */
export function armRetryPolicy(limits: RetryLimits, options: RetryPolicyOptions = {}): PipelinePolicy {
  const states = new WeakMap<PipelineRequest, RequestState>();
  const health = options.health ?? new EndpointHealth();

  const strategy: RetryStrategy = {
    name: 'kustodianArmRetry',
    retry({ response, responseError }) {
      const request = response?.request ?? responseError?.request;
      const state = request !== undefined ? states.get(request) : undefined;
      if (request === undefined || state === undefined) return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
      if (response !== undefined) health.answered();
      const serviceCode = serviceCodeOf(response);
      const kind = classify(response?.status ?? responseError?.statusCode, responseError?.code, serviceCode);
      const decision = decide(kind, state, limits, response, health, options.random);
      if (decision === undefined) {
        if (kind === 'connection') health.gaveUp();
        return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
      }
      if (decision.delayMs >= NOTICE_THRESHOLD_MS) {
        options.onRetry?.({
          request: describeRequest(request),
          failure: describeFailure(response, responseError, serviceCode),
          attempt: state.attempts,
          attempts: decision.attempts,
          delayMs: decision.delayMs,
        });
      }
      return { retryAfterInMs: decision.delayMs };
    },
  };
  // The SDK's loop counts every retry against its maximum; the limits above are kustodian's,
  // per kind of failure, so the loop's own is set out of reach.
  const sdk = retryPolicy([strategy], { maxRetries: Number.MAX_SAFE_INTEGER });

  return {
    name: RETRY_POLICY_NAME,
    async sendRequest(request, next) {
      const started = Date.now();
      const state: RequestState = { started, deadline: started + limits.requestTimeoutMs, attempts: 0, retries: 0, conflicts: 0 };
      states.set(request, state);
      try {
        return await sdk.sendRequest(request, async (req) => {
          state.attempts += 1;
          // An attempt may take what is left of the request's time, so a host that never answers
          // cannot hold it past the timeout. (Not `req.timeout`: the SDK's HTTP client leaves
          // that timer running when the connection fails, which keeps the process alive.)
          const caller = req.abortSignal;
          const left = AbortSignal.timeout(Math.max(1, state.deadline - Date.now()));
          req.abortSignal = caller !== undefined ? AbortSignal.any([caller as AbortSignal, left]) : left;
          try {
            return await next(req);
          } finally {
            req.abortSignal = caller;
          }
        });
      } catch (e) {
        if (e instanceof Error && e.name === 'AbortError' && request.abortSignal?.aborted !== true && Date.now() >= state.deadline - 50) {
          throw new RestError(`no answer within ${Math.round(limits.requestTimeoutMs / 1000)} s (--request-timeout)`, { code: 'ETIMEDOUT', request });
        }
        throw e;
      } finally {
        states.delete(request);
      }
    },
  };
}

/** Puts `policy` in place of the SDK's default retry policy in a client's pipeline. */
export function replaceRetryPolicy(pipeline: Pipeline, policy: PipelinePolicy): void {
  const removed = pipeline.removePolicy({ name: SDK_RETRY_POLICY_NAME });
  if (removed.length !== 1) throw new Error(`expected the SDK's ${SDK_RETRY_POLICY_NAME} in the pipeline, found ${removed.length}`);
  pipeline.addPolicy(policy, { phase: 'Retry' });
}

/** The retry policy with the limits the settings give (409s waited out up to the operation timeout). */
export function retryPolicyFor(settings: AzureSettings, options: RetryPolicyOptions = {}): PipelinePolicy {
  return armRetryPolicy({ maxRetries: settings.maxRetries, requestTimeoutMs: settings.requestTimeoutMs, conflictWaitMs: settings.operationTimeoutMs }, options);
}
