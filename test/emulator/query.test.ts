/**
 * The emulated engine's query endpoint: the row count of a table over a span of ingestion time,
 * answered in v1 and v2 as the service does, from the extents the ingestion model records;
 * sources that send nothing give their connections no rows and no failures; a
 * retrievalStartDate in the past reads the backlog with the first batch. Anything but the one
 * query shape is refused in the service's error shape. Time is a ManualClock: no waiting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB, clusterSeed, raw } from './helpers.js';

const INTERVAL = 1000;
const T0 = Date.UTC(2025, 0, 1);
const NS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.EventHub/namespaces/ns1`;
const HUB = `${NS}/eventhubs/telemetry`;
const QUIET = `${NS}/eventhubs/quiet`;
const DB_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters/kc/databases/db1`;

const SEED: EmulatorSeed = clusterSeed(
  {
    tables: [
      { name: 'Telemetry', mappings: [{ name: 'TJson', kind: 'Json' }, { name: 'TCsv', kind: 'Csv' }] },
      { name: 'History', extents: [{ rows: 40, ingestedAt: '2024-12-31T00:00:00Z' }, { rows: 2 }] },
    ],
  },
  { eventHubNamespaces: [{ name: 'ns1', eventHubs: [{ name: 'telemetry', consumerGroups: ['a', 'b'] }, { name: 'quiet', idle: true, consumerGroups: ['a'] }] }] },
);

interface V1 {
  Tables: { TableName: string; Columns: { ColumnName: string; DataType: string; ColumnType: string }[]; Rows: unknown[][] }[];
}

const clock = new ManualClock(T0);
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, operationDurationMs: 0, clock, ingestionIntervalMs: INTERVAL });
});
afterAll(() => emu.stop());
beforeEach(() => {
  clock.set(T0);
  emu.control.reset();
});

async function create(name: string, properties: Record<string, unknown>): Promise<void> {
  const res = await raw(emu, 'PUT', `${DB_PATH}/dataConnections/${name}?api-version=2023-08-15`, {
    body: JSON.stringify({ kind: 'EventHub', location: 'West Europe', properties: { eventHubResourceId: HUB, consumerGroup: 'a', tableName: 'Telemetry', mappingRuleName: 'TJson', dataFormat: 'JSON', ...properties } }),
  });
  expect(res.status).toBe(201);
  // The create finishes (and the connection starts reading) when someone looks.
  expect((await raw(emu, 'GET', `${DB_PATH}/dataConnections/${name}?api-version=2023-08-15`)).status).toBe(200);
}

const iso = (ms: number) => new Date(ms).toISOString();
const countSince = (table: string, since: number) => `['${table}'] | where ingestion_time() >= datetime(${iso(since)}) | count`;

async function query(csl: string, version: 'v1' | 'v2' = 'v1') {
  return raw(emu, 'POST', `/kusto/kc/${version}/rest/query`, { body: JSON.stringify({ db: 'db1', csl, properties: { Options: {} } }) });
}

async function count(csl: string): Promise<unknown> {
  const res = await query(csl);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return (res.json as V1).Tables[0]?.Rows[0]?.[0];
}

describe('the query endpoint', () => {
  it('counts the rows ingested since a time, in the v1 format with the status and contents tables', async () => {
    await create('good', {});
    clock.advance(3 * INTERVAL);
    const res = await query(countSince('Telemetry', T0));
    expect(res.status).toBe(200);
    const body = res.json as V1;
    expect(body.Tables.map((t) => t.TableName)).toEqual(['Table_0', 'Table_1', 'Table_2', 'Table_3']);
    expect(body.Tables[0]).toEqual({ TableName: 'Table_0', Columns: [{ ColumnName: 'Count', DataType: 'Int64', ColumnType: 'long' }], Rows: [[300]] });
    expect(body.Tables[3]?.Rows.map((r) => r[2])).toEqual(['PrimaryResult', '@ExtendedProperties', 'QueryStatus']);
    expect(await count(countSince('Telemetry', T0 + 2 * INTERVAL))).toBe(200);
    expect(await count(`Telemetry | where ingestion_time() > datetime(${iso(T0 + INTERVAL)}) and ingestion_time() < datetime(${iso(T0 + 3 * INTERVAL)}) | count`)).toBe(100);
  });

  it('answers v2 as frames: DataSetHeader, the PrimaryResult table, DataSetCompletion', async () => {
    const res = await query('History | count', 'v2');
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      expect.objectContaining({ FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0' }),
      { FrameType: 'DataTable', TableId: 0, TableKind: 'PrimaryResult', TableName: 'PrimaryResult', Columns: [{ ColumnName: 'Count', ColumnType: 'long' }], Rows: [[42]] },
      { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
    ]);
  });

  it('seeded extents and extents recorded through the control API count by their ingestion time', async () => {
    expect(await count(countSince('History', Date.UTC(2024, 11, 31, 12)))).toBe(2);
    const added = await raw(emu, 'POST', '/_emulator/kusto/kc/db1/tables/History/extents', { body: JSON.stringify({ rows: 5, ingestedAt: iso(T0 + 60_000) }) });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({ totalRows: 47 });
    expect(await count(countSince('History', T0 + 1))).toBe(5);
    expect((await raw(emu, 'POST', '/_emulator/kusto/kc/db1/tables/History/extents', { body: JSON.stringify({ rows: 0 }) })).status).toBe(400);
    expect((await raw(emu, 'POST', '/_emulator/kusto/kc/db1/tables/Nope/extents', { body: JSON.stringify({ rows: 1 }) })).status).toBe(404);
  });

  it('a connection to an idle source receives nothing: no rows, and no failures even with a mapping that cannot work', async () => {
    await create('silent', { eventHubResourceId: QUIET, mappingRuleName: 'TCsv' });
    clock.advance(5 * INTERVAL);
    expect(await count(countSince('Telemetry', T0))).toBe(0);
    const failures = await raw(emu, 'POST', '/kusto/kc/v1/rest/mgmt', { body: JSON.stringify({ db: 'db1', csl: '.show ingestion failures | count' }) });
    expect((failures.json as V1).Tables[0]?.Rows).toEqual([[0]]);
    // Someone starts sending: the failures begin.
    expect((await raw(emu, 'PUT', '/_emulator/ingestion/sources', { body: JSON.stringify({ resourceId: QUIET, idle: false }) })).status).toBe(204);
    clock.advance(INTERVAL);
    expect(((await raw(emu, 'POST', '/kusto/kc/v1/rest/mgmt', { body: JSON.stringify({ db: 'db1', csl: '.show ingestion failures | count' }) })).json as V1).Tables[0]?.Rows).toEqual([[1]]);
    expect((await raw(emu, 'PUT', '/_emulator/ingestion/sources', { body: JSON.stringify({ resourceId: HUB }) })).status).toBe(400);
  });

  it('a retrievalStartDate in the past reads the backlog with the first batch', async () => {
    clock.advance(10 * INTERVAL);
    await create('replayed', { retrievalStartDate: iso(T0 + 4 * INTERVAL) });
    clock.advance(INTERVAL);
    // Six intervals enqueued before the connection started, and its own first batch.
    expect(await count(countSince('Telemetry', T0))).toBe(700);
    clock.advance(INTERVAL);
    expect(await count(countSince('Telemetry', T0))).toBe(800);
  });

  it('refuses what it does not answer, in the service\'s error shape', async () => {
    const cases: [string, number, string][] = [
      ['Telemetry | take 10', 400, 'BadRequest_SyntaxError'],
      ['Telemetry | where Name == "x" | count', 400, 'BadRequest_SemanticError'],
      ['Telemetry | where ingestion_time() > 5 | count', 400, 'BadRequest_SemanticError'],
      ['NoSuchTable | count', 400, 'BadRequest_EntityNotFound'],
      ['.show tables', 400, 'BadRequest_SyntaxError'],
      ['print 1', 400, 'BadRequest_SyntaxError'],
    ];
    for (const [csl, status, code] of cases) {
      const res = await query(csl);
      expect([csl, res.status, (res.json as { error: { code: string } }).error.code]).toEqual([csl, status, code]);
    }
    const anonymous = await raw(emu, 'POST', '/kusto/kc/v1/rest/query', { body: JSON.stringify({ db: 'db1', csl: 'History | count' }), anonymous: true });
    expect(anonymous.status).toBe(401);
  });
});

describe('Azure Monitor metrics of the cluster', () => {
  const METRICS = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters/kc/providers/Microsoft.Insights/metrics`;
  interface Metrics {
    value: { name: { value: string }; unit: string; timeseries: { metadatavalues: { name: { value: string }; value: string }[]; data: { timeStamp: string; total?: number }[] }[] }[];
  }
  const total = (m: Metrics, name: string): number => (m.value.find((v) => v.name.value === name)?.timeseries ?? []).flatMap((t) => t.data).reduce((n, d) => n + (d.total ?? 0), 0);

  it('EventsProcessed and EventsDropped per data connection (ComponentName), from the batches it received', async () => {
    await create('good', {});
    await create('misfit', { consumerGroup: 'b', mappingRuleName: 'TCsv' });
    clock.advance(3 * INTERVAL);
    const span = `${iso(T0)}/${iso(T0 + 5 * 60_000)}`;
    const get = async (filter: string) => {
      const res = await raw(emu, 'GET', `${METRICS}?api-version=2023-10-01&metricnames=EventsProcessed,EventsDropped&aggregation=Total&interval=PT1M&timespan=${encodeURIComponent(span)}&$filter=${encodeURIComponent(filter)}`);
      expect(res.status, res.text).toBe(200);
      return res.json as Metrics;
    };
    const good = await get("ComponentName eq 'good'");
    expect([total(good, 'EventsProcessed'), total(good, 'EventsDropped')]).toEqual([300, 0]);
    expect(good.value[0]).toMatchObject({ unit: 'Count', timeseries: [{ metadatavalues: [{ name: { value: 'componentname' }, value: 'good' }] }] });
    expect(good.value[0]?.timeseries[0]?.data).toHaveLength(5);
    const misfit = await get("ComponentName eq 'misfit'");
    expect([total(misfit, 'EventsProcessed'), total(misfit, 'EventsDropped')]).toEqual([0, 300]);
    const split = await get("ComponentName eq '*'");
    expect(split.value[0]?.timeseries.map((t) => t.metadatavalues[0]?.value).sort()).toEqual(['good', 'misfit']);
    const unknown = await raw(emu, 'GET', `${METRICS}?api-version=2023-10-01&metricnames=RowsIngested`);
    expect(unknown.status).toBe(400);
    expect((await raw(emu, 'GET', `${METRICS}?api-version=2015-01-01&metricnames=EventsProcessed`)).status).toBe(400);
  });
});
