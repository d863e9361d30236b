/**
 * The real @azure/arm-kusto client against the emulator: every dataConnections method, all
 * four kinds, the service's answers (casing, defaults, locations) and its failures as the SDK
 * surfaces them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  CosmosDbDataConnection,
  DataConnectionUnion,
  EventGridDataConnection,
  EventHubDataConnection,
  IotHubDataConnection,
  KustoManagementClient,
} from '@azure/arm-kusto';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLUSTER, DB, DC_PATH, FAST, IDS, RG, SUB, api, clientFor, raw, rejection } from './helpers.js';

let emu: RunningEmulator;
let client: KustoManagementClient;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 20 });
  client = clientFor(emu);
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

const put = (name: string, body: DataConnectionUnion, db = DB) => client.dataConnections.beginCreateOrUpdateAndWait(RG, CLUSTER, db, name, body, FAST);

async function list(db = DB): Promise<DataConnectionUnion[]> {
  const out: DataConnectionUnion[] = [];
  for await (const dc of client.dataConnections.listByDatabase(RG, CLUSTER, db)) out.push(dc);
  return out;
}

const eventHub = (over: Partial<EventHubDataConnection> = {}): EventHubDataConnection => ({
  kind: 'EventHub',
  location: 'Central US',
  eventHubResourceId: IDS.telemetryHub,
  consumerGroup: 'adx',
  tableName: 'Telemetry',
  mappingRuleName: 'Telemetry_JSON_Mapping',
  dataFormat: 'JSON',
  ...over,
});

describe('round trips, one per kind, every writable property', () => {
  it('EventHub', async () => {
    const start = new Date('2024-03-01T10:00:00.123Z');
    const created = await put(
      'eh-all',
      eventHub({
        eventSystemProperties: ['x-opt-enqueued-time', 'x-opt-offset'],
        compression: 'GZip',
        managedIdentityResourceId: IDS.identity,
        databaseRouting: 'Multi',
        retrievalStartDate: start,
      }),
    );
    const got = (await client.dataConnections.get(RG, CLUSTER, DB, 'eh-all')) as EventHubDataConnection;
    expect(got).toEqual(created);
    expect(got).toMatchObject({
      id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/Clusters/${CLUSTER}/Databases/${DB}/DataConnections/eh-all`,
      name: `${CLUSTER}/${DB}/eh-all`,
      type: 'Microsoft.Kusto/Clusters/Databases/DataConnections',
      location: 'Central US',
      kind: 'EventHub',
      eventHubResourceId: IDS.telemetryHub,
      consumerGroup: 'adx',
      tableName: 'Telemetry',
      mappingRuleName: 'Telemetry_JSON_Mapping',
      dataFormat: 'JSON',
      eventSystemProperties: ['x-opt-enqueued-time', 'x-opt-offset'],
      compression: 'GZip',
      managedIdentityResourceId: IDS.identity,
      databaseRouting: 'Multi',
      provisioningState: 'Succeeded',
    });
    expect(got.retrievalStartDate?.toISOString()).toBe(start.toISOString());
    expect(got.managedIdentityObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('IotHub', async () => {
    const body: IotHubDataConnection = {
      kind: 'IotHub',
      location: 'centralus',
      iotHubResourceId: IDS.iotHub,
      consumerGroup: 'kustodian',
      sharedAccessPolicyName: 'iothubowner',
      tableName: 'StormEvents',
      mappingRuleName: 'StormEvents_CSV_Mapping',
      dataFormat: 'CSV',
      eventSystemProperties: ['message-id', 'iothub-enqueuedtime'],
      databaseRouting: 'Single',
      retrievalStartDate: new Date('2024-05-05T05:05:05.000Z'),
    };
    await put('iot-all', body);
    const got = (await client.dataConnections.get(RG, CLUSTER, DB, 'iot-all')) as IotHubDataConnection;
    const { location: _location, ...rest } = body;
    void _location;
    expect(got).toMatchObject({ ...rest, location: 'Central US', provisioningState: 'Succeeded' });
    expect('managedIdentityObjectId' in got).toBe(false);
  });

  it('EventGrid', async () => {
    const body: EventGridDataConnection = {
      kind: 'EventGrid',
      location: 'Central US',
      storageAccountResourceId: IDS.storage,
      eventGridResourceId: IDS.eventGrid,
      eventHubResourceId: IDS.blobHub,
      consumerGroup: 'adx',
      tableName: 'BlobLogs',
      mappingRuleName: 'BlobLogs_CSV_Mapping',
      dataFormat: 'CSV',
      ignoreFirstRecord: true,
      blobStorageEventType: 'Microsoft.Storage.BlobRenamed',
      managedIdentityResourceId: IDS.cluster,
      databaseRouting: 'Single',
    };
    await put('eg-all', body);
    const got = (await client.dataConnections.get(RG, CLUSTER, DB, 'eg-all')) as EventGridDataConnection;
    expect(got).toMatchObject({ ...body, provisioningState: 'Succeeded' });
    expect(typeof got.managedIdentityObjectId).toBe('string');
    expect('retrievalStartDate' in got).toBe(false);
  });

  it('CosmosDb', async () => {
    const body: CosmosDbDataConnection = {
      kind: 'CosmosDb',
      location: 'Central US',
      tableName: 'CosmosChanges',
      mappingRuleName: 'CosmosChanges_JSON_Mapping',
      managedIdentityResourceId: IDS.identity,
      cosmosDbAccountResourceId: IDS.cosmos,
      cosmosDbDatabase: 'telemetrydb',
      cosmosDbContainer: 'events',
      retrievalStartDate: new Date('2024-01-02T03:04:05.678Z'),
    };
    await put('cosmos-all', body);
    const got = (await client.dataConnections.get(RG, CLUSTER, DB, 'cosmos-all')) as CosmosDbDataConnection;
    expect(got).toMatchObject({ ...body, provisioningState: 'Succeeded' });
    expect(typeof got.managedIdentityObjectId).toBe('string');
    expect('databaseRouting' in got).toBe(false);
  });
});

describe('what the service fills in and how it spells things', () => {
  it('answers the shape of the spec example KustoDataConnectionsGet.json (2023-08-15), key for key and in order', async () => {
    const example = {
      id: '/subscriptions/12345678-1234-1234-1234-123456789098/resourceGroups/kustorptest/providers/Microsoft.Kusto/Clusters/kustoCluster/Databases/KustoDatabase8/DataConnections/dataConnectionTest',
      name: 'kustoCluster/KustoDatabase8/dataConnectionTest',
      type: 'Microsoft.Kusto/Clusters/Databases/DataConnections',
      location: 'westus',
      kind: 'EventHub',
      properties: [
        'eventHubResourceId',
        'consumerGroup',
        'tableName',
        'mappingRuleName',
        'dataFormat',
        'eventSystemProperties',
        'compression',
        'managedIdentityResourceId',
        'managedIdentityObjectId',
        'databaseRouting',
        'retrievalStartDate',
        'provisioningState',
      ],
    };
    const body = { kind: 'EventHub', location: 'centralus', properties: { eventHubResourceId: IDS.telemetryHub, consumerGroup: 'adx', tableName: 'Telemetry', mappingRuleName: 'Telemetry_JSON_Mapping', dataFormat: 'JSON', managedIdentityResourceId: IDS.identity } };
    expect((await raw(emu, 'PUT', api(`${DC_PATH}/shape`), { body: JSON.stringify(body) })).status).toBe(201);
    const got = (await raw(emu, 'GET', api(`${DC_PATH}/shape`))).json as Record<string, unknown>;
    const { properties: exampleProps, ...top } = example;
    expect(Object.keys(got)).toEqual(Object.keys({ ...top, properties: {} }));
    expect(Object.keys(got['properties'] as object)).toEqual(exampleProps);
    expect(got['id']).toBe(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/Clusters/${CLUSTER}/Databases/${DB}/DataConnections/shape`);
    expect((got['properties'] as Record<string, unknown>)['retrievalStartDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });

  it('fills the defaults of each kind and answers the exact kind spelling', async () => {
    const before = Date.now();
    await put('eh-min', { kind: 'EventHub', eventHubResourceId: IDS.telemetryHub, consumerGroup: 'adx' });
    await put('iot-min', { kind: 'IotHub', iotHubResourceId: IDS.iotHub, consumerGroup: 'kustodian', sharedAccessPolicyName: 'iothubforread' });
    await put('eg-min', { kind: 'EventGrid', storageAccountResourceId: IDS.storage, eventHubResourceId: IDS.blobHub, consumerGroup: 'adx' });
    const all = new Map((await list()).map((dc) => [dc.name?.split('/')[2], dc]));
    const eh = all.get('eh-min') as EventHubDataConnection;
    expect(eh).toMatchObject({ kind: 'EventHub', location: 'Central US', compression: 'None', eventSystemProperties: [], databaseRouting: 'Single' });
    expect(eh.retrievalStartDate?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const iot = all.get('iot-min') as IotHubDataConnection;
    expect(iot).toMatchObject({ kind: 'IotHub', eventSystemProperties: [], databaseRouting: 'Single' });
    expect(iot.retrievalStartDate).toBeInstanceOf(Date);
    expect(all.get('eg-min')).toMatchObject({
      kind: 'EventGrid',
      ignoreFirstRecord: false,
      blobStorageEventType: 'Microsoft.Storage.BlobCreated',
      databaseRouting: 'Single',
    });
  });

  it.each(['westus', 'Central US', 'CentralUS', 'centralus', 'CENTRAL us'])('answers the display name for location %j', async (location) => {
    if (location === 'westus') {
      const err = await rejection(put('loc', eventHub({ location })));
      expect(err.name).toBe('RestError');
      expect(err.statusCode).toBe(400);
      expect((err.details as { error?: { target?: string } }).error?.target).toBe('location');
      return;
    }
    const dc = await put('loc', eventHub({ location }));
    expect(dc.location).toBe('Central US');
  });

  it('answers enums in the service spelling whatever case was sent', async () => {
    const dc = (await put('enums', eventHub({ dataFormat: 'multijson', compression: 'gzip' as 'GZip' }))) as EventHubDataConnection;
    expect(dc.dataFormat).toBe('MULTIJSON');
    expect(dc.compression).toBe('GZip');
  });

  it('keeps the casing of the first creation; lookups ignore case', async () => {
    await put('MyConn', eventHub());
    const updated = await put('myconn', eventHub({ dataFormat: 'MULTIJSON' }));
    expect(updated.name).toBe(`${CLUSTER}/${DB}/MyConn`);
    expect((await client.dataConnections.get(RG, 'MYKUSTOCLUSTER', 'MyKustoDatabase', 'MYCONN')).name).toBe(`${CLUSTER}/${DB}/MyConn`);
    expect((await list()).filter((dc) => dc.name?.toLowerCase().endsWith('/myconn'))).toHaveLength(1);
  });

  it('lists the seeded connections, the drifted IoT hub one included', async () => {
    const names = (await list()).map((dc) => dc.name);
    expect(names).toEqual([`${CLUSTER}/${DB}/legacy-import`, `${CLUSTER}/${DB}/storm-events-iothub`]);
    const iot = (await client.dataConnections.get(RG, CLUSTER, DB, 'storm-events-iothub')) as IotHubDataConnection;
    expect(iot).toMatchObject({ dataFormat: 'JSON', databaseRouting: 'Multi', location: 'Central US', sharedAccessPolicyName: 'iothubforread' });
    expect(await list('analyticsdb')).toEqual([]);
  });

  it('works the same at api-version 2024-04-13', async () => {
    const newer = clientFor(emu, { apiVersion: '2024-04-13' });
    await newer.dataConnections.beginCreateOrUpdateAndWait(RG, CLUSTER, DB, 'newer', eventHub(), FAST);
    await newer.dataConnections.beginDeleteAndWait(RG, CLUSTER, DB, 'newer', FAST);
    const versions = new Set(emu.control.requests().map((r) => r.apiVersion));
    expect(versions).toEqual(new Set(['2024-04-13']));
  });
});

describe('update, delete, validation and name check', () => {
  it('beginUpdateAndWait merges into the connection (the body must carry kind)', async () => {
    await put('patch-me', eventHub());
    const patched = (await client.dataConnections.beginUpdateAndWait(RG, CLUSTER, DB, 'patch-me', { kind: 'EventHub', dataFormat: 'MULTIJSON' }, FAST)) as EventHubDataConnection;
    expect(patched).toMatchObject({ dataFormat: 'MULTIJSON', tableName: 'Telemetry', consumerGroup: 'adx', provisioningState: 'Succeeded' });
  });

  it('beginUpdate of a missing connection is a 404', async () => {
    const err = await rejection(client.dataConnections.beginUpdateAndWait(RG, CLUSTER, DB, 'nope', { kind: 'EventHub' }, FAST));
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('ResourceNotFound');
  });

  it('beginDeleteAndWait removes it; deleting a missing connection succeeds (204)', async () => {
    await put('del-me', eventHub());
    await client.dataConnections.beginDeleteAndWait(RG, CLUSTER, DB, 'del-me', FAST);
    const err = await rejection(client.dataConnections.get(RG, CLUSTER, DB, 'del-me'));
    expect(err.statusCode).toBe(404);
    await client.dataConnections.beginDeleteAndWait(RG, CLUSTER, DB, 'del-me', FAST);
    expect(emu.control.requests().filter((r) => r.operation === 'delete').map((r) => r.status)).toEqual([202, 204]);
  });

  it('dataConnectionValidation answers every problem a PUT would hit, and none when fine', async () => {
    const fine = await client.dataConnections.beginDataConnectionValidationAndWait(RG, CLUSTER, DB, { dataConnectionName: 'ok', properties: eventHub() }, FAST);
    expect(fine.value).toEqual([]);
    const bad = await client.dataConnections.beginDataConnectionValidationAndWait(
      RG,
      CLUSTER,
      DB,
      { dataConnectionName: 'bad', properties: eventHub({ consumerGroup: '$Default', tableName: 'NoSuchTable', location: 'West Europe' }) },
      FAST,
    );
    const messages = (bad.value ?? []).map((v) => v.errorMessage ?? '');
    expect(messages).toHaveLength(3);
    expect(messages).toContain('event hub resource id and consumer group tuple provided are already used');
    expect(messages.some((m) => m.includes('NoSuchTable'))).toBe(true);
    expect(messages.some((m) => m.includes('Central US'))).toBe(true);
  });

  it('checkNameAvailability: available, AlreadyExists (any casing), Invalid', async () => {
    const type = 'Microsoft.Kusto/clusters/databases/dataConnections';
    const check = (name: string) => client.dataConnections.checkNameAvailability(RG, CLUSTER, DB, { name, type });
    expect(await check('fresh-name')).toMatchObject({ name: 'fresh-name', nameAvailable: true });
    expect(await check('LEGACY-IMPORT')).toMatchObject({ nameAvailable: false, reason: 'AlreadyExists' });
    const invalid = await check('bad/name!');
    expect(invalid).toMatchObject({ nameAvailable: false, reason: 'Invalid' });
    expect(invalid.message).toMatch(/letters, digits/);
    expect(await check('x'.repeat(41))).toMatchObject({ nameAvailable: false, reason: 'Invalid' });
    expect(await check('   ')).toMatchObject({ nameAvailable: false, reason: 'Invalid' });
    expect(await check('ok name.v-2')).toMatchObject({ nameAvailable: true });
  });
});

describe('failures, as the SDK surfaces them', () => {
  const expectRest = (err: Error & { statusCode?: number; code?: string; details?: unknown }, status: number, code: string, target?: string) => {
    expect(err.name).toBe('RestError');
    expect(err.statusCode).toBe(status);
    expect(err.code).toBe(code);
    if (target !== undefined) expect((err.details as { error?: { target?: string } }).error?.target).toBe(target);
  };

  it('unknown subscription, resource group, cluster, database, connection → 404 with ARM codes', async () => {
    const other = clientFor(emu, {}, '11111111-1111-1111-1111-111111111111');
    expectRest(await rejection(other.dataConnections.get(RG, CLUSTER, DB, 'x')), 404, 'SubscriptionNotFound');
    expectRest(await rejection(client.dataConnections.get('nope-rg', CLUSTER, DB, 'x')), 404, 'ResourceGroupNotFound');
    expectRest(await rejection(client.dataConnections.get(RG, 'nope', DB, 'x')), 404, 'ResourceNotFound');
    expectRest(await rejection(client.dataConnections.get(RG, CLUSTER, 'nope', 'x')), 404, 'ResourceNotFound');
    expectRest(await rejection(client.dataConnections.get(RG, CLUSTER, DB, 'x')), 404, 'ResourceNotFound');
    expectRest(await rejection(put('x', eventHub(), 'nope')), 404, 'ResourceNotFound');
  });

  it('required property missing, bad enum, bad name → 400 with the target', async () => {
    expectRest(await rejection(put('a', eventHub({ consumerGroup: undefined }))), 400, 'BadRequest', 'properties.consumerGroup');
    expectRest(await rejection(put('a', { kind: 'IotHub', iotHubResourceId: IDS.iotHub, consumerGroup: '$Default' })), 400, 'BadRequest', 'properties.sharedAccessPolicyName');
    expectRest(await rejection(put('a', eventHub({ dataFormat: 'XML' as 'JSON' }))), 400, 'BadRequest', 'properties.dataFormat');
    expectRest(await rejection(put('a', eventHub({ databaseRouting: 'Both' as 'Multi' }))), 400, 'BadRequest', 'properties.databaseRouting');
    expectRest(await rejection(put('bad_name', eventHub())), 400, 'InvalidResourceName', 'name');
    expectRest(await rejection(put('y'.repeat(41), eventHub())), 400, 'InvalidResourceName', 'name');
  });

  it('unknown references → 400 naming the property', async () => {
    const ns = IDS.telemetryHub.replace('myeventhubns', 'otherns');
    const hub = IDS.telemetryHub.replace('/telemetry', '/nohub');
    expectRest(await rejection(put('r', eventHub({ eventHubResourceId: ns }))), 400, 'BadRequest', 'properties.eventHubResourceId');
    expectRest(await rejection(put('r', eventHub({ eventHubResourceId: hub }))), 400, 'BadRequest', 'properties.eventHubResourceId');
    expectRest(await rejection(put('r', eventHub({ consumerGroup: 'nogroup' }))), 400, 'BadRequest', 'properties.consumerGroup');
    expectRest(await rejection(put('r', eventHub({ managedIdentityResourceId: `${IDS.identity}-x` }))), 400, 'BadRequest', 'properties.managedIdentityResourceId');
    expectRest(
      await rejection(put('r', { kind: 'IotHub', iotHubResourceId: IDS.iotHub, consumerGroup: 'kustodian', sharedAccessPolicyName: 'nopolicy' })),
      400,
      'BadRequest',
      'properties.sharedAccessPolicyName',
    );
    expectRest(
      await rejection(put('r', { kind: 'EventGrid', storageAccountResourceId: `${IDS.storage}x`, eventHubResourceId: IDS.blobHub, consumerGroup: 'adx' })),
      400,
      'BadRequest',
      'properties.storageAccountResourceId',
    );
    expectRest(
      await rejection(
        put('r', {
          kind: 'CosmosDb',
          tableName: 'CosmosChanges',
          managedIdentityResourceId: IDS.identity,
          cosmosDbAccountResourceId: IDS.cosmos,
          cosmosDbDatabase: 'telemetrydb',
          cosmosDbContainer: 'nocontainer',
        }),
      ),
      400,
      'BadRequest',
      'properties.cosmosDbContainer',
    );
  });

  it('the (event hub, consumer group) pair already used → 400 with the service message', async () => {
    const err = await rejection(put('dup', eventHub({ consumerGroup: '$Default' })));
    expectRest(err, 400, 'BadRequest');
    expect(err.message).toBe('event hub resource id and consumer group tuple provided are already used');
    // An EventGrid connection on the same hub and group collides too.
    await put('eg', { kind: 'EventGrid', storageAccountResourceId: IDS.storage, eventHubResourceId: IDS.blobHub, consumerGroup: 'adx' });
    expectRest(await rejection(put('eh2', eventHub({ eventHubResourceId: IDS.blobHub }))), 400, 'BadRequest');
  });

  it('missing table or mapping fails the long-running operation; the connection is not created', async () => {
    const table = await rejection(put('no-table', eventHub({ tableName: 'Nope' })));
    expect(table.message).toBe("The long-running operation has failed. EventHubValidationErorFound. Table 'Nope' does not exist in database 'mykustodatabase'.");
    const mapping = await rejection(put('no-mapping', eventHub({ mappingRuleName: 'Nope' })));
    expect(mapping.message).toContain('EventHubValidationErorFound');
    expect(mapping.message).toContain("Mapping 'Nope'");
    expect((await list()).map((dc) => dc.name)).not.toContain(`${CLUSTER}/${DB}/no-table`);
    expect((await rejection(client.dataConnections.get(RG, CLUSTER, DB, 'no-mapping'))).statusCode).toBe(404);
  });

  it('a failed update keeps the previous properties with provisioningState Failed', async () => {
    await put('upd', eventHub());
    await rejection(put('upd', eventHub({ mappingRuleName: 'Missing' })));
    const got = (await client.dataConnections.get(RG, CLUSTER, DB, 'upd')) as EventHubDataConnection;
    expect(got).toMatchObject({ mappingRuleName: 'Telemetry_JSON_Mapping', provisioningState: 'Failed' });
  });

  it('changing kind or an immutable property → 400', async () => {
    await put('imm', eventHub());
    expectRest(await rejection(put('imm', { kind: 'IotHub', iotHubResourceId: IDS.iotHub, consumerGroup: 'kustodian', sharedAccessPolicyName: 'iothubowner' })), 400, 'BadRequest', 'kind');
    expectRest(await rejection(put('imm', eventHub({ compression: 'GZip' }))), 400, 'BadRequest', 'properties.compression');
    expectRest(await rejection(put('imm', eventHub({ databaseRouting: 'Multi' }))), 400, 'BadRequest', 'properties.databaseRouting');
    expectRest(await rejection(put('imm', eventHub({ eventHubResourceId: IDS.blobHub }))), 400, 'BadRequest', 'properties.eventHubResourceId');
    // Resource IDs compare case-insensitively; mutable properties change in place.
    const ok = (await put('imm', eventHub({ eventHubResourceId: IDS.telemetryHub.toLowerCase(), dataFormat: 'MULTIJSON' }))) as EventHubDataConnection;
    expect(ok.dataFormat).toBe('MULTIJSON');
    // The seeded IoT hub connection routes Multi: a PUT that leaves routing out means Single, a change.
    const iot = { kind: 'IotHub' as const, iotHubResourceId: IDS.iotHub, consumerGroup: '$Default', sharedAccessPolicyName: 'iothubforread', dataFormat: 'CSV' as const };
    expectRest(await rejection(put('storm-events-iothub', iot)), 400, 'BadRequest', 'properties.databaseRouting');
  });

  it('every property of a CosmosDb connection is immutable', async () => {
    const cosmos: CosmosDbDataConnection = {
      kind: 'CosmosDb',
      tableName: 'CosmosChanges',
      managedIdentityResourceId: IDS.identity,
      cosmosDbAccountResourceId: IDS.cosmos,
      cosmosDbDatabase: 'telemetrydb',
      cosmosDbContainer: 'events',
    };
    await put('cdb', cosmos);
    expectRest(await rejection(put('cdb', { ...cosmos, mappingRuleName: 'CosmosChanges_JSON_Mapping' })), 400, 'BadRequest', 'properties.mappingRuleName');
    await put('cdb', cosmos);
  });
});
