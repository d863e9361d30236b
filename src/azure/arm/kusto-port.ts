/**
 * The AzurePort over ARM through the Azure SDK's pipeline (clients.ts): the data connections
 * with requests of its own (ARM's JSON in and out), the inventory walk and the service's
 * validation through @azure/arm-kusto. Requests paced to ARM's budgets (per subscription and
 * principal), which alone decide how many go at once unless --concurrency caps them; the lists
 * and status reads take their read ahead, outside the request's timeout, as the applier does its
 * writes. All clients share one pool of connections; every request is retried by the one retry
 * policy in the SDK pipeline (retry-policy.ts).
 */
import { type PipelineResponse, RestError, createHttpHeaders, createPipelineRequest } from '../pipeline/rest-pipeline.js';
import type { TokenCredential } from '@azure/identity';
import type { ConnectionAddress, DatabaseAddress } from '../../core/address.js';
import { AzureFailure, type AzurePort, type InventoryPort, type WriteOptions } from '../../core/ports/azure-port.js';
import { keyedLimiter } from '../../core/concurrency.js';
import { printable } from '../../core/printable.js';
import type { ConnectionBody, LiveConnection, PropertyValue } from '../../core/model.js';
import { type ArmScope, scopeSubscription } from '../../core/scope.js';
import { CLOUDS } from '../clouds.js';
import { propertyFromWire, sdkFromBody, sdkPath } from './convert.js';
import { SubscriptionClients } from './clients.js';
import { createCredential } from '../identity/credentials.js';
import { toAzureFailure } from './failures.js';
import { listDatabasesUnder } from './inventory.js';
import { type ConnectionPool, connectionPool, connectionPoolPolicy } from '../pipeline/connection-pool.js';
import { type Answer, followOperation, pollTargetOf } from './operation-poll.js';
import { type RateLimiter, SYSTEM_CLOCK } from '../pipeline/rate-limit.js';
import { armPacing, setUpArmPipeline } from '../pipeline/arm-pipeline.js';
import { type RetryPolicyOptions, retryPolicyFor } from '../pipeline/retry-policy.js';
import type { AzureSettings } from '../settings.js';

/**
 * For logs, each retry wait long enough to notice; the endpoint's health, shared by its clients;
 * and, with --debug, a line per request and answer (debug-log-policy.ts).
 */
export type KustoPortHooks = Pick<RetryPolicyOptions, 'onRetry' | 'health'> & { readonly debugLog?: (line: string) => void };

/** The data connections, and the databases above them, through one set of clients. */
export type KustoPort = AzurePort & InventoryPort;

/** A connection as the service answers it (ARM's wire form), in the domain's terms. */
function liveFromWire(address: ConnectionAddress, body: unknown): LiveConnection {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const props = typeof b['properties'] === 'object' && b['properties'] !== null ? (b['properties'] as Record<string, unknown>) : {};
  const kind = typeof b['kind'] === 'string' ? b['kind'] : '';
  const properties: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(props)) {
    const v = propertyFromWire(kind, key, value);
    if (v !== undefined) properties[key] = v;
  }
  return {
    address,
    id: typeof b['id'] === 'string' ? b['id'] : '',
    kind: kind as LiveConnection['kind'],
    location: typeof b['location'] === 'string' ? b['location'] : '',
    properties,
  };
}

/** The first wait before reading a write's operation when the service gives no Retry-After. */
export const FIRST_POLL_MS = 100;

/** What the port's requests share: settings, the clients per subscription, their limits and pacing. */
interface PortContext {
  readonly settings: AzureSettings;
  readonly endpoint: string;
  readonly clients: SubscriptionClients;
  readonly limiterFor: ReturnType<typeof keyedLimiter>;
  readonly pacing: RateLimiter;
  readonly pool: ConnectionPool;
}

/**
 * `pacing`: the subscriptions' ARM budgets, shared with the other ARM clients of the run (the
 * prerequisite checks' reads spend the same budget); one of its own when not given.
 */
