/**
 * The event sources' ARM resources, in the shapes of the REST specs' examples
 * (Azure/azure-rest-api-specs: eventhub 2024-01-01 EHEventHubGet / EHConsumerGroupListByEventHub,
 * iothub 2023-06-30 iothub_get / iothub_listehgroups / iothub_listkeys, cosmos-db 2024-11-15
 * CosmosDBSqlContainerGet / CosmosDBSqlRoleAssignmentList). Values the seed does not decide
 * are fixed: created at 2024-01-01, one Standard unit, etc. Keys are fake: derived from the
 * resource's ID, never real secrets.
 */
import { createHash } from 'node:crypto';
import type { Region } from '../arm/regions.js';
import type { CosmosDbAccountNode, IdentityNode, EventHubNamespaceNode, EventHubNode, IotHubNode, NamedSet, SharedAccessPolicyNode, SqlRoleAssignmentNode, StorageAccountNode } from '../state/world.js';
import { findSqlRole } from '../rbac/builtin-roles.js';
import { derivedPrincipalId } from '../state/world.js';

/** When every seeded source was "created". */
const CREATED = '2024-01-01T00:00:00.000Z';
const CREATED_TS = Date.parse(CREATED) / 1000;

export interface Place {
  readonly subscription: string;
  readonly resourceGroup: string;
}

function rgPath(p: Place): string {
  return `/subscriptions/${p.subscription}/resourceGroups/${p.resourceGroup}/providers`;
}

function etag(...parts: string[]): string {
  return `"${createHash('sha256').update(parts.join('/').toLowerCase()).digest('hex').slice(0, 16)}"`;
}

function partitionIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i));
}

export function namespaceId(p: Place, ns: string): string {
  return `${rgPath(p)}/Microsoft.EventHub/namespaces/${ns}`;
}

export function renderNamespace(p: Place, ns: EventHubNamespaceNode): Record<string, unknown> {
  return {
    id: namespaceId(p, ns.name),
    name: ns.name,
    type: 'Microsoft.EventHub/Namespaces',
    location: ns.region.displayName,
    tags: {},
    sku: { name: 'Standard', tier: 'Standard', capacity: 1 },
    properties: {
      minimumTlsVersion: '1.2',
      publicNetworkAccess: 'Enabled',
      disableLocalAuth: false,
      zoneRedundant: true,
      isAutoInflateEnabled: false,
      maximumThroughputUnits: 0,
      kafkaEnabled: true,
      provisioningState: 'Succeeded',
      status: 'Active',
      createdAt: CREATED,
      updatedAt: CREATED,
      serviceBusEndpoint: `https://${ns.name}.servicebus.windows.net:443/`,
      metricId: `${p.subscription}:${ns.name.toLowerCase()}`,
    },
  };
}

export function renderEventHub(p: Place, ns: EventHubNamespaceNode, hub: EventHubNode): Record<string, unknown> {
  return {
    id: `${namespaceId(p, ns.name)}/eventhubs/${hub.name}`,
    name: hub.name,
    type: 'Microsoft.EventHub/Namespaces/EventHubs',
    location: ns.region.displayName,
    properties: {
      messageRetentionInDays: 1,
      partitionCount: hub.partitionCount,
      status: 'Active',
      createdAt: CREATED,
      updatedAt: CREATED,
      partitionIds: partitionIds(hub.partitionCount),
      retentionDescription: { cleanupPolicy: 'Delete', retentionTimeInHours: 24 },
    },
  };
}

export function renderConsumerGroup(p: Place, ns: EventHubNamespaceNode, hub: EventHubNode, group: string): Record<string, unknown> {
  return {
    id: `${namespaceId(p, ns.name)}/eventhubs/${hub.name}/consumergroups/${group}`,
    name: group,
    type: 'Microsoft.EventHub/Namespaces/EventHubs/ConsumerGroups',
    location: ns.region.displayName,
    properties: { createdAt: CREATED, updatedAt: CREATED },
  };
}

