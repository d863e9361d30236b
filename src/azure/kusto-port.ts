/**
 * The AzurePort over the real @azure/arm-kusto client. One client per subscription, requests
 * bounded per subscription (ARM throttles per subscription and principal) and paced to ARM's
 * budgets; every request retried by the one retry policy in the SDK pipeline (retry-policy.ts).
 */
import { KustoManagementClient, type DataConnectionUnion } from '@azure/arm-kusto';
import type { TokenCredential } from '@azure/identity';
import type { ConnectionAddress, DatabaseAddress } from '../core/address.js';
import { AzureFailure, type AzurePort, type InventoryPort, type WriteOptions } from '../core/azure-port.js';
import { keyedLimiter } from '../core/concurrency.js';
import { printable } from '../core/printable.js';
import type { ConnectionBody, LiveConnection } from '../core/model.js';
import { type ArmScope, scopeSubscription } from '../core/scope.js';
import { CLOUDS } from './clouds.js';
import { liveFromSdk, sdkFromBody, sdkPath } from './convert.js';
import { createCredential } from './credentials.js';
import { addDebugLog } from './debug-log-policy.js';
import { toAzureFailure } from './failures.js';
import { listDatabasesUnder } from './inventory.js';
import { pacingPolicy } from './pacing-policy.js';
import { RateLimiter, scaledBudgets } from './rate-limit.js';
import { type RetryPolicyOptions, replaceRetryPolicy, retryPolicyFor } from './retry-policy.js';
import type { AzureSettings } from './settings.js';

/**
 * For logs, each retry wait long enough to notice; the endpoint's health, shared by its clients;
 * and, with --debug, a line per request and answer (debug-log-policy.ts).
 */
export type KustoPortHooks = Pick<RetryPolicyOptions, 'onRetry' | 'health'> & { readonly debugLog?: (line: string) => void };

/** The data connections, and the databases above them, through one set of clients. */
export type KustoPort = AzurePort & InventoryPort;

/** An answer as the SDK's `onResponse` hands it over (the fields read here). */
interface RawAnswer {
  readonly request: { readonly method: string; readonly url: string };
  readonly status: number;
  readonly parsedBody?: unknown;
}

/**
 * What the service answered to a write and its polls: the PUT's own answer, and whether the
 * operation's status said it succeeded.
 */
function answersSeen(): { onResponse: (raw: RawAnswer, flat: unknown) => void; written(): DataConnectionUnion | undefined; succeeded(): boolean } {
  let written: DataConnectionUnion | undefined;
  let succeeded = false;
  return {
    onResponse(raw, flat) {
      if (raw.request.method === 'PUT' && raw.status >= 200 && raw.status < 300 && typeof flat === 'object' && flat !== null) {
        written = { ...flat, provisioningState: 'Succeeded' } as DataConnectionUnion;
      }
      const body: unknown = raw.parsedBody;
      if (/\/operationresults\//i.test(raw.request.url) && typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'Succeeded') {
        succeeded = true;
      }
    },
    written: () => written,
    succeeded: () => succeeded,
  };
}