export function createKustoPort(settings: AzureSettings, hooks: KustoPortHooks = {}, credential?: TokenCredential, pacing?: RateLimiter): KustoPort {
  const endpoint = settings.endpoint ?? CLOUDS[settings.cloud].arm;
  const paced = pacing ?? armPacing(settings);
  const retryPolicy = retryPolicyFor(settings, hooks);
  const pool = connectionPool(settings.ca);
  const ctx: PortContext = {
    settings,
    endpoint,
    clients: new SubscriptionClients({
      settings,
      credential: credential ?? createCredential(settings.credential, settings.cloud),
      endpoint,
      configure: (pipeline, subscriptionId) => {
        setUpArmPipeline(pipeline, { retryPolicy, pacing: paced, subscriptionId, ...(hooks.debugLog ? { debugLog: hooks.debugLog } : {}) });
        pipeline.addPolicy(connectionPoolPolicy(pool), { afterPhase: 'Retry' });
      },
    }),
    limiterFor: keyedLimiter(settings.perSubscriptionConcurrency),
    pacing: paced,
    pool,
  };
  return {
    listDatabases: (scope: ArmScope, signal?: AbortSignal): Promise<DatabaseAddress[]> => listDatabases(ctx, scope, signal),
    listConnections: (database: DatabaseAddress, signal?: AbortSignal): Promise<LiveConnection[]> => listConnections(ctx, database, signal),
    admit: (address: ConnectionAddress, write: 'put' | 'delete', signal?: AbortSignal): Promise<void> =>
      ctx.pacing.reserve(address.subscriptionId, write === 'put' ? 'writes' : 'deletes', signal),
    putConnection: (address: ConnectionAddress, body: ConnectionBody, options: WriteOptions = {}): Promise<LiveConnection> =>
      putConnection(ctx, address, body, options),
    deleteConnection: (address: ConnectionAddress, options: WriteOptions = {}): Promise<void> => deleteConnection(ctx, address, options),
    validateConnection: (address: ConnectionAddress, body: ConnectionBody, signal?: AbortSignal): Promise<string[]> =>
      validateConnection(ctx, address, body, signal),
  };
}

/** The call's failure as an AzureFailure. */
async function failing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toAzureFailure(e);
  }
}

/** The caller's signal, ended also by the per-operation timeout. */
function operationSignal(ctx: PortContext, signal: AbortSignal | undefined): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(ctx.settings.operationTimeoutMs);
  return {
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    timedOut: () => timeout.aborted,
  };
}

function timeoutAware<T>(ctx: PortContext, run: Promise<T>, timedOut: () => boolean): Promise<T> {
  return run.catch((e: unknown) => {
    if (timedOut()) {
      throw new AzureFailure('timeout', `the operation did not finish within ${Math.round(ctx.settings.operationTimeoutMs / 1000)} s; it may still be running on the service`);
    }
    throw e;
  });
}

/** The ARM URL of a path of name/value segments under the endpoint, with the api-version the clients call. */
function armUrl(ctx: PortContext, segments: readonly string[]): string {
  const path = segments.map((s, i) => (i % 2 === 1 ? encodeURIComponent(s) : s)).join('/');
  return `${ctx.endpoint.replace(/\/+$/, '')}/${path}?api-version=${encodeURIComponent(ctx.clients.apiVersion)}`;
}

function databaseSegments(database: DatabaseAddress): string[] {
  return [
    'subscriptions', database.subscriptionId, 'resourceGroups', database.resourceGroup, 'providers', 'Microsoft.Kusto',
    'clusters', database.cluster, 'databases', database.database,
  ];
}

function connectionUrl(ctx: PortContext, address: ConnectionAddress): string {
  return armUrl(ctx, [...databaseSegments(address), 'dataConnections', address.name]);
}

/**
 * One request through the subscription's client (its pipeline: credential, the one retry
 * policy, pacing). An answer other than 2xx is thrown as the SDK would throw it.
 */
