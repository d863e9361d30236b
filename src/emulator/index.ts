/**
 * kustodian's Azure Resource Manager emulator for Microsoft.Kusto data connections: a local
 * HTTPS server that the real `@azure/arm-kusto` client talks to. A separate system: nothing
 * here imports the reconciler (see docs/emulator.md).
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './state/clock.js';
import { DEFAULT_OPERATION_DURATION_MS, DEFAULT_SEED_FILE } from './defaults.js';
import { createControl, type EmulatorControl } from './control/control.js';
import { EmulatorCore } from './state/core.js';
import { DEFAULT_BODY_LIMIT } from './http/bodies.js';
import { checkSeed, readSeedFile, type EmulatorSeed } from './state/seed.js';
import { createRequestHandler } from './http/server.js';
import type { ThrottleOptions } from './arm/throttle.js';
import { tlsFor, type TlsMaterial } from './http/tls.js';
import { keptTls } from './http/tls-store.js';
import { writeFileSafely } from '../fs/safe-write.js';
import { answerUnparsableRequests } from './http/unparsable.js';

export type { Clock } from './state/clock.js';
export { ManualClock, systemClock } from './state/clock.js';
export type { ConnectionRef, DatabaseRef, EmulatorControl, OperationInfo } from './control/control.js';
export type { DirectConnection } from './control/direct.js';
export type { DataPlaneControl, ExtentSpec, FailureSpec, MappingSpec, TableSpec, TableView } from './control/data-plane.js';
export type { ArmErrorBody } from './arm/errors.js';
export type { ActiveFault, FaultAction, FaultSpec } from './control/faults.js';
export type { ApiOperation, Counters, RequestLogEntry } from './http/request-log.js';
export { StateFileError, type PersistedState } from './state/persistence.js';
export type { DataConnectionResource } from './arm/resource.js';
export { SeedError, parseSeedText, readSeedFile } from './state/seed.js';
export type * from './state/seed.js';
export { SUPPORTED_API_VERSIONS, SUPPORTED_GRAPH_API_VERSIONS } from './http/server.js';
export type { ThrottleOptions } from './arm/throttle.js';
export type { TlsMaterial } from './http/tls.js';

export { DEFAULT_OPERATION_DURATION_MS, DEFAULT_SEED_FILE } from './defaults.js';

export interface EmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The world: a seed object or a YAML/JSON file path; default the shipped example world. */
  seed?: EmulatorSeed | string;
  /** Persist state here (atomically); an existing file wins over `seed`. */
  stateFile?: string;
  /** How long each long-running operation runs; default 100 ms, 0 allowed. */
  operationDurationMs?: number;
  /**
   * ARM throttling and Resource Graph's quota: `{ scale }` multiplies the limits, `{ timeScale }`
   * only the refill rates (and shortens Resource Graph's window); `false` turns both off. Default on, scale 1.
   */
  throttle?: ThrottleOptions;
  /** How long a change takes to show in Resource Graph's answers, in ms; default 0 (at once). */
  resourceGraphLagMs?: number;
  /** TLS material to use instead of generating it (or, with `stateFile`, keeping it beside the state). */
  tls?: TlsMaterial;
  /** Where to write the CA certificate (PEM) for clients to trust. */
  caFile?: string;
  /** The emulator's time; default the system clock. */
  clock?: Clock;
  /** A fixed Retry-After (seconds) on running operations; default the whole seconds left (0 under a second). */
  retryAfterSeconds?: number;
  /** Randomness for probabilistic faults; default Math.random. */
  random?: () => number;
  /** Largest accepted request body; default 1 MiB (larger answers 413). */
  bodyLimitBytes?: number;
  /** How often each data connection receives a batch of data, in ms; default 5000 (docs/emulator.md, "Ingestion"). */
  ingestionIntervalMs?: number;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  endpoint: string;
  /** The CA certificate (PEM) to trust: `tlsOptions: { ca }`. */
  ca: string;
  caFile: string | undefined;
  port: number;
  control: EmulatorControl;
  stop(): Promise<void>;
}


export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const seedOption = options.seed ?? DEFAULT_SEED_FILE;
  const seed = typeof seedOption === 'string' ? readSeedFile(seedOption) : checkSeed(seedOption);
  const core = new EmulatorCore({
    seed,
    stateFile: options.stateFile,
    operationDurationMs: options.operationDurationMs ?? DEFAULT_OPERATION_DURATION_MS,
    throttle: options.throttle ?? {},
    clock: options.clock ?? systemClock,
    retryAfterSeconds: options.retryAfterSeconds,
    random: options.random ?? Math.random,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    resourceGraphLagMs: options.resourceGraphLagMs ?? 0,
    ...(options.ingestionIntervalMs !== undefined ? { ingestionIntervalMs: options.ingestionIntervalMs } : {}),
  });
  const control = createControl(core);
  // With a state file, the TLS material is kept beside it: a restart serves the same CA.
  const tls = options.tls ?? (options.stateFile !== undefined ? await keptTls(options.stateFile, host) : await tlsFor(host));
  const server = createServer({ cert: tls.cert, key: tls.key }, createRequestHandler(core, control));
  answerUnparsableRequests(server);
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  try {
    if (options.caFile !== undefined) writeFileSafely(options.caFile, tls.ca);
  } catch (err) {
    // A listening server the caller never receives would keep the process alive for ever.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `https://${urlHost}:${port}`,
    ca: tls.ca,
    caFile: options.caFile,
    port,
    control,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => {
          core.persist();
          if (err === undefined) resolve();
          else reject(err);
        });
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
