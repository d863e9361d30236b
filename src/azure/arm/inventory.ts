/**
 * Walking ARM's hierarchy down to databases through @azure/arm-kusto: `clusters.list` (a
 * subscription), `clusters.listByResourceGroup` (a group), then `databases.listByCluster` for
 * each cluster. Answers domain values; the IDs the service answers are read case-insensitively.
 * Follower (`ReadOnlyFollowing`) databases are left out: they cannot have data connections.
 */
import type { Cluster, KustoManagementClient } from '@azure/arm-kusto';
import { type DatabaseAddress, databaseKey } from '../../core/address.js';
import { AzureFailure } from '../../core/ports/azure-port.js';
import { compareText } from '../../core/order.js';
import type { ArmScope } from '../../core/scope.js';
import { parseScope } from './arm-ids.js';

type ClusterScope = Extract<ArmScope, { level: 'cluster' }>;

function clusterScope(cluster: Cluster): ClusterScope {
  const parsed = parseScope('cluster', cluster.id ?? '');
  if (!parsed.ok || parsed.scope.level !== 'cluster') {
    throw new AzureFailure('unknown', `the service answered a cluster ID kustodian cannot read: "${cluster.id ?? ''}"`);
  }
  return parsed.scope;
}

async function clustersOf(client: KustoManagementClient, scope: ArmScope, signal?: AbortSignal): Promise<ClusterScope[]> {
  const options = signal ? { abortSignal: signal } : {};
  const out: ClusterScope[] = [];
  switch (scope.level) {
    case 'subscription':
      for await (const c of client.clusters.list(options)) out.push(clusterScope(c));
      return out;
    case 'resourceGroup':
      for await (const c of client.clusters.listByResourceGroup(scope.resourceGroup, options)) out.push(clusterScope(c));
      return out;
    case 'cluster':
      return [scope];
    case 'database':
      return [];
  }
}

async function databasesOf(client: KustoManagementClient, cluster: ClusterScope, signal?: AbortSignal): Promise<DatabaseAddress[]> {
  const out: DatabaseAddress[] = [];
  for await (const db of client.databases.listByCluster(cluster.resourceGroup, cluster.cluster, signal ? { abortSignal: signal } : {})) {
    if (db.kind !== 'ReadWrite') continue;
    const parsed = parseScope('database', db.id ?? '');
    if (!parsed.ok || parsed.scope.level !== 'database') {
      throw new AzureFailure('unknown', `the service answered a database ID kustodian cannot read: "${db.id ?? ''}"`);
    }
    out.push(parsed.scope.database);
  }
  return out;
}

/** The read-write databases of `scope`, sorted by address; `client` is the scope's subscription's. */
export async function listDatabasesUnder(client: KustoManagementClient, scope: ArmScope, signal?: AbortSignal): Promise<DatabaseAddress[]> {
  if (scope.level === 'database') return [scope.database];
  const out: DatabaseAddress[] = [];
  for (const cluster of await clustersOf(client, scope, signal)) out.push(...(await databasesOf(client, cluster, signal)));
  return out.sort((a, b) => compareText(databaseKey(a), databaseKey(b)));
}
