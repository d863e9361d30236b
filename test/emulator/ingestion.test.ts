/**
 * Ingestion failures recorded as the service would: a connection receives a batch every
 * interval; a batch whose table is missing, whose mapping is missing, or whose mapping is of a
 * kind its data format cannot use fails and shows in `.show ingestion failures`; a good
 * connection records none. Time is a ManualClock: no waiting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB, clusterSeed, raw } from './helpers.js';

const INTERVAL = 1000;
const HUB = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.EventHub/namespaces/ns1/eventhubs/telemetry`;
const DB_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters/kc/databases/db1`;

const SEED: EmulatorSeed = clusterSeed(
  {
    tables: [{ name: 'Telemetry', mappings: [{ name: 'TJson', kind: 'Json' }, { name: 'TCsv', kind: 'Csv' }] }],
    dataConnections: [
      // Seeded connections are taken as written: this one names a table that does not exist.
      { name: 'orphan', kind: 'EventHub', properties: { eventHubResourceId: HUB, consumerGroup: 'other', tableName: 'Gone', dataFormat: 'JSON' } },
    ],
  },
  { eventHubNamespaces: [{ name: 'ns1', eventHubs: [{ name: 'telemetry', consumerGroups: ['a', 'b', 'c', 'other'] }] }] },
);

interface V1 {
  Tables: { Columns: { ColumnName: string; ColumnType: string }[]; Rows: unknown[][] }[];
}

const clock = new ManualClock(Date.UTC(2025, 0, 1));
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, operationDurationMs: 0, clock, ingestionIntervalMs: INTERVAL });
});
afterAll(() => emu.stop());
beforeEach(() => {
  clock.set(Date.UTC(2025, 0, 1));
  emu.control.reset();
});

async function create(name: string, consumerGroup: string, properties: Record<string, unknown>): Promise<number> {
  const res = await raw(emu, 'PUT', `${DB_PATH}/dataConnections/${name}?api-version=2023-08-15`, {
    body: JSON.stringify({ kind: 'EventHub', location: 'West Europe', properties: { eventHubResourceId: HUB, consumerGroup, ...properties } }),
  });
  expect(res.status).toBe(201);
  const get = await raw(emu, 'GET', `${DB_PATH}/dataConnections/${name}?api-version=2023-08-15`);
  return get.status;
}

async function failures(where = ''): Promise<Record<string, unknown>[]> {
  const res = await raw(emu, 'POST', '/kusto/kc/v1/rest/mgmt', { body: JSON.stringify({ db: 'db1', csl: `.show ingestion failures${where}` }) });
  expect(res.status).toBe(200);
  const t = (res.json as V1).Tables[0];
  return (t?.Rows ?? []).map((row) => Object.fromEntries((t?.Columns ?? []).map((c, i) => [c.ColumnName, row[i]])));
}

describe('ingestion failures', () => {
  it('a good connection records none however long data flows', async () => {
    expect(await create('good', 'a', { tableName: 'Telemetry', mappingRuleName: 'TJson', dataFormat: 'MULTIJSON' })).toBe(200);
    clock.advance(10 * INTERVAL);
    expect((await failures(" | where Table == 'Telemetry'")).length).toBe(0);
    const feeds = (await raw(emu, 'GET', '/_emulator/ingestion')).json as { feeds: { connection: string; batches: number; failed: number }[] };
    expect(feeds.feeds.find((f) => f.connection === 'kc/db1/good')).toMatchObject({ batches: 10, failed: 0 });
  });

  it('each ingested batch adds an extent, which .show table T details shows (data seen since a time)', async () => {
    const start = clock.now();
    const details = async () => {
      const res = await raw(emu, 'POST', '/kusto/kc/v1/rest/mgmt', { body: JSON.stringify({ db: 'db1', csl: '.show table Telemetry details | project TotalExtents, TotalRowCount, MinExtentsCreationTime, MaxExtentsCreationTime' }) });
      return (res.json as V1).Tables[0]?.Rows[0];
    };
    expect(await details()).toEqual([0, 0, null, null]);
    expect(await create('flowing', 'a', { tableName: 'Telemetry', mappingRuleName: 'TJson', dataFormat: 'JSON' })).toBe(200);
    clock.advance(3 * INTERVAL);
    const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '0000Z');
    expect(await details()).toEqual([3, 300, iso(start + INTERVAL), iso(start + 3 * INTERVAL)]);
    const res = await raw(emu, 'POST', '/kusto/kc/v1/rest/mgmt', {
      body: JSON.stringify({ db: 'db1', csl: `.show tables details | where MaxExtentsCreationTime > datetime(${new Date(start).toISOString()}) | project TableName` }),
    });
    expect((res.json as V1).Tables[0]?.Rows).toEqual([['Telemetry']]);
  });

  it('a connection whose mapping is of another kind than its format records BadRequest_InvalidMappingReference for each batch', async () => {
    const start = clock.now();
    expect(await create('mismatch', 'b', { tableName: 'Telemetry', mappingRuleName: 'TCsv', dataFormat: 'JSON' })).toBe(200);
    clock.advance(3 * INTERVAL);
    const rows = await failures(` | where Table == 'Telemetry' and FailedOn > datetime(${new Date(start).toISOString()})`);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      Database: 'db1',
      Table: 'Telemetry',
      FailedOn: new Date(start + INTERVAL).toISOString().replace('Z', '0000Z'),
      ErrorCode: 'BadRequest_InvalidMappingReference',
      FailureKind: 'Permanent',
      OperationKind: 'DataIngestPull',
      OriginatesFromUpdatePolicy: false,
      ShouldRetry: false,
      IngestionSourcePath: HUB,
      NumberOfSources: 1,
    });
    expect(String(rows[0]?.['Details'])).toMatch(/'TCsv'.*kind 'Csv'.*data format 'json'/);
    expect(JSON.parse(String(rows[0]?.['IngestionProperties']))).toMatchObject({ DataConnection: 'kc/db1/mismatch', IngestionMappingReference: 'TCsv' });
  });

  it('the failures table has the documented columns and types', async () => {
    const res = await raw(emu, 'POST', '/kusto/kc/v1/rest/mgmt', { body: JSON.stringify({ db: 'db1', csl: '.show ingestion failures' }) });
    expect((res.json as V1).Tables[0]?.Columns.map((c) => `${c.ColumnName}:${c.ColumnType}`)).toEqual([
      'OperationId:guid',
      'Database:string',
      'Table:string',
      'FailedOn:datetime',
      'IngestionSourcePath:string',
      'Details:string',
      'FailureKind:string',
      'RootActivityId:guid',
      'OperationKind:string',
      'OriginatesFromUpdatePolicy:bool',
      'ErrorCode:string',
      'Principal:string',
      'ShouldRetry:bool',
      'User:string',
      'IngestionProperties:string',
      'NumberOfSources:int',
    ]);
  });

  it('a table dropped after creation fails later batches with BadRequest_TableNotExist; a missing mapping with BadRequest_MappingReferenceWasNotFound', async () => {
    expect(await create('dropped', 'c', { tableName: 'Telemetry', mappingRuleName: 'TJson', dataFormat: 'JSON' })).toBe(200);
    clock.advance(INTERVAL);
    expect(await failures(" | where Table == 'Telemetry'")).toHaveLength(0);
    expect((await raw(emu, 'DELETE', '/_emulator/kusto/kc/db1/tables/Telemetry/mappings/TJson')).status).toBe(204);
    clock.advance(INTERVAL);
    expect((await failures(" | where Table == 'Telemetry'")).map((f) => f['ErrorCode'])).toEqual(['BadRequest_MappingReferenceWasNotFound']);
    expect((await raw(emu, 'DELETE', '/_emulator/kusto/kc/db1/tables/Telemetry')).status).toBe(204);
    clock.advance(INTERVAL);
    expect((await failures(" | where Table == 'Telemetry' | order by FailedOn asc")).map((f) => f['ErrorCode'])).toEqual([
      'BadRequest_MappingReferenceWasNotFound',
      'BadRequest_TableNotExist',
    ]);
  });

  it('a seeded connection naming a missing table records failures; a create naming one fails and records none', async () => {
    clock.advance(INTERVAL);
    expect((await failures(" | where Table == 'Gone'")).map((f) => f['ErrorCode'])).toEqual(['BadRequest_TableNotExist']);
    const res = await raw(emu, 'PUT', `${DB_PATH}/dataConnections/nowhere?api-version=2023-08-15`, {
      body: JSON.stringify({ kind: 'EventHub', location: 'West Europe', properties: { eventHubResourceId: HUB, consumerGroup: 'a', tableName: 'Nowhere', dataFormat: 'JSON' } }),
    });
    expect(res.status).toBe(201);
    expect((await raw(emu, 'GET', `${DB_PATH}/dataConnections/nowhere?api-version=2023-08-15`)).status).toBe(404);
    clock.advance(5 * INTERVAL);
    expect(await failures(" | where Table == 'Nowhere'")).toHaveLength(0);
  });

  it('control: a tick plays one batch now, failures can be injected and read by OperationId', async () => {
    const tick = await raw(emu, 'POST', '/_emulator/ingestion/tick');
    expect(tick.json).toEqual({ batches: 1 });
    expect(await failures(" | where Table == 'Gone'")).toHaveLength(1);
    const injected = await raw(emu, 'POST', '/_emulator/ingestion/failures', {
      body: JSON.stringify({ cluster: 'kc', database: 'db1', table: 'Telemetry', errorCode: 'Stream_WrongNumberOfFields', details: 'bad csv' }),
    });
    expect(injected.status).toBe(201);
    const id = (injected.json as { operationId: string }).operationId;
    const rows = await failures(` with (OperationId = '${id}')`);
    expect(rows.map((r) => [r['OperationId'], r['ErrorCode'], r['Details']])).toEqual([[id, 'Stream_WrongNumberOfFields', 'bad csv']]);
    expect(((await raw(emu, 'GET', '/_emulator/ingestion/failures')).json as { value: unknown[] }).value).toHaveLength(2);
  });

  it('the interval is a setting', async () => {
    expect((await raw(emu, 'PATCH', '/_emulator/settings', { body: JSON.stringify({ ingestionIntervalMs: 250 }) })).status).toBe(200);
    expect(((await raw(emu, 'GET', '/_emulator/ingestion')).json as { intervalMs: number }).intervalMs).toBe(250);
    expect((await raw(emu, 'PATCH', '/_emulator/settings', { body: JSON.stringify({ ingestionIntervalMs: 0 }) })).status).toBe(400);
  });
});
