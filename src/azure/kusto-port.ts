/**
 * The AzurePort over the real @azure/arm-kusto client. One client per subscription, requests
 * bounded per subscription (ARM throttles per subscription and principal), SDK retries raised
 * for long throttling spells, and the retries the SDK does not do layered on top.
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
import { toAzureFailure } from './failures.js';
import { listDatabasesUnder } from './inventory.js';
import { pacingPolicy } from './pacing-policy.js';
import { RateLimiter, scaledBudgets } from './rate-limit.js';
import { READ_RETRY, WRITE_RETRY, withRetry, type RetryPolicy } from './retry.js';
import type { AzureSettings } from './settings.js';

export interface KustoPortHooks {
  /** Called before each retry the port makes (not the SDK's own), for logs. */
  readonly onRetry?: (what: string, failure: AzureFailure, delayMs: number) => void;
}

/** The data connections, and the databases above them, through one set of clients. */
export type KustoPort = AzurePort & InventoryPort;

export function createKustoPort(settings: AzureSettings, hooks: KustoPortHooks = {}, credential?: TokenCredential): KustoPort {
  const cred = credential ?? createCredential(settings.credential, settings.cloud);
  const endpoint = settings.endpoint ?? CLOUDS[settings.cloud].arm;
  const clients = new Map<string, KustoManagementClient>();
  const limiterFor = keyedLimiter(settings.perSubscriptionConcurrency);
  const pacing = new RateLimiter(scaledBudgets(settings.armRateFactor));

  function client(subscriptionId: string): KustoManagementClient {
    let c = clients.get(subscriptionId);
    if (!c) {
      c = new KustoManagementClient(cred, subscriptionId, {
        endpoint,
        retryOptions: { maxRetries: settings.maxRetries, maxRetryDelayInMs: settings.maxRetryDelayMs },
        userAgentOptions: { userAgentPrefix: 'kustodian' },
        ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
        ...(settings.apiVersion !== undefined ? { apiVersion: settings.apiVersion } : {}),
      });
      c.pipeline.addPolicy(pacingPolicy(pacing, subscriptionId), { afterPhase: 'Retry' });
      clients.set(subscriptionId, c);
    }
    return c;
  }

  function retrying<T>(what: string, policy: RetryPolicy, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, toAzureFailure, policy, signal, (f, delay) => hooks.onRetry?.(what, f, delay));
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
      return limiterFor(subscriptionId).run(() =>
        retrying('inventory', READ_RETRY, signal, () => listDatabasesUnder(client(subscriptionId), scope, signal)),
      );
    },

    listConnections(database: DatabaseAddress, signal?: AbortSignal): Promise<LiveConnection[]> {
      return limiterFor(database.subscriptionId).run(() =>
        retrying('list', READ_RETRY, signal, async () => {
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
      const run = retrying('write', WRITE_RETRY, op.signal, async () => {
        const poller = await limiterFor(address.subscriptionId).run(() =>
          client(address.subscriptionId).dataConnections.beginCreateOrUpdate(...sdkPath(address), address.name, sdkFromBody(body), {
            updateIntervalInMs: settings.pollIntervalMs,
            abortSignal: op.signal,
          }),
        );
        options.onAccepted?.();
        const result: DataConnectionUnion = await poller.pollUntilDone({ abortSignal: op.signal });
        return liveFromSdk(address, result);
      });
      return timeoutAware(run, op.timedOut);
    },

    deleteConnection(address: ConnectionAddress, options: WriteOptions = {}): Promise<void> {
      const op = operationSignal(options.signal);
      const run = retrying('delete', WRITE_RETRY, op.signal, async () => {
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
          // Already gone (deleted by an earlier attempt, or by someone else): the goal is reached.
          if (toAzureFailure(e).kind === 'not-found') return;
          throw e;
        }
      });
      return timeoutAware(run, op.timedOut);
    },

    validateConnection(address: ConnectionAddress, body: ConnectionBody, signal?: AbortSignal): Promise<string[]> {
      return limiterFor(address.subscriptionId).run(() =>
        retrying('validate', READ_RETRY, signal, async () => {
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
