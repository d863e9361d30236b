/**
 * The world of the export end-to-end tests: two subscriptions, three clusters, four databases,
 * and connections of every kind with every optional property set and unset, created through the
 * real SDK the way people create them by hand: enum values in odd casing, `centralus` and
 * `Central US`, resource IDs in odd casing, names that YAML would misread, names that differ only
 * by case from names in other databases. One more is written out of band (control API).
 */
import path from 'node:path';
import { KustoManagementClient, type DataConnectionUnion } from '@azure/arm-kusto';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import { captureIO, makeTree } from '../helpers.js';
import { type EmulatorFixture, useEmulator } from '../support/emulator.js';

export const SUB_A = '00000000-0000-0000-0000-000000000000';
export const SUB_B = 'bbbbbbbb-0000-4000-8000-000000000002';

const rgA = `/subscriptions/${SUB_A}/resourceGroups/testrg/providers`;
const rgOther = `/subscriptions/${SUB_A}/resourceGroups/OtherRG/providers`;
const rgB = `/subscriptions/${SUB_B}/resourceGroups/rgb/providers`;

export const REFS = {
  hub1: `${rgA}/Microsoft.EventHub/namespaces/ns1/eventhubs/hub1`,
  hub2: `${rgA}/Microsoft.EventHub/namespaces/ns1/eventhubs/hub2`,
  blobs: `${rgA}/Microsoft.EventHub/namespaces/ns1/eventhubs/blobs`,
  iot: `${rgA}/Microsoft.Devices/IotHubs/iot1`,
  storage: `${rgA}/Microsoft.Storage/storageAccounts/stor1`,
  eventGrid: `${rgA}/Microsoft.Storage/storageAccounts/stor1/providers/Microsoft.EventGrid/eventSubscriptions/sub1`,
  cosmos: `${rgA}/Microsoft.DocumentDB/databaseAccounts/cosmos1`,
  identity: `${rgA}/Microsoft.ManagedIdentity/userAssignedIdentities/ident1`,
  alpha: `${rgA}/Microsoft.Kusto/clusters/kustoalpha`,
  hub3: `${rgOther}/Microsoft.EventHub/namespaces/ns2/eventhubs/hub3`,
  hub4: `${rgB}/Microsoft.EventHub/namespaces/ns3/eventhubs/hub4`,
} as const;

/** The way some scripts write IDs: every keyword and name upper-cased. */
const shouting = (id: string): string => id.toUpperCase();

const GROUPS = ['$Default', 'cg1', 'cg2', 'cg3', 'true', '123'];
const TABLES = [
  { name: 'Events', mappings: ['Events_JSON', 'Map_${env}', 'yes'] },
  { name: '123', mappings: ['yes'] },
];

export const WORLD: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB_A,
      resourceGroups: [
        {
          name: 'testrg',
          clusters: [{ name: 'kustoalpha', location: 'Central US', databases: [{ name: 'telemetry', tables: TABLES }, { name: 'Ops DB', tables: TABLES }] }],
          eventHubNamespaces: [{ name: 'ns1', eventHubs: ['hub1', 'hub2', 'blobs'].map((name) => ({ name, consumerGroups: GROUPS })) }],
          iotHubs: [{ name: 'iot1', consumerGroups: ['k1', 'yes'], sharedAccessPolicies: ['iothubforread', 'null'] }],
          storageAccounts: [{ name: 'stor1', eventGridSubscriptions: ['sub1'] }],
          cosmosDbAccounts: [{ name: 'cosmos1', databases: [{ name: 'cdb', containers: ['c1', 'c2'] }] }],
          userAssignedIdentities: [{ name: 'ident1' }],
        },
        {
          name: 'OtherRG',
          clusters: [{ name: 'kustobeta', location: 'westeurope', databases: [{ name: 'telemetry', tables: TABLES }, { name: 'empty' }] }],
          eventHubNamespaces: [{ name: 'ns2', eventHubs: [{ name: 'hub3', consumerGroups: GROUPS }] }],
        },
        { name: 'emptyrg' },
      ],
    },
    {
      id: SUB_B,
      resourceGroups: [
        {
          name: 'rgb',
          clusters: [{ name: 'kustogamma', location: 'East US', databases: [{ name: 'gammadb', tables: TABLES }] }],
          eventHubNamespaces: [{ name: 'ns3', eventHubs: [{ name: 'hub4', consumerGroups: GROUPS }] }],
        },
      ],
    },
  ],
};

