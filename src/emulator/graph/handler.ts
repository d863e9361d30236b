/**
 * Azure Resource Graph's query endpoint (`POST /providers/Microsoft.ResourceGraph/resources`)
 * over the emulator's data connections, as the `KustoResources` table holds them: the query
 * forms of graph-query.ts, scoped to the requested subscriptions (all of them when none are
 * given), paged with `$top` (default 100, at most 1000) and an opaque `$skipToken`, in
 * Resource Graph's answer shape with objectArray rows. Rows are what the index shows, which
 * may lag behind ARM (graph-index.ts).
 */
import { createHash } from 'node:crypto';
import type { EmulatorCore } from '../state/core.js';
import { ArmError, errorBody } from '../arm/errors.js';
import { type IndexedConnection } from './row-index.js';
import { GRAPH_CONNECTION_TYPE, GraphQueryError, parseGraphQuery, type GraphQuery } from './query.js';
import type { ApiResponse } from '../arm/api-types.js';
import { isObject } from '../format/json.js';
import { findRegion, regionKey } from '../arm/regions.js';
import { renderConnection } from '../arm/resource.js';
import { derivedPrincipalId } from '../state/world.js';

export const DEFAULT_TOP = 100;
export const MAX_TOP = 1000;

function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, 'BadRequest', message, undefined, [errorBody(code, message)]);
}

interface QueryRequest {
  readonly subscriptions: readonly string[] | undefined;
  readonly query: string;
  readonly top: number;
  readonly skip: number;
  readonly skipToken: string | undefined;
}

function strings(value: unknown, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw badRequest('InvalidRequestContent', `'${what}' must be an array of strings.`);
  return value;
}

function readRequest(body: unknown): QueryRequest {
  if (!isObject(body)) throw badRequest('InvalidRequestContent', 'The request content must be a JSON object.');
  const { query, options = {}, managementGroups, facets } = body;
  if (typeof query !== 'string' || query.trim() === '') throw badRequest('InvalidRequestContent', "'query' is required.");
  if ((strings(managementGroups, 'managementGroups') ?? []).length > 0) {
    throw badRequest('UnsupportedScope', "The emulator's Resource Graph answers queries over subscriptions only: pass 'subscriptions', not 'managementGroups'.");
  }
  if (Array.isArray(facets) && facets.length > 0) throw badRequest('UnsupportedFacets', "The emulator's Resource Graph does not compute facets.");
  if (!isObject(options)) throw badRequest('InvalidRequestContent', "'options' must be an object.");
  const top = options['$top'] ?? DEFAULT_TOP;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw badRequest('InvalidRequestContent', `'$top' must be a whole number from 1 to ${MAX_TOP}.`);
  }
  const skip = options['$skip'] ?? 0;
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) throw badRequest('InvalidRequestContent', "'$skip' must be a whole number of 0 or more.");
  const format = options['resultFormat'];
  if (format !== undefined && format !== 'objectArray') {
    throw badRequest('UnsupportedResultFormat', `The emulator's Resource Graph answers only resultFormat 'objectArray', not '${String(format)}'.`);
  }
  const skipToken = options['$skipToken'];
  if (skipToken !== undefined && typeof skipToken !== 'string') throw badRequest('InvalidSkipToken', "'$skipToken' must be a string.");
  return { subscriptions: strings(body['subscriptions'], 'subscriptions'), query, top, skip, skipToken };
}

/** Ties a skip token to its query, scopes and position: the last row's key. */
interface SkipToken {
  readonly q: string;
  readonly after: string;
}

function encodeToken(token: SkipToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeToken(text: string, fingerprint: string): SkipToken {
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    token = undefined;
  }
  if (!isObject(token) || typeof token['after'] !== 'string' || token['q'] !== fingerprint) {
    throw badRequest('InvalidSkipToken', 'The $skipToken is not valid for this query: send it with the same query and subscriptions as the request that answered it.');
  }
  return { q: fingerprint, after: token['after'] };
}

/** A KustoResources row, as Resource Graph answers it: lower-cased type, resource group and location. */
function renderRow(entry: IndexedConnection, columns: readonly string[]): Record<string, unknown> {
  const arm = renderConnection(entry.conn);
  const full: Record<string, unknown> = {
    id: arm.id,
    name: arm.name,
    type: GRAPH_CONNECTION_TYPE,
    tenantId: derivedPrincipalId(`tenant:${entry.conn.db.subscription}`),
    kind: arm.kind,
    location: findRegion(arm.location)?.name ?? regionKey(arm.location),
    resourceGroup: entry.conn.db.resourceGroup.toLowerCase(),
    subscriptionId: entry.conn.db.subscription,
    managedBy: '',
    sku: null,
    plan: null,
    properties: arm.properties,
    tags: null,
    identity: null,
    zones: null,
    extendedLocation: null,
  };
  return Object.fromEntries(columns.map((c) => [c, full[c]]));
}

function matches(entry: IndexedConnection, subscriptions: ReadonlySet<string>, query: GraphQuery): boolean {
  return subscriptions.has(entry.subscription) && query.idPrefixes.every((any) => any.some((p) => entry.key.startsWith(p)));
}

/** The index of the first row after `key` in `rows` (sorted by key, in the query's order). */
function after(rows: readonly IndexedConnection[], key: string, order: 'asc' | 'desc'): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = rows[mid]?.key ?? '';
    if (order === 'asc' ? k <= key : k >= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function handleResourceGraph(core: EmulatorCore, body: () => Promise<unknown>): Promise<ApiResponse> {
  const request = readRequest(await body());
  let query: GraphQuery;
  try {
    query = parseGraphQuery(request.query);
  } catch (err) {
    if (err instanceof GraphQueryError) throw badRequest('InvalidQuery', err.message);
    throw err;
  }
  const known = [...core.world.subscriptions.values()].map((s) => s.id.toLowerCase());
  const asked = request.subscriptions?.map((s) => s.toLowerCase()) ?? known;
  const subscriptions = new Set(asked.filter((s) => known.includes(s)));
  if (subscriptions.size === 0) {
    throw badRequest(
      'NoValidSubscriptionsInQueryRequest',
      `There must be at least one subscription that is eligible to contain resources. The subscriptions passed were: ${asked.join(', ') || '(none)'}.`,
    );
  }

  const fingerprint = createHash('sha256').update(`${request.query}\n${[...subscriptions].sort().join(',')}`).digest('base64url').slice(0, 22);
  const rows = core.graph.selection(core.clock.now(), fingerprint, (all) => {
    const selected = query.matchesNothing ? [] : all.filter((e) => matches(e, subscriptions, query));
    return query.order === 'asc' ? selected : [...selected].reverse();
  });
  const start = request.skipToken === undefined ? request.skip : after(rows, decodeToken(request.skipToken, fingerprint).after, query.order);
  const page = rows.slice(start, start + request.top);
  const last = page[page.length - 1];
  const more = last !== undefined && start + page.length < rows.length;
  return {
    status: 200,
    body: {
      totalRecords: rows.length,
      count: page.length,
      resultTruncated: 'false',
      ...(more ? { $skipToken: encodeToken({ q: fingerprint, after: last.key }) } : {}),
      data: page.map((e) => renderRow(e, query.columns)),
      facets: [],
    },
  };
}