async function send(ctx: PortContext, subscriptionId: string, method: 'GET' | 'PUT' | 'DELETE', url: string, signal: AbortSignal | undefined, body?: unknown): Promise<Answer> {
  const request = createPipelineRequest({
    url,
    method,
    ...(signal ? { abortSignal: signal } : {}),
    headers: createHttpHeaders({ accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const response = await ctx.pool.slots.run(() => ctx.clients.plain(subscriptionId).sendRequest(request));
  const parsed = parseBody(response);
  if (response.status < 200 || response.status >= 300) throw restErrorOf(response, parsed);
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Waits until the subscription's read budget lets one more read go, and takes it (the next read spends it). */
function readAhead(ctx: PortContext, subscriptionId: string, signal: AbortSignal | undefined): Promise<void> {
  return ctx.pacing.reserve(subscriptionId, 'reads', signal);
}

/** A read of an operation's status: its budget taken first, then sent. */
async function statusRead(ctx: PortContext, subscriptionId: string, url: string, signal: AbortSignal): Promise<Answer> {
  await readAhead(ctx, subscriptionId, signal);
  return send(ctx, subscriptionId, 'GET', url, signal);
}

function follow(ctx: PortContext, signal: AbortSignal): Parameters<typeof followOperation>[3] {
  return { schedule: { firstMs: FIRST_POLL_MS, maxMs: ctx.settings.pollIntervalMs }, sleep: SYSTEM_CLOCK.sleep, signal };
}

function listDatabases(ctx: PortContext, scope: ArmScope, signal?: AbortSignal): Promise<DatabaseAddress[]> {
  if (scope.level === 'database') return Promise.resolve([scope.database]);
  const subscriptionId = scopeSubscription(scope);
  return ctx.limiterFor(subscriptionId).run(() => failing(() => listDatabasesUnder(ctx.clients.kusto(subscriptionId), scope, signal)));
}

/**
 * One GET of the database's connections (ARM does not page this list), read from ARM's JSON as
 * a PUT's answer is: no SDK model in between.
 */
function listConnections(ctx: PortContext, database: DatabaseAddress, signal?: AbortSignal): Promise<LiveConnection[]> {
  return ctx.limiterFor(database.subscriptionId).run(() =>
    failing(async () => {
      await readAhead(ctx, database.subscriptionId, signal);
      const url = armUrl(ctx, [...databaseSegments(database), 'dataConnections']);
      const { body } = await send(ctx, database.subscriptionId, 'GET', url, signal);
      const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
      // Read as "no connections", a malformed answer would plan creates (and, pruned, deletes).
      if (!Array.isArray(value)) throw new AzureFailure('unknown', `the service answered the list of data connections without a value array: ${printable(url)}`);
      return value.map((item) => liveFromWire({ ...database, name: connectionName(item) }, item));
    }),
  );
}

/** A listed connection's own name: the last segment of `cluster/database/name` (or of its ID). */
function connectionName(item: unknown): string {
  const b = typeof item === 'object' && item !== null ? (item as { name?: unknown; id?: unknown }) : {};
  const text = typeof b.name === 'string' ? b.name : typeof b.id === 'string' ? b.id : '';
  return text.split('/').pop() ?? text;
}

function putConnection(ctx: PortContext, address: ConnectionAddress, body: ConnectionBody, options: WriteOptions): Promise<LiveConnection> {
  const op = operationSignal(ctx, options.signal);
  const url = connectionUrl(ctx, address);
  const run = failing(async () => {
    const wire = { kind: body.kind, location: body.location, properties: body.properties };
    const first = await ctx.limiterFor(address.subscriptionId).run(() => send(ctx, address.subscriptionId, 'PUT', url, op.signal, wire));
    options.onAccepted?.();
    const target = pollTargetOf(first, url);
    if (target !== undefined) await followOperation(target, first, (u) => statusRead(ctx, address.subscriptionId, u, op.signal), follow(ctx, op.signal));
    // The PUT's own answer says what was created; only when it carried no body is it read.
    const written = typeof first.body === 'object' && first.body !== null ? first.body : (await send(ctx, address.subscriptionId, 'GET', url, op.signal)).body;
    const live = liveFromWire(address, written);
    return { ...live, properties: { ...live.properties, provisioningState: 'Succeeded' } };
  });
  return timeoutAware(ctx, run, op.timedOut);
}

function deleteConnection(ctx: PortContext, address: ConnectionAddress, options: WriteOptions): Promise<void> {
  const op = operationSignal(ctx, options.signal);
  const url = connectionUrl(ctx, address);
  const run = failing(async () => {
    try {
      const first = await ctx.limiterFor(address.subscriptionId).run(() => send(ctx, address.subscriptionId, 'DELETE', url, op.signal));
      options.onAccepted?.();
      const target = first.status === 204 ? undefined : pollTargetOf(first, url);
      if (target !== undefined) await followOperation(target, first, (u) => statusRead(ctx, address.subscriptionId, u, op.signal), follow(ctx, op.signal));
    } catch (e) {
      // Already gone (deleted by someone else meanwhile): the goal is reached.
      if (toAzureFailure(e).kind === 'not-found') return;
      throw e;
    }
  });
  return timeoutAware(ctx, run, op.timedOut);
}

function validateConnection(ctx: PortContext, address: ConnectionAddress, body: ConnectionBody, signal?: AbortSignal): Promise<string[]> {
  return ctx.limiterFor(address.subscriptionId).run(() =>
    failing(async () => {
      const result = await ctx.clients.kusto(address.subscriptionId).dataConnections.beginDataConnectionValidationAndWait(
        ...sdkPath(address),
        { dataConnectionName: address.name, properties: sdkFromBody(body) },
        { updateIntervalInMs: ctx.settings.pollIntervalMs, ...(signal ? { abortSignal: signal } : {}) },
      );
      return (result.value ?? []).map((v) => printable(v.errorMessage ?? '')).filter((m) => m !== '');
    }),
  );
}

function parseBody(response: PipelineResponse): unknown {
  const text = response.bodyAsText;
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A refused request as the SDK's deserializer throws it: ARM's error code and message. */
function restErrorOf(response: PipelineResponse, body: unknown): RestError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const e = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : `the service answered ${response.status}`;
  return new RestError(message, { statusCode: response.status, request: response.request, response, ...(code !== undefined ? { code } : {}) });
}