/** Every connection the world holds after `createConnections`, by database address. */
export const CONNECTIONS: Readonly<Record<string, readonly string[]>> = {
  [`${SUB_A}/testrg/kustoalpha/telemetry`]: ['123', 'cosmos-all', 'cosmos-min', 'EG All', 'eg-min', 'eh-all', 'eh-defaults', 'eh-min', 'Iot All', 'iot-min'],
  [`${SUB_A}/testrg/kustoalpha/Ops DB`]: ['EH-MIN'],
  [`${SUB_A}/OtherRG/kustobeta/telemetry`]: ['Eh-Min'],
  [`${SUB_A}/OtherRG/kustobeta/empty`]: [],
  [`${SUB_B}/rgb/kustogamma/gammadb`]: ['gamma-out-of-band'],
};

type Put = readonly [cluster: string, resourceGroup: string, database: string, name: string, body: DataConnectionUnion];

const PUTS: readonly Put[] = [
  // EventHub: nothing optional; everything set in odd casing; defaults written out.
  ['kustoalpha', 'testrg', 'telemetry', 'eh-min', { kind: 'EventHub', location: 'Central US', eventHubResourceId: REFS.hub1, consumerGroup: 'cg1' }],
  ['kustoalpha', 'testrg', 'telemetry', 'eh-all', {
    kind: 'EventHub', location: 'centralus', eventHubResourceId: REFS.hub1, consumerGroup: 'cg2', tableName: 'Events', mappingRuleName: 'Map_${env}',
    dataFormat: 'multijson', eventSystemProperties: ['x-opt-enqueued-time', 'x-opt-offset', 'message-id'], compression: 'gzip',
    managedIdentityResourceId: shouting(REFS.identity), databaseRouting: 'multi', retrievalStartDate: new Date('2024-02-29T12:34:56.789Z'),
  }],
  ['kustoalpha', 'testrg', 'telemetry', 'eh-defaults', {
    kind: 'EventHub', location: 'CentralUS', eventHubResourceId: shouting(REFS.hub1), consumerGroup: 'true', tableName: '123', mappingRuleName: 'yes',
    dataFormat: 'Parquet', eventSystemProperties: [], compression: 'None', databaseRouting: 'Single',
  }],
  ['kustoalpha', 'testrg', 'telemetry', '123', { kind: 'EventHub', location: 'Central US', eventHubResourceId: REFS.hub1, consumerGroup: '123', dataFormat: 'w3clogfile' }],
  // IotHub
  ['kustoalpha', 'testrg', 'telemetry', 'iot-min', { kind: 'IotHub', location: 'Central US', iotHubResourceId: REFS.iot, consumerGroup: '$Default', sharedAccessPolicyName: 'iothubforread' }],
  ['kustoalpha', 'testrg', 'telemetry', 'Iot All', {
    kind: 'IotHub', location: 'central us', iotHubResourceId: REFS.iot.replace('Microsoft.Devices/IotHubs', 'microsoft.devices/iothubs'), consumerGroup: 'yes',
    sharedAccessPolicyName: 'null', tableName: 'Events', mappingRuleName: 'Events_JSON', dataFormat: 'json',
    eventSystemProperties: ['message-id', 'iothub-enqueuedtime'], databaseRouting: 'MULTI', retrievalStartDate: new Date('2023-12-31T23:59:59.000Z'),
  }],
  // EventGrid
  ['kustoalpha', 'testrg', 'telemetry', 'eg-min', { kind: 'EventGrid', location: 'Central US', storageAccountResourceId: REFS.storage, eventHubResourceId: REFS.blobs, consumerGroup: 'cg1' }],
  ['kustoalpha', 'testrg', 'telemetry', 'EG All', {
    kind: 'EventGrid', location: 'Central US', storageAccountResourceId: shouting(REFS.storage), eventGridResourceId: REFS.eventGrid, eventHubResourceId: REFS.blobs,
    consumerGroup: 'cg2', tableName: 'Events', mappingRuleName: 'Events_JSON', dataFormat: 'Csv', ignoreFirstRecord: true,
    blobStorageEventType: 'microsoft.storage.blobrenamed', managedIdentityResourceId: shouting(REFS.alpha), databaseRouting: 'Multi',
  }],
  // CosmosDb
  ['kustoalpha', 'testrg', 'telemetry', 'cosmos-min', {
    kind: 'CosmosDb', location: 'Central US', cosmosDbAccountResourceId: REFS.cosmos, cosmosDbDatabase: 'cdb', cosmosDbContainer: 'c1', tableName: 'Events', managedIdentityResourceId: REFS.identity,
  }],
  ['kustoalpha', 'testrg', 'telemetry', 'cosmos-all', {
    kind: 'CosmosDb', location: 'centralus', cosmosDbAccountResourceId: shouting(REFS.cosmos), cosmosDbDatabase: 'cdb', cosmosDbContainer: 'c2', tableName: 'Events',
    mappingRuleName: 'Events_JSON', managedIdentityResourceId: REFS.alpha, retrievalStartDate: new Date('2024-06-01T00:00:00.000Z'),
  }],
  // Names that differ only by case from eh-min, in other databases and clusters.
  ['kustoalpha', 'testrg', 'Ops DB', 'EH-MIN', { kind: 'EventHub', location: 'Central US', eventHubResourceId: REFS.hub2, consumerGroup: 'cg1', tableName: 'Events', dataFormat: 'JSON' }],
  ['kustobeta', 'OtherRG', 'telemetry', 'Eh-Min', { kind: 'EventHub', location: 'West Europe', eventHubResourceId: REFS.hub3, consumerGroup: 'cg1', databaseRouting: 'Multi' }],
];

