/**
 * The Resource Graph query kustodian sends: the data connections of the scopes' subscriptions
 * from `KustoResources` (Resource Graph keeps them there, not in `Resources`), narrowed to the
 * scopes by resource-ID prefix while that keeps the query short, ordered by ID so that paging
 * is stable. Pure: scopes in, request bodies out.
 */
import type { ArmScope } from '../../core/scope.js';
import { compareText } from '../../core/order.js';

/** Resource Graph's GA api-version (the SDK's own default is a preview). */
export const GRAPH_API_VERSION = '2022-10-01';

/** Resource Graph's type of a data connection: lower-cased. */
export const CONNECTION_TYPE = 'microsoft.kusto/clusters/databases/dataconnections';

/** The columns kustodian reads: the ARM answer's envelope and properties. */
export const GRAPH_COLUMNS = ['id', 'name', 'type', 'kind', 'location', 'subscriptionId', 'resourceGroup', 'properties'] as const;

/** Resource Graph takes a limited number of subscriptions per query; batches stay under it. */
export const SUBSCRIPTIONS_PER_QUERY = 1000;

/** Above this many `id startswith` prefixes, narrow by cluster instead, then not at all: the query text stays small. */
export const MAX_PREFIXES = 64;

export interface GraphRequest {
  readonly subscriptions: readonly string[];
  readonly query: string;
}

/** The lower-cased resource-ID prefix of everything under a scope. */
function prefixOf(scope: ArmScope): string {
  switch (scope.level) {
    case 'subscription':
      return `/subscriptions/${scope.subscriptionId}/`.toLowerCase();
    case 'resourceGroup':
      return `/subscriptions/${scope.subscriptionId}/resourcegroups/${scope.resourceGroup}/providers/microsoft.kusto/clusters/`.toLowerCase();
    case 'cluster':
      return `/subscriptions/${scope.subscriptionId}/resourcegroups/${scope.resourceGroup}/providers/microsoft.kusto/clusters/${scope.cluster}/databases/`.toLowerCase();
    case 'database': {
      const d = scope.database;
      return `/subscriptions/${d.subscriptionId}/resourcegroups/${d.resourceGroup}/providers/microsoft.kusto/clusters/${d.cluster}/databases/${d.database}/dataconnections/`.toLowerCase();
    }
  }
}

/** A database scope widened to its cluster; other scopes as they are. */
function clusterOrWider(scope: ArmScope): ArmScope {
  if (scope.level !== 'database') return scope;
  const { subscriptionId, resourceGroup, cluster } = scope.database;
  return { level: 'cluster', subscriptionId, resourceGroup, cluster };
}

/** The prefixes that cover the scopes, none covered by another, sorted. */
function covering(scopes: readonly ArmScope[]): string[] {
  const kept: string[] = [];
  // Sorted, a prefix comes right before everything it covers: one pass suffices.
  for (const p of [...new Set(scopes.map(prefixOf))].sort()) {
    const last = kept[kept.length - 1];
    if (last === undefined || !p.startsWith(last)) kept.push(p);
  }
  return kept;
}

/**
 * The `id startswith` prefixes for these scopes (all in the same subscriptions batch), or
 * undefined when the subscriptions alone are the narrowest short query.
 */
export function idPrefixes(scopes: readonly ArmScope[]): string[] | undefined {
  for (const candidate of [scopes, scopes.map(clusterOrWider)]) {
    const prefixes = covering(candidate);
    if (prefixes.every((p) => /^\/subscriptions\/[^/]+\/$/.test(p))) return undefined;
    if (prefixes.length <= MAX_PREFIXES) return prefixes;
  }
  return undefined;
}

/** A KQL string literal. */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function queryText(prefixes: readonly string[] | undefined): string {
  const stages = [
    'KustoResources',
    `where type =~ ${literal(CONNECTION_TYPE)}`,
    ...(prefixes === undefined ? [] : [`where ${prefixes.map((p) => `id startswith ${literal(p)}`).join(' or ')}`]),
    `project ${GRAPH_COLUMNS.join(', ')}`,
    'order by id asc',
  ];
  return stages.join(' | ');
}

function subscriptionOf(scope: ArmScope): string {
  return scope.level === 'database' ? scope.database.subscriptionId : scope.subscriptionId;
}

/** One request per batch of subscriptions, covering every scope. */
export function connectionQueries(scopes: readonly ArmScope[]): GraphRequest[] {
  const bySubscription = new Map<string, { readonly id: string; readonly scopes: ArmScope[] }>();
  for (const scope of scopes) {
    const id = subscriptionOf(scope);
    const entry = bySubscription.get(id.toLowerCase()) ?? { id, scopes: [] };
    entry.scopes.push(scope);
    bySubscription.set(id.toLowerCase(), entry);
  }
  const subscriptions = [...bySubscription.entries()].sort(([a], [b]) => compareText(a, b)).map(([, v]) => v);
  const requests: GraphRequest[] = [];
  for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) {
    const batch = subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY);
    requests.push({ subscriptions: batch.map((s) => s.id), query: queryText(idPrefixes(batch.flatMap((s) => s.scopes))) });
  }
  return requests;
}
