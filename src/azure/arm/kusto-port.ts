/**
 * The AzurePort over the real @azure/arm-kusto client. One client per subscription, its requests
 * paced to ARM's budgets (per subscription and principal), which alone decide how many go at once
 * unless --concurrency caps them; the lists and status reads take their read ahead, outside the
 * request's timeout, as the applier does its writes (so a request waits for the budget before
 * it is sent, never inside it). All clients share one pool of connections; every request is
 * retried by the one retry policy in the SDK pipeline (retry-policy.ts).
 */
import { KustoManagementClient } from '@azure/arm-kusto';
import { type PipelineResponse, RestError, createHttpHeaders, createPipelineRequest } from '../pipeline/rest-pipeline.js';
import type { TokenCredential } from '@azure/identity';
import type { ConnectionAddress, DatabaseAddress } from '../../core/address.js';
import { AzureFailure, type AzurePort, type InventoryPort, type WriteOptions } from '../../core/ports/azure-port.js';
import { keyedLimiter } from '../../core/concurrency.js';
import { printable } from '../../core/printable.js';
import type { ConnectionBody, LiveConnection, PropertyValue } from '../../core/model.js';
import { type ArmScope, scopeSubscription } from '../../core/scope.js';
import { CLOUDS } from '../clouds.js';
import { liveFromSdk, sdkFromBody, sdkPath, toPropertyValue } from './convert.js';
import { createCredential } from '../identity/credentials.js';
import { addDebugLog } from '../pipeline/debug-log-policy.js';
import { toAzureFailure } from './failures.js';
import { listDatabasesUnder } from './inventory.js';
import { connectionPool, connectionPoolPolicy } from '../pipeline/connection-pool.js';
import { pacingPolicy } from '../pipeline/pacing-policy.js';
import { type Answer, followOperation, pollTargetOf } from './operation-poll.js';
import { RateLimiter, SYSTEM_CLOCK, scaledBudgets } from '../pipeline/rate-limit.js';
import { type RetryPolicyOptions, replaceRetryPolicy, retryPolicyFor } from '../pipeline/retry-policy.js';
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
  const properties: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(props)) {
    const v = toPropertyValue(value);
    if (v !== undefined) properties[key] = v;
  }
  return {
    address,
    id: typeof b['id'] === 'string' ? b['id'] : '',
    kind: (typeof b['kind'] === 'string' ? b['kind'] : '') as LiveConnection['kind'],
    location: typeof b['location'] === 'string' ? b['location'] : '',
    properties,
  };
}

/** The first wait before reading a write's operation when the service gives no Retry-After. */
export const FIRST_POLL_MS = 100;

/** What the port's requests share: settings, hooks, the clients per subscription, their limits and pacing. */
interface PortContext {
  readonly settings: AzureSettings;
  readonly hooks: KustoPortHooks;
  readonly cred: TokenCredential;
  readonly endpoint: string;
  readonly clients: Map<string, KustoManagementClient>;
  readonly limiterFor: ReturnType<typeof keyedLimiter>;
  readonly pacing: RateLimiter;
  readonly pool: ReturnType<typeof connectionPool>;
  readonly retryPolicy: ReturnType<typeof retryPolicyFor>;
}

export function createKustoPort(settings: AzureSettings, hooks: KustoPortHooks = {}, credential?: TokenCredential): KustoPort {
  const ctx: PortContext = {
    settings,
    hooks,
    cred: credential ?? createCredential(settings.credential, settings.cloud),
    endpoint: settings.endpoint ?? CLOUDS[settings.cloud].arm,
    clients: new Map<string, KustoManagementClient>(),
    limiterFor: keyedLimiter(settings.perSubscriptionConcurrency),
    pacing: new RateLimiter(scaledBudgets(settings.armRateFactor)),
    pool: connectionPool(settings.ca),
    retryPolicy: retryPolicyFor(settings, hooks),
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

/** The subscription's client, made on first use. */
function client(ctx: PortContext, subscriptionId: string): KustoManagementClient {
  const { settings } = ctx;
  let c = ctx.clients.get(subscriptionId);
  if (!c) {
    c = new KustoManagementClient(ctx.cred, subscriptionId, {
      endpoint: ctx.endpoint,
      userAgentOptions: { userAgentPrefix: 'kustodian' },
      ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
      ...(settings.apiVersion !== undefined ? { apiVersion: settings.apiVersion } : {}),
    });
    replaceRetryPolicy(c.pipeline, ctx.retryPolicy);
    c.pipeline.addPolicy(pacingPolicy(ctx.pacing, subscriptionId), { afterPhase: 'Retry' });
    c.pipeline.addPolicy(connectionPoolPolicy(ctx.pool), { afterPhase: 'Retry' });
    addDebugLog(c.pipeline, ctx.hooks.debugLog);
    ctx.clients.set(subscriptionId, c);
  }
  return c;
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

function connectionUrl(ctx: PortContext, address: ConnectionAddress): string {
  const segments = [
    'subscriptions', address.subscriptionId, 'resourceGroups', address.resourceGroup, 'providers', 'Microsoft.Kusto',
    'clusters', address.cluster, 'databases', address.database, 'dataConnections', address.name,
  ];
  const path = segments.map((s, i) => (i % 2 === 1 ? encodeURIComponent(s) : s)).join('/');
  return `${ctx.endpoint.replace(/\/+$/, '')}/${path}?api-version=${encodeURIComponent(client(ctx, address.subscriptionId).apiVersion)}`;
}

/**
 * One request through the subscription's client (its pipeline: credential, the one retry
 * policy, pacing). An answer other than 2xx is thrown as the SDK would throw it.
 */
async function send(ctx: PortContext, subscriptionId: string, method: 'GET' | 'PUT' | 'DELETE', url: string, signal: AbortSignal, body?: unknown): Promise<Answer> {
  const request = createPipelineRequest({
    url,
    method,
    abortSignal: signal,
    headers: createHttpHeaders({ accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const response = await ctx.pool.slots.run(() => client(ctx, subscriptionId).sendRequest(request));
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
  return ctx.limiterFor(subscriptionId).run(() => failing(() => listDatabasesUnder(client(ctx, subscriptionId), scope, signal)));
}

function listConnections(ctx: PortContext, database: DatabaseAddress, signal?: AbortSignal): Promise<LiveConnection[]> {
  return ctx.limiterFor(database.subscriptionId).run(() =>
    failing(async () => {
      await readAhead(ctx, database.subscriptionId, signal);
      return ctx.pool.slots.run(async () => {
        const out: LiveConnection[] = [];
        const pages = client(ctx, database.subscriptionId).dataConnections.listByDatabase(...sdkPath(database), {
          ...(signal ? { abortSignal: signal } : {}),
        });
        for await (const dc of pages) out.push(liveFromSdk(database, dc));
        return out;
      });
    }),
  );
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
      const result = await client(ctx, address.subscriptionId).dataConnections.beginDataConnectionValidationAndWait(
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
