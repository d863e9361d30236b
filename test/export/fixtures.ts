/** Live state as the service answers it, for the export tests. */
import type { LiveConnection, LiveDatabase, Properties } from '../../src/core/model.js';
import { DB, IDS, MINIMAL, live } from '../support/builders.js';

/** Connections as the service answers them: defaults filled in, read-only fields, a retrieval start where the kind has one. */
export const served = (name: string, kind: string, properties: Properties): LiveConnection =>
  live(name, kind, kind === 'EventGrid' ? properties : { retrievalStartDate: '2024-01-01T00:00:00.0000000Z', ...properties });

export const EVERY_KIND: LiveDatabase = {
  address: DB,
  connections: [
    served('telemetry-eventhub', 'EventHub', {
      ...MINIMAL.EventHub,
      mappingRuleName: 'Telemetry_JSON_Mapping',
      eventSystemProperties: ['x-opt-enqueued-time', 'x-opt-offset'],
      compression: 'GZip',
      managedIdentityResourceId: IDS.identity,
      managedIdentityObjectId: '22222222-0000-0000-0000-000000000000',
      databaseRouting: 'Multi',
    }),
    served('Storm Events', 'IotHub', { ...MINIMAL.IotHub, eventSystemProperties: [], databaseRouting: 'Single' }),
    served('blob-logs', 'EventGrid', {
      ...MINIMAL.EventGrid,
      ignoreFirstRecord: true,
      blobStorageEventType: 'Microsoft.Storage.BlobRenamed',
      databaseRouting: 'Single',
      managedIdentityResourceId: IDS.identity,
      managedIdentityObjectId: '22222222-0000-0000-0000-000000000000',
    }),
    served('cosmos-changes', 'CosmosDb', { ...MINIMAL.CosmosDb, managedIdentityObjectId: '22222222-0000-0000-0000-000000000000' }),
  ],
};

