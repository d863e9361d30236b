/**
 * Request paths: refuses the tricks (`..`, encoded slashes, empty segments), decodes the
 * segments, and matches the routes (data connections, the read-only clusters and databases
 * above them, and Resource Graph's query endpoint) with literal segments compared
 * case-insensitively, as ARM does.
 */
import { ArmError, invalidRequestUri } from '../arm/errors.js';
import type { ClusterAddress, DatabaseAddress } from '../arm/ids.js';
import type { ApiOperation } from './request-log.js';
import { isSourceList, matchSourceRoute, sourceMethod, type SourceRoute } from '../sources/routes.js';
import { matchAuthorizationRoute, type AuthorizationRoute } from '../rbac/routes.js';

export type Route =
  | { readonly type: 'clusterList'; readonly subscription: string; readonly resourceGroup?: string }
  | { readonly type: 'cluster'; readonly cluster: ClusterAddress }
  | { readonly type: 'databaseList'; readonly cluster: ClusterAddress }
  | { readonly type: 'database'; readonly db: DatabaseAddress }
  | { readonly type: 'list'; readonly db: DatabaseAddress }
  | { readonly type: 'connection'; readonly db: DatabaseAddress; readonly name: string }
  | { readonly type: 'validate'; readonly db: DatabaseAddress }
  | { readonly type: 'checkName'; readonly db: DatabaseAddress }
  | { readonly type: 'operation'; readonly subscription: string; readonly location: string; readonly id: string }
  | { readonly type: 'resourceGraph' }
  | { readonly type: 'metrics'; readonly cluster: ClusterAddress }
  | { readonly type: 'source'; readonly route: SourceRoute }
  | { readonly type: 'authorization'; readonly route: AuthorizationRoute }
  | { readonly type: 'unknown'; readonly subscription: string | undefined };

/**
 * Decoded path segments, or ARM's 400 for a path that tries to escape its place. A leading `//`
 * is read as `/`: the Azure SDKs build `/{scope}/…` and `/{id}` and document scopes and IDs as
 * starting with `/` (`@azure/arm-authorization`: scope `'/subscriptions/{subscriptionId}'`),
 * so ARM answers such requests; empty segments anywhere else are refused.
 */
export function pathSegments(rawPath: string): string[] {
  if (/^\/\/[^/]/.test(rawPath)) rawPath = rawPath.slice(1);
  if (!rawPath.startsWith('/')) throw invalidRequestUri(`The request URI path '${rawPath}' is not valid.`);
  if (/%2f|%5c|\\/i.test(rawPath)) throw invalidRequestUri('The request URI path must not contain encoded slashes or backslashes.');
  const trimmed = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const raw = trimmed.split('/').slice(1);
  if (raw.length === 1 && raw[0] === '') return [];
  return raw.map((seg) => {
    if (seg === '') throw invalidRequestUri('The request URI path must not contain empty segments (//).');
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw invalidRequestUri(`The request URI path segment '${seg}' is not validly percent-encoded.`);
    }
    if (decoded === '.' || decoded === '..') throw invalidRequestUri("The request URI path must not contain '.' or '..' segments.");
    if (/[\u0000-\u001f]/.test(decoded)) throw invalidRequestUri('The request URI path must not contain control characters.');
    return decoded;
  });
}

function literal(segs: readonly string[], index: number, expected: string): boolean {
  return segs[index]?.toLowerCase() === expected;
}