export function createKustoPort(settings: AzureSettings, hooks: KustoPortHooks = {}, credential?: TokenCredential): KustoPort {
  const cred = credential ?? createCredential(settings.credential, settings.cloud);
  const endpoint = settings.endpoint ?? CLOUDS[settings.cloud].arm;
  const clients = new Map<string, KustoManagementClient>();
  const limiterFor = keyedLimiter(settings.perSubscriptionConcurrency);
  const pacing = new RateLimiter(scaledBudgets(settings.armRateFactor));
  const retryPolicy = retryPolicyFor(settings, hooks);

  function client(subscriptionId: string): KustoManagementClient {
    let c = clients.get(subscriptionId);
    if (!c) {
      c = new KustoManagementClient(cred, subscriptionId, {
        endpoint,
        userAgentOptions: { userAgentPrefix: 'kustodian' },
        ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
        ...(settings.apiVersion !== undefined ? { apiVersion: settings.apiVersion } : {}),
      });
      replaceRetryPolicy(c.pipeline, retryPolicy);
      c.pipeline.addPolicy(pacingPolicy(pacing, subscriptionId), { afterPhase: 'Retry' });
      addDebugLog(c.pipeline, hooks.debugLog);
      clients.set(subscriptionId, c);
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
  function operationSignal(signal: AbortSignal | undefined): { signal: AbortSignal; timedOut: () => boolean } {
    const timeout = AbortSignal.timeout(settings.operationTimeoutMs);
    return {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      timedOut: () => timeout.aborted,
    };
  }

  function timeoutAware<T>(run: Promise<T>, timedOut: () => boolean): Promise<T> {
    return run.catch((e: unknown) => {
      if (timedOut()) {
        throw new AzureFailure('timeout', `the operation did not finish within ${Math.round(settings.operationTimeoutMs / 1000)} s; it may still be running on the service`);
      }
      throw e;
    });
  }

  return {
    listDatabases(scope: ArmScope, signal?: AbortSignal): Promise<DatabaseAddress[]> {
      if (scope.level === 'database') return Promise.resolve([scope.database]);
      const subscriptionId = scopeSubscription(scope);
      return limiterFor(subscriptionId).run(() => failing(() => listDatabasesUnder(client(subscriptionId), scope, signal)));
    },

    listConnections(database: DatabaseAddress, signal?: AbortSignal): Promise<LiveConnection[]> {
      return limiterFor(database.subscriptionId).run(() =>
        failing(async () => {
          const out: LiveConnection[] = [];
          const pages = client(database.subscriptionId).dataConnections.listByDatabase(...sdkPath(database), {
            ...(signal ? { abortSignal: signal } : {}),
          });
          for await (const dc of pages) out.push(liveFromSdk(database, dc));
          return out;
        }),
      );
    },

    putConnection(address: ConnectionAddress, body: ConnectionBody, options: WriteOptions = {}): Promise<LiveConnection> {
      const op = operationSignal(options.signal);
      const seen = answersSeen();
      const run = failing(async () => {
        try {
          const poller = await limiterFor(address.subscriptionId).run(() =>
            client(address.subscriptionId).dataConnections.beginCreateOrUpdate(...sdkPath(address), address.name, sdkFromBody(body), {
              updateIntervalInMs: settings.pollIntervalMs,
              abortSignal: op.signal,
              onResponse: seen.onResponse,
            }),
          );
          options.onAccepted?.();
          const result: DataConnectionUnion = await poller.pollUntilDone({ abortSignal: op.signal });
          return liveFromSdk(address, result);
        } catch (e) {
          // The write was accepted and its operation succeeded, but the connection was gone by
          // the final read: another run deleted it since. What was asked of this call did happen.
          const written = seen.written();
          if (written !== undefined && seen.succeeded() && toAzureFailure(e).kind === 'not-found') return liveFromSdk(address, written);
          throw e;
        }
      });
      return timeoutAware(run, op.timedOut);
    },

    deleteConnection(address: ConnectionAddress, options: WriteOptions = {}): Promise<void> {
      const op = operationSignal(options.signal);
      const run = failing(async () => {
        try {
          const poller = await limiterFor(address.subscriptionId).run(() =>
            client(address.subscriptionId).dataConnections.beginDelete(...sdkPath(address), address.name, {
              updateIntervalInMs: settings.pollIntervalMs,
              abortSignal: op.signal,
            }),
          );
          options.onAccepted?.();
          await poller.pollUntilDone({ abortSignal: op.signal });
        } catch (e) {
          // Already gone (deleted by someone else meanwhile): the goal is reached.
          if (toAzureFailure(e).kind === 'not-found') return;
          throw e;
        }
      });
      return timeoutAware(run, op.timedOut);
    },

    validateConnection(address: ConnectionAddress, body: ConnectionBody, signal?: AbortSignal): Promise<string[]> {
      return limiterFor(address.subscriptionId).run(() =>
        failing(async () => {
          const result = await client(address.subscriptionId).dataConnections.beginDataConnectionValidationAndWait(
            ...sdkPath(address),
            { dataConnectionName: address.name, properties: sdkFromBody(body) },
            { updateIntervalInMs: settings.pollIntervalMs, ...(signal ? { abortSignal: signal } : {}) },
          );
          return (result.value ?? []).map((v) => printable(v.errorMessage ?? '')).filter((m) => m !== '');
        }),
      );
    },
  };
}