export function iotHubId(p: Place, hub: string): string {
  return `${rgPath(p)}/Microsoft.Devices/IotHubs/${hub}`;
}

export function renderIotHub(p: Place, hub: IotHubNode): Record<string, unknown> {
  return {
    id: iotHubId(p, hub.name),
    name: hub.name,
    type: 'Microsoft.Devices/IotHubs',
    location: hub.region.name,
    tags: {},
    etag: etag(p.subscription, hub.name),
    properties: {
      state: 'Active',
      provisioningState: 'Succeeded',
      ipFilterRules: [],
      hostName: `${hub.name}.azure-devices.net`,
      eventHubEndpoints: {
        events: {
          retentionTimeInDays: 1,
          partitionCount: 4,
          partitionIds: partitionIds(4),
          path: hub.name.toLowerCase(),
          endpoint: `sb://iothub-ns-${hub.name.toLowerCase()}.servicebus.windows.net/`,
        },
      },
      routing: {
        endpoints: { serviceBusQueues: [], serviceBusTopics: [], eventHubs: [], storageContainers: [] },
        routes: [],
        fallbackRoute: { name: '$fallback', source: 'DeviceMessages', condition: 'true', endpointNames: ['events'], isEnabled: true },
      },
      enableFileUploadNotifications: false,
      features: 'None',
      locations: [{ location: hub.region.displayName, role: 'primary' }],
      minTlsVersion: '1.2',
    },
    sku: { name: 'S1', tier: 'Standard', capacity: 1 },
    systemData: { createdAt: CREATED },
  };
}

export function renderIotConsumerGroup(p: Place, hub: IotHubNode, endpoint: string, group: string): Record<string, unknown> {
  return {
    properties: { created: new Date(CREATED).toUTCString() },
    // The spec's example percent-encodes the `$` of `$Default` in the ID; the name keeps it.
    id: `${iotHubId(p, hub.name)}/eventHubEndpoints/${endpoint}/ConsumerGroups/${encodeURIComponent(group)}`,
    name: group,
    type: 'Microsoft.Devices/IotHubs/EventHubEndpoints/ConsumerGroups',
    etag: etag(p.subscription, hub.name, endpoint, group),
  };
}

/** A fake key: 32 bytes derived from the policy's place, base64 as IoT Hub's keys are. */
function fakeKey(p: Place, hub: string, policy: string, which: string): string {
  return createHash('sha256').update(`emulator-fake-key|${p.subscription}|${hub}|${policy}|${which}`.toLowerCase()).digest('base64');
}

export function renderPolicyKeys(p: Place, hub: IotHubNode, policy: SharedAccessPolicyNode): Record<string, unknown> {
  return {
    keyName: policy.name,
    primaryKey: fakeKey(p, hub.name, policy.name, 'primary'),
    secondaryKey: fakeKey(p, hub.name, policy.name, 'secondary'),
    rights: policy.rights,
  };
}

export function cosmosAccountId(p: Place, account: string): string {
  return `${rgPath(p)}/Microsoft.DocumentDB/databaseAccounts/${account}`;
}

function location(region: Region): string {
  return region.displayName;
}

export function renderCosmosAccount(p: Place, acc: CosmosDbAccountNode): Record<string, unknown> {
  return {
    id: cosmosAccountId(p, acc.name),
    name: acc.name,
    location: location(acc.region),
    type: 'Microsoft.DocumentDB/databaseAccounts',
    kind: 'GlobalDocumentDB',
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      documentEndpoint: `https://${acc.name.toLowerCase()}.documents.azure.com:443/`,
      databaseAccountOfferType: 'Standard',
      disableLocalAuth: false,
      publicNetworkAccess: 'Enabled',
      consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      locations: [{ id: `${acc.name.toLowerCase()}-${acc.region.name}`, locationName: acc.region.displayName, failoverPriority: 0, isZoneRedundant: false }],
    },
  };
}