const credential = { getToken: async () => ({ token: 'export-tests', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Creates every connection of CONNECTIONS: through the real SDK, and one through the control API. */
export async function createConnections(emu: RunningEmulator): Promise<void> {
  const client = new KustoManagementClient(credential, SUB_A, { endpoint: emu.endpoint, tlsOptions: { ca: emu.ca } });
  for (const [cluster, group, database, name, body] of PUTS) {
    await client.dataConnections.beginCreateOrUpdateAndWait(group, cluster, database, name, body, { updateIntervalInMs: 5 });
  }
  emu.control.putDataConnection(
    { subscriptionId: SUB_B, resourceGroup: 'rgb', cluster: 'kustogamma', database: 'gammadb', name: 'gamma-out-of-band' },
    { kind: 'eventhub', location: 'eastus', properties: { eventHubResourceId: REFS.hub4, consumerGroup: '$Default', dataFormat: 'avro', compression: 'GZIP' } },
  );
}

export interface ExportWorld {
  readonly fx: EmulatorFixture;
  /** The flags that point a command at the emulator. */
  readonly flags: () => string[];
  /** `kustodian ARGS...` in process, in `cwd`: exit code and what it printed. */
  readonly kustodian: (cwd: string, ...args: string[]) => Promise<{ code: number; out: string; err: string }>;
}

/** For one test file: the emulator holding WORLD and its connections, with its CA certificate in a file. */
export function useExportWorld(): ExportWorld {
  const caDir = makeTree({});
  afterAll(() => caDir.cleanup());
  const caFile = path.join(caDir.dir, 'ca.pem');
  const fx = useEmulator({ seed: WORLD, operationDurationMs: 0, caFile });
  beforeAll(() => createConnections(fx.emu()));
  const flags = (): string[] => ['--endpoint', fx.emu().endpoint, '--ca-file', caFile, '--credential', 'emulator', '--poll-interval', '10ms'];
  return {
    fx,
    flags,
    async kustodian(cwd, ...args) {
      const io = captureIO(cwd);
      const code = await main(['node', 'kustodian', ...args], io);
      return { code, out: io.out(), err: io.err() };
    },
  };
}
