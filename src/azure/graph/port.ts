/**
 * The GraphPort over the real @azure/arm-resourcegraph client: one query per batch of
 * subscriptions (graph-query.ts), paged with skip tokens at Resource Graph's largest page,
 * paced to the user's quota by its headers, each page request retried on its own by the one
 * retry policy (throttling included) so a long read resumes where it stopped.
 */
import type { TokenCredential } from '@azure/identity';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { connectionKey, databaseOf } from '../../core/address.js';
import { AzureFailure, type GraphPort } from '../../core/ports/azure-port.js';
import type { LiveConnection } from '../../core/model.js';
import { type ArmScope, scopeMatcher } from '../../core/scope.js';
import { CLOUDS } from '../clouds.js';
import { createCredential } from '../identity/credentials.js';
import { addDebugLog } from '../pipeline/debug-log-policy.js';
import { toAzureFailure } from '../arm/failures.js';
import { graphPacingPolicy } from './pacing-policy.js';
import { GRAPH_API_VERSION, type GraphRequest, connectionQueries } from './query.js';
import { GraphQuota } from './quota.js';
import { liveFromGraphRow, rowsOf } from './rows.js';
import type { KustoPortHooks } from '../arm/kusto-port.js';
import { type Clock, SYSTEM_CLOCK } from '../pipeline/rate-limit.js';
import { replaceRetryPolicy, retryPolicyFor } from '../pipeline/retry-policy.js';
import type { AzureSettings } from '../settings.js';

/** Resource Graph's largest page. */
export const GRAPH_PAGE_SIZE = 1000;

export interface GraphPortOptions {
  /** Rows per page (tests use small pages to see paging); default and most: 1000. */
  readonly pageSize?: number;
  /** The pacer's clock. */
  readonly clock?: Clock;
}

export function createGraphPort(settings: AzureSettings, hooks: KustoPortHooks = {}, credential?: TokenCredential, options: GraphPortOptions = {}): GraphPort {
  const client = new ResourceGraphClient(credential ?? createCredential(settings.credential, settings.cloud), {
    endpoint: settings.endpoint ?? CLOUDS[settings.cloud].arm,
    apiVersion: GRAPH_API_VERSION,
    userAgentOptions: { userAgentPrefix: 'kustodian' },
    ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
  });
  replaceRetryPolicy(client.pipeline, retryPolicyFor(settings, hooks));
  client.pipeline.addPolicy(graphPacingPolicy(new GraphQuota(options.clock ?? SYSTEM_CLOCK)), { afterPhase: 'Retry' });
  addDebugLog(client.pipeline, hooks.debugLog);
  const top = options.pageSize ?? GRAPH_PAGE_SIZE;

  /** Every row of one request, page after page. */
  async function* rowsFor(request: GraphRequest, signal?: AbortSignal): AsyncGenerator<unknown> {
    const tokens = new Set<string>();
    let skipToken: string | undefined;
    do {
      const token = skipToken;
      let page;
      try {
        page = await client.resources(
          { subscriptions: [...request.subscriptions], query: request.query, options: { top, resultFormat: 'objectArray', ...(token !== undefined ? { skipToken: token } : {}) } },
          signal ? { abortSignal: signal } : {},
        );
      } catch (e) {
        throw toAzureFailure(e);
      }
      yield* rowsOf(page.data);
      skipToken = page.skipToken;
      if (skipToken === undefined && page.resultTruncated === 'true') {
        throw new AzureFailure('unknown', 'Resource Graph truncated its answer without a skip token to read the rest with');
      }
      if (skipToken !== undefined && tokens.has(skipToken)) {
        throw new AzureFailure('unknown', 'Resource Graph answered a skip token it had already answered: paging would never end');
      }
      if (skipToken !== undefined) tokens.add(skipToken);
    } while (skipToken !== undefined);
  }

  return {
    async listConnectionsUnder(scopes: readonly ArmScope[], signal?: AbortSignal): Promise<LiveConnection[]> {
      const found = new Map<string, LiveConnection>();
      const wanted = scopeMatcher(scopes);
      for (const request of connectionQueries(scopes)) {
        for await (const row of rowsFor(request, signal)) {
          const live = liveFromGraphRow(row);
          // A query narrowed by cluster, or not at all, answers more than the scopes hold.
          if (wanted(databaseOf(live.address))) found.set(connectionKey(live.address), live);
        }
      }
      return [...found.values()];
    },
  };
}