function cosmosResource(id: string, ...placeParts: string[]) {
  return { id, _rid: createHash('sha256').update(placeParts.join('/')).digest('base64').slice(0, 8), _ts: CREATED_TS, _etag: etag(...placeParts) };
}

export function renderSqlDatabase(p: Place, acc: CosmosDbAccountNode, db: NamedSet): Record<string, unknown> {
  return {
    id: `${cosmosAccountId(p, acc.name)}/sqlDatabases/${db.name}`,
    name: db.name,
    type: 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases',
    location: location(acc.region),
    tags: {},
    properties: { resource: { ...cosmosResource(db.name, p.subscription, acc.name, db.name), _colls: 'colls/', _users: 'users/' } },
  };
}

export function renderSqlContainer(p: Place, acc: CosmosDbAccountNode, db: NamedSet, container: string): Record<string, unknown> {
  return {
    id: `${cosmosAccountId(p, acc.name)}/sqlDatabases/${db.name}/containers/${container}`,
    name: container,
    type: 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/sqlContainers',
    location: location(acc.region),
    tags: {},
    properties: {
      resource: {
        ...cosmosResource(container, p.subscription, acc.name, db.name, container),
        indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }] },
        partitionKey: { paths: ['/id'], kind: 'Hash' },
        conflictResolutionPolicy: { mode: 'LastWriterWins', conflictResolutionPath: '/_ts' },
      },
    },
  };
}

export function renderSqlRoleAssignment(p: Place, acc: CosmosDbAccountNode, ra: SqlRoleAssignmentNode): Record<string, unknown> {
  const accountId = cosmosAccountId(p, acc.name);
  return {
    id: `${accountId}/sqlRoleAssignments/${ra.name}`,
    name: ra.name,
    type: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments',
    properties: {
      roleDefinitionId: `${accountId}/sqlRoleDefinitions/${ra.roleDefinitionId}`,
      scope: ra.scope === '/' ? accountId : `${accountId}${ra.scope}`,
      principalId: ra.principalId,
    },
  };
}

export function renderSqlRoleDefinition(p: Place, acc: CosmosDbAccountNode, id: string): Record<string, unknown> | undefined {
  const def = findSqlRole(id);
  if (def === undefined) return undefined;
  const accountId = cosmosAccountId(p, acc.name);
  return {
    id: `${accountId}/sqlRoleDefinitions/${def.id}`,
    name: def.id,
    type: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions',
    properties: { roleName: def.roleName, type: 'BuiltInRole', assignableScopes: [accountId], permissions: [{ dataActions: def.dataActions, notDataActions: [] }] },
  };
}

export function renderStorageAccount(p: Place, sa: StorageAccountNode): Record<string, unknown> {
  const name = sa.name.toLowerCase();
  return {
    id: `${rgPath(p)}/Microsoft.Storage/storageAccounts/${sa.name}`,
    name: sa.name,
    type: 'Microsoft.Storage/storageAccounts',
    location: sa.region.name,
    tags: {},
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    kind: 'StorageV2',
    properties: {
      provisioningState: 'Succeeded',
      creationTime: CREATED,
      primaryLocation: sa.region.name,
      statusOfPrimary: 'available',
      primaryEndpoints: {
        blob: `https://${name}.blob.core.windows.net/`,
        queue: `https://${name}.queue.core.windows.net/`,
        table: `https://${name}.table.core.windows.net/`,
        file: `https://${name}.file.core.windows.net/`,
        dfs: `https://${name}.dfs.core.windows.net/`,
      },
      accessTier: 'Hot',
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
    },
  };
}

/** A user-assigned identity (managedidentity 2023-01-31 `IdentityGet`): its object and client IDs. */
export function renderIdentity(p: Place, identity: IdentityNode): Record<string, unknown> {
  return {
    id: identity.id,
    name: identity.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: identity.region.name,
    tags: {},
    properties: { tenantId: derivedPrincipalId(`tenant:${p.subscription}`), principalId: identity.principalId, clientId: identity.clientId },
  };
}
