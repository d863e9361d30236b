/** Builders of plain domain values for table-driven tests. */
import type { ConnectionAddress, DatabaseAddress } from '../../src/core/address.js';
import type { ConnectionKind } from '../../src/core/kinds.js';
import type {
  DesiredConnection,
  DesiredState,
  LiveConnection,
  LiveDatabase,
  ManagedDatabase,
  Properties,
} from '../../src/core/model.js';

export const SUB = '00000000-0000-0000-0000-000000000000';
export const DB: DatabaseAddress = { subscriptionId: SUB, resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'mykustodatabase' };
const RG = `/subscriptions/${SUB}/resourceGroups/testrg/providers`;
export const IDS = {
  iotHub: `${RG}/Microsoft.Devices/IotHubs/myhub`,
  eventHub: `${RG}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry`,
  blobHub: `${RG}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents`,
  storage: `${RG}/Microsoft.Storage/storageAccounts/mystorageaccount`,
  eventGrid: `${RG}/Microsoft.Storage/storageAccounts/mystorageaccount/providers/Microsoft.EventGrid/eventSubscriptions/blob-created`,
  cosmos: `${RG}/Microsoft.DocumentDB/databaseAccounts/mycosmosaccount`,
  identity: `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/kustodian-identity`,
};

/** A minimal valid property set per kind. */
export const MINIMAL: Readonly<Record<ConnectionKind, Properties>> = {
  EventHub: { eventHubResourceId: IDS.eventHub, consumerGroup: 'adx', tableName: 'Telemetry', dataFormat: 'JSON' },
  IotHub: { iotHubResourceId: IDS.iotHub, consumerGroup: '$Default', sharedAccessPolicyName: 'iothubforread', tableName: 'StormEvents', mappingRuleName: 'StormEvents_CSV_Mapping', dataFormat: 'CSV' },
  EventGrid: { storageAccountResourceId: IDS.storage, eventGridResourceId: IDS.eventGrid, eventHubResourceId: IDS.blobHub, consumerGroup: 'adx', tableName: 'BlobLogs', dataFormat: 'CSV' },
  CosmosDb: { cosmosDbAccountResourceId: IDS.cosmos, cosmosDbDatabase: 'telemetrydb', cosmosDbContainer: 'events', tableName: 'CosmosChanges', managedIdentityResourceId: IDS.identity },
};

export function addr(name: string, db: DatabaseAddress = DB): ConnectionAddress {
  return { ...db, name };
}

export function desired(
  name: string,
  kind: ConnectionKind,
  properties: Properties = MINIMAL[kind],
  extra: Partial<Pick<DesiredConnection, 'location' | 'labels' | 'annotations' | 'address'>> = {},
): DesiredConnection {
  return {
    address: extra.address ?? addr(name),
    kind,
    location: extra.location ?? 'Central US',
    properties,
    labels: extra.labels ?? {},
    annotations: extra.annotations ?? {},
    source: { file: `manifests/${name}.yaml`, line: 1, col: 1 },
    fieldSources: {},
  };
}

/** A live connection as the service answers it: PascalCase id, display location, defaults filled. */
export function live(
  name: string,
  kind: string,
  properties: Properties,
  extra: { location?: string; state?: string; db?: DatabaseAddress } = {},
): LiveConnection {
  const db = extra.db ?? DB;
  return {
    address: { ...db, name },
    id: `/subscriptions/${db.subscriptionId}/resourceGroups/${db.resourceGroup}/providers/Microsoft.Kusto/Clusters/${db.cluster}/Databases/${db.database}/DataConnections/${name}`,
    kind,
    location: extra.location ?? 'Central US',
    properties: { ...properties, provisioningState: extra.state ?? 'Succeeded' },
  };
}

export function managed(overrides: Partial<ManagedDatabase> = {}): ManagedDatabase {
  return {
    address: DB,
    prune: false,
    ignore: [],
    protect: [],
    allowEmpty: false,
    source: { file: 'manifests/database.yaml', line: 1, col: 1 },
    ...overrides,
  };
}

export function state(connections: DesiredConnection[], databases: ManagedDatabase[] = []): DesiredState {
  return { connections, databases };
}

export function liveDb(connections: LiveConnection[], db: DatabaseAddress = DB): LiveDatabase {
  return { address: db, connections };
}
