/**
 * The Kusto data plane, read-only: management commands (`.show ...`) POSTed to
 * `{clusterUri}/v1/rest/mgmt` with a bearer token for the cluster's audience (`{clusterUri}/.default`),
 * answered in the v1 REST format `{ "Tables": [ { "TableName", "Columns": [{ "ColumnName", ... }], "Rows": [[...]] } ] }`.
 *
 * Plain HTTPS through @azure/core-rest-pipeline, not the azure-kusto-data package: that package
 * sends through its own axios client, outside the SDK pipeline, so the one retry policy
 * (retry-policy.ts: --max-retries, --request-timeout, the retry notices) could not apply to it,
 * and it cannot be handed the emulator's CA per client (only process-wide, NODE_EXTRA_CA_CERTS).
 * The three commands used need one POST each and no streaming.
 */
import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createHttpHeaders, createPipelineFromOptions, createPipelineRequest, type Pipeline } from '@azure/core-rest-pipeline';
import { AzureFailure } from '../../core/ports/azure-port.js';
import { printable } from '../../core/printable.js';
import { toAzureFailure } from '../arm/failures.js';
import { type RetryPolicyOptions, replaceRetryPolicy, retryPolicyFor } from '../pipeline/retry-policy.js';
import type { AzureSettings } from '../settings.js';

/** One table of a v1 answer: its rows as objects keyed by column name. */
export type KustoRow = Readonly<Record<string, unknown>>;

/** Table and mapping names kustodian puts into a command: Kusto's identifier characters only. */
const NAME = /^[\p{L}\p{N}_ .-]{1,1024}$/u;

/** An entity name as a bracketed, quoted identifier (`['My Table']`), refused when it could end the quote. */
export function kustoName(name: string): string {
  if (!NAME.test(name)) throw new AzureFailure('bad-request', `"${printable(name)}" is not a Kusto entity name (letters, digits, _, space, ., -)`);
  return `['${name}']`;
}

/** The first table of a v1 answer, as rows keyed by column name; a malformed answer is an error that says so. */
export function v1Rows(body: unknown, where: string): KustoRow[] {
  const tables = typeof body === 'object' && body !== null ? (body as { Tables?: unknown }).Tables : undefined;
  const first = Array.isArray(tables) ? (tables[0] as { Columns?: unknown; Rows?: unknown } | undefined) : undefined;
  if (first === undefined || !Array.isArray(first.Columns) || !Array.isArray(first.Rows)) {
    throw new AzureFailure('unknown', `${where} answered something that is not a Kusto v1 result (no Tables[0].Columns and Rows)`);
  }
  const names = first.Columns.map((c: unknown) => (typeof c === 'object' && c !== null ? String((c as { ColumnName?: unknown }).ColumnName ?? '') : ''));
  return first.Rows.filter((r): r is unknown[] => Array.isArray(r)).map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

/** Kusto's error body `{ "error": { "code", "message", "@message" } }`, as one line. */
function errorOf(status: number, text: string | undefined): string {
  try {
    const body: unknown = JSON.parse(text ?? '');
    const error = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown; '@message'?: unknown } }).error : undefined;
    if (error !== undefined) {
      const message = typeof error['@message'] === 'string' ? error['@message'] : typeof error.message === 'string' ? error.message : '';
      return `${status}${typeof error.code === 'string' ? ` ${error.code}` : ''}: ${message}`;
    }
  } catch {
    // not JSON: the status alone
  }
  return `${status}${text !== undefined && text.length < 300 ? `: ${text}` : ''}`;
}

function kindOf(status: number): AzureFailure['kind'] {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'bad-request';
}

export interface KustoDataPlane {
  /** Runs a management command on a database of the cluster at `clusterUri`: the first table's rows. */
  mgmt(clusterUri: string, database: string, command: string, signal?: AbortSignal): Promise<KustoRow[]>;
  /** Runs a query (`/v1/rest/query`): the first table's rows. */
  query(clusterUri: string, database: string, query: string, signal?: AbortSignal): Promise<KustoRow[]>;
}

export function createKustoDataPlane(settings: AzureSettings, credential: TokenCredential, hooks: Pick<RetryPolicyOptions, 'onRetry' | 'health'> = {}): KustoDataPlane {
  const pipelines = new Map<string, Pipeline>();
  const client = createDefaultHttpClient();

  /** One pipeline per cluster: its token is for that cluster's audience. */
  function pipelineFor(uri: string): Pipeline {
    let p = pipelines.get(uri);
    if (p === undefined) {
      p = createPipelineFromOptions({ userAgentOptions: { userAgentPrefix: 'kustodian' }, ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}) });
      replaceRetryPolicy(p, retryPolicyFor(settings, hooks));
      p.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${uri}/.default` }));
      pipelines.set(uri, p);
    }
    return p;
  }

  async function post(endpoint: 'mgmt' | 'query', clusterUri: string, database: string, command: string, signal?: AbortSignal): Promise<KustoRow[]> {
    let base: URL;
    try {
      base = new URL(clusterUri);
    } catch {
      throw new AzureFailure('bad-request', `the cluster's URI "${printable(clusterUri)}" (properties.uri) is not a URL`);
    }
    if (base.protocol !== 'https:') throw new AzureFailure('bad-request', `the cluster's URI "${printable(clusterUri)}" is not https: no token is sent to it`);
    // A real cluster's URI is an origin; one behind a path (a proxy, the emulator) keeps it.
    const uri = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
    const where = `${base.host} (${endpoint === 'mgmt' ? command.split(' ').slice(0, 2).join(' ') : 'query'})`;
    const request = createPipelineRequest({
      url: `${uri}/v1/rest/${endpoint}`,
      method: 'POST',
      headers: createHttpHeaders({
        'content-type': 'application/json; charset=utf-8',
        accept: 'application/json',
        'x-ms-app': 'kustodian',
        'x-ms-client-request-id': `kustodian;${randomUUID()}`,
      }),
      body: JSON.stringify({ db: database, csl: command }),
      ...(signal ? { abortSignal: signal } : {}),
    });
    let response;
    try {
      response = await pipelineFor(uri).sendRequest(client, request);
    } catch (e) {
      const failure = toAzureFailure(e);
      // The endpoint is the cluster's own (its properties.uri), not --endpoint: say so.
      if (failure.kind !== 'network') throw failure;
      throw new AzureFailure('network', failure.message, {
        ...failure.details,
        hint: `the cluster's data plane ${base.host} (its properties.uri in ARM) must be reachable from here over HTTPS, with a certificate --ca-file or the system trusts`,
      });
    }
    if (response.status < 200 || response.status >= 300) {
      throw new AzureFailure(kindOf(response.status), printable(`${where}: ${errorOf(response.status, response.bodyAsText ?? undefined)}`), { status: response.status });
    }
    let body: unknown;
    try {
      body = JSON.parse(response.bodyAsText ?? '');
    } catch {
      throw new AzureFailure('unknown', `${where} answered ${response.status} with a body that is not JSON`);
    }
    return v1Rows(body, where);
  }

  return {
    mgmt: (clusterUri, database, command, signal) => post('mgmt', clusterUri, database, command, signal),
    query: (clusterUri, database, query, signal) => post('query', clusterUri, database, query, signal),
  };
}
