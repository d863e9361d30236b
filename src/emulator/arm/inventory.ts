/**
 * The read-only clusters and databases above the data connections, answered from the seed's
 * world in the service's shapes: `clusters.list`, `clusters.listByResourceGroup`,
 * `clusters.get`, `databases.listByCluster` and `databases.get`. They cannot be created or
 * changed through ARM here; the seed decides what exists. Lists are one page.
 */
import type { EmulatorCore } from '../state/core.js';
import type { ApiResponse } from './api-types.js';
import { databaseId } from './ids.js';
import { resolveCluster, resolveDatabase, resolveResourceGroup, resolveSubscription } from './resolve.js';
import type { Route } from '../http/router.js';
import { derivedPrincipalId, type ClusterNode, type DatabaseNode } from '../state/world.js';
import { clusterDataPlaneUri } from '../dataplane/http.js';

export const CLUSTER_TYPE = 'Microsoft.Kusto/Clusters';
export const DATABASE_TYPE = 'Microsoft.Kusto/Clusters/Databases';

/** Settings every emulated cluster reports (the service's defaults for a new cluster). */
const CLUSTER_SETTINGS = {
  state: 'Running',
  provisioningState: 'Succeeded',
  stateReason: '',
  trustedExternalTenants: [],
  enableDiskEncryption: false,
  enableStreamingIngest: false,
  enablePurge: false,
  enableDoubleEncryption: false,
  engineType: 'V3',
  publicNetworkAccess: 'Enabled',
  restrictOutboundNetworkAccess: 'Disabled',
  allowedFqdnList: [],
  allowedIpRangeList: [],
  publicIPType: 'IPv4',
  enableAutoStop: true,
} as const;

/** The cluster's managed identities, as the Kusto spec's `Identity` (type `SystemAssigned, UserAssigned` when it has both). */
function renderIdentity(cluster: ClusterNode): Record<string, unknown> {
  const base = { principalId: cluster.principalId, tenantId: derivedPrincipalId(`tenant:${cluster.subscription}`) };
  if (cluster.userAssignedIdentities.length === 0) return { type: 'SystemAssigned', ...base };
  return {
    type: 'SystemAssigned, UserAssigned',
    ...base,
    userAssignedIdentities: Object.fromEntries(cluster.userAssignedIdentities.map((u) => [u.id, { principalId: u.principalId, clientId: u.clientId }])),
  };
}

/**
 * `baseUrl` is this emulator's `https://host:port`: the cluster's `uri` points at its emulated
 * data plane there (dataplane/http.ts), as a real cluster's points at its engine.
 */
export function renderCluster(cluster: ClusterNode, baseUrl: string): Record<string, unknown> {
  return {
    id: cluster.id,
    name: cluster.name,
    type: CLUSTER_TYPE,
    location: cluster.region.displayName,
    sku: { name: 'Standard_E8ads_v5', tier: 'Standard', capacity: 2 },
    identity: renderIdentity(cluster),
    properties: { ...CLUSTER_SETTINGS, uri: clusterDataPlaneUri(baseUrl, cluster.name), dataIngestionUri: clusterDataPlaneUri(baseUrl, cluster.name, true) },
  };
}

export function renderDatabase(db: DatabaseNode): Record<string, unknown> {
  return {
    id: databaseId(db.address),
    name: `${db.address.cluster}/${db.address.database}`,
    type: DATABASE_TYPE,
    location: db.cluster.region.displayName,
    kind: 'ReadWrite',
    properties: { provisioningState: 'Succeeded', softDeletePeriod: 'P365D', hotCachePeriod: 'P31D', statistics: { size: 0 }, isFollowed: false },
  };
}

type InventoryRoute = Extract<Route, { type: 'clusterList' | 'cluster' | 'databaseList' | 'database' }>;

export function handleInventory(core: EmulatorCore, route: InventoryRoute, baseUrl: string): ApiResponse {
  switch (route.type) {
    case 'clusterList': {
      const groups =
        route.resourceGroup === undefined
          ? [...resolveSubscription(core, route.subscription).resourceGroups.values()]
          : [resolveResourceGroup(core, route.subscription, route.resourceGroup)];
      return { status: 200, body: { value: groups.flatMap((rg) => [...rg.clusters.values()].map((c) => renderCluster(c, baseUrl))) } };
    }
    case 'cluster':
      return { status: 200, body: renderCluster(resolveCluster(core, route.cluster), baseUrl) };
    case 'databaseList':
      return { status: 200, body: { value: [...resolveCluster(core, route.cluster).databases.values()].map(renderDatabase) } };
    case 'database':
      return { status: 200, body: renderDatabase(resolveDatabase(core, route.db)) };
  }
}