export function matchRoute(segs: readonly string[]): Route {
  const authorization = matchAuthorizationRoute(segs);
  if (authorization !== undefined) return { type: 'authorization', route: authorization };
  const source = matchSourceRoute(segs);
  if (source !== undefined) return { type: 'source', route: source };
  if (segs.length === 3 && literal(segs, 0, 'providers') && literal(segs, 1, 'microsoft.resourcegraph') && literal(segs, 2, 'resources')) {
    return { type: 'resourceGraph' };
  }
  const subscription = literal(segs, 0, 'subscriptions') ? segs[1] : undefined;
  if (subscription === undefined) return { type: 'unknown', subscription };
  if (segs.length === 8 && literal(segs, 2, 'providers') && literal(segs, 3, 'microsoft.kusto') && literal(segs, 4, 'locations') && literal(segs, 6, 'operationresults')) {
    return { type: 'operation', subscription, location: segs[5] ?? '', id: segs[7] ?? '' };
  }
  if (segs.length === 5 && literal(segs, 2, 'providers') && literal(segs, 3, 'microsoft.kusto') && literal(segs, 4, 'clusters')) {
    return { type: 'clusterList', subscription };
  }
  const isClustersPath =
    segs.length >= 7 &&
    literal(segs, 2, 'resourcegroups') &&
    literal(segs, 4, 'providers') &&
    literal(segs, 5, 'microsoft.kusto') &&
    literal(segs, 6, 'clusters');
  if (!isClustersPath) return { type: 'unknown', subscription };
  const resourceGroup = segs[3] ?? '';
  if (segs.length === 7) return { type: 'clusterList', subscription, resourceGroup };
  const cluster: ClusterAddress = { subscription, resourceGroup, cluster: segs[7] ?? '' };
  if (segs.length === 8) return { type: 'cluster', cluster };
  if (segs.length === 11 && literal(segs, 8, 'providers') && literal(segs, 9, 'microsoft.insights') && literal(segs, 10, 'metrics')) return { type: 'metrics', cluster };
  if (!literal(segs, 8, 'databases')) return { type: 'unknown', subscription };
  if (segs.length === 9) return { type: 'databaseList', cluster };
  const db: DatabaseAddress = { ...cluster, database: segs[9] ?? '' };
  if (segs.length === 10) return { type: 'database', db };
  const leaf = segs[10]?.toLowerCase();
  if (segs.length === 11) {
    if (leaf === 'dataconnections') return { type: 'list', db };
    if (leaf === 'dataconnectionvalidation') return { type: 'validate', db };
    if (leaf === 'checknameavailability') return { type: 'checkName', db };
  }
  if (segs.length === 12 && leaf === 'dataconnections') return { type: 'connection', db, name: segs[11] ?? '' };
  return { type: 'unknown', subscription };
}

type FixedRoute = Exclude<Route, { type: 'source' | 'authorization' }>;

const ROUTE_METHODS: Readonly<Record<FixedRoute['type'], Readonly<Record<string, ApiOperation>>>> = {
  clusterList: { GET: 'listClusters' },
  cluster: { GET: 'getCluster' },
  databaseList: { GET: 'listDatabases' },
  database: { GET: 'getDatabase' },
  list: { GET: 'list' },
  connection: { GET: 'get', PUT: 'createOrUpdate', PATCH: 'update', DELETE: 'delete' },
  validate: { POST: 'validate' },
  checkName: { POST: 'checkNameAvailability' },
  operation: { GET: 'operationStatus' },
  resourceGraph: { POST: 'resourceGraph' },
  metrics: { GET: 'getMetrics' },
  unknown: {},
};

export function unknownRoute(): ArmError {
  return new ArmError(404, 'InvalidResourceType', "The resource type could not be found in the namespace 'Microsoft.Kusto'.");
}

/** The operations a route answers, by method. */
function routeMethods(route: Route): Readonly<Record<string, ApiOperation>> {
  switch (route.type) {
    case 'source':
      return { [sourceMethod(route.route)]: sourceMethod(route.route) === 'POST' ? 'listSourceKeys' : isSourceList(route.route) ? 'listSource' : 'getSource' };
    case 'authorization': {
      const ops: Record<AuthorizationRoute['kind'], ApiOperation> = {
        roleAssignments: 'listRoleAssignments',
        roleAssignment: 'getRoleAssignment',
        roleDefinitions: 'listRoleDefinitions',
        roleDefinition: 'getRoleDefinition',
        denyAssignments: 'listDenyAssignments',
        denyAssignment: 'getDenyAssignment',
      };
      return { GET: ops[route.route.kind] };
    }
    default:
      return ROUTE_METHODS[route.type];
  }
}

/** ARM's 405 for a method the route lacks. */
export function checkMethod(route: Exclude<Route, { type: 'unknown' }>, method: string): void {
  if (routeMethods(route)[method] === undefined) {
    throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
  }
}

/** The subscription a request addresses, if any. */
export function routeSubscription(route: Route): string | undefined {
  switch (route.type) {
    case 'resourceGraph':
      return undefined;
    case 'source':
      return route.route.subscription;
    case 'authorization': {
      const [, sub] = route.route.scope.split('/').slice(1);
      return route.route.scope === '' ? undefined : sub;
    }
    case 'unknown':
    case 'operation':
    case 'clusterList':
      return route.subscription;
    case 'cluster':
    case 'databaseList':
    case 'metrics':
      return route.cluster.subscription;
    case 'database':
    case 'list':
    case 'connection':
    case 'validate':
    case 'checkName':
      return route.db.subscription;
  }
}

/** The operation for the log, without throwing. */
export function describeOperation(route: Route | undefined, method: string): ApiOperation {
  return route === undefined ? 'unknown' : (routeMethods(route)[method] ?? 'unknown');
}
