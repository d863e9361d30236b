/**
 * The emulated Kusto data plane: the cluster URI from ARM leads to it; `POST /v1/rest/mgmt`
 * answers `.show tables`, `.show table T ingestion [kind] mappings`, `.show ingestion failures`
 * (with `| where`) in the v1 format, with a bearer token; unsupported commands, unknown
 * databases and tables answer Kusto's error shape; the control API changes tables and mappings.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB, clusterSeed, raw } from './helpers.js';

const SEED: EmulatorSeed = clusterSeed({
  tables: [
    { name: 'Telemetry', folder: 'iot', docString: 'device telemetry', mappings: [{ name: 'TelemetryJson', kind: 'json', mapping: '[{"column":"a","path":"$.a"}]' }, 'Telemetry_CSV_Mapping'] },
    { name: 'Empty' },
  ],
});

interface V1 {
  Tables: { TableName: string; Columns: { ColumnName: string; DataType: string; ColumnType: string }[]; Rows: unknown[][] }[];
}

const clock = new ManualClock(Date.UTC(2025, 0, 1));
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, operationDurationMs: 0, clock });
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

function mgmt(csl: string, db = 'db1', options: { anonymous?: boolean; cluster?: string } = {}) {
  return raw(emu, 'POST', `/kusto/${options.cluster ?? 'kc'}/v1/rest/mgmt`, {
    body: JSON.stringify({ db, csl }),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    ...(options.anonymous === true ? { anonymous: true } : {}),
  });
}

function rows(json: unknown): unknown[][] {
  return (json as V1).Tables[0]?.Rows ?? [];
}

function kustoError(json: unknown): Record<string, unknown> {
  return (json as { error: Record<string, unknown> }).error;
}

describe('reaching the data plane', () => {
  it('the cluster’s ARM uri is the data plane’s address on the emulator', async () => {
    const cluster = await raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters/kc?api-version=2023-08-15`);
    const uri = (cluster.json as { properties: { uri: string } }).properties.uri;
    expect(uri).toBe(`${emu.endpoint}/kusto/kc`);
    const res = await raw(emu, 'POST', `${new URL(uri).pathname}/v1/rest/mgmt`, { body: JSON.stringify({ db: 'db1', csl: '.show tables' }) });
    expect(res.status).toBe(200);
  });

  it('answers the cloud metadata azure-kusto-data reads at the host’s root, without a token', async () => {
    const res = await raw(emu, 'GET', '/v1/rest/auth/metadata', { anonymous: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ AzureAD: { LoginEndpoint: 'https://login.microsoftonline.com', KustoServiceResourceId: 'https://kusto.kusto.windows.net' } });
  });

  it('refuses a command without a bearer token with 401 and WWW-Authenticate', async () => {
    const res = await mgmt('.show tables', 'db1', { anonymous: true });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers an unknown cluster 404, an unknown database EntityNotFound', async () => {
    expect((await mgmt('.show tables', 'db1', { cluster: 'nope' })).status).toBe(404);
    const res = await mgmt('.show tables', 'DB1');
    expect(res.status).toBe(400);
    expect(kustoError(res.json)).toMatchObject({ code: 'BadRequest_EntityNotFound', '@type': 'Kusto.Data.Exceptions.EntityNotFoundException', '@message': "Entity ID 'DB1' of kind 'Database' was not found." });
  });
});

describe('.show commands', () => {
  it('.show tables answers TableName, DatabaseName, Folder, DocString in the v1 format', async () => {
    const res = await mgmt('.show tables');
    const t = (res.json as V1).Tables;
    expect(t).toHaveLength(1);
    expect(t[0]?.TableName).toBe('Table_0');
    expect(t[0]?.Columns).toEqual([
      { ColumnName: 'TableName', DataType: 'String', ColumnType: 'string' },
      { ColumnName: 'DatabaseName', DataType: 'String', ColumnType: 'string' },
      { ColumnName: 'Folder', DataType: 'String', ColumnType: 'string' },
      { ColumnName: 'DocString', DataType: 'String', ColumnType: 'string' },
    ]);
    expect(t[0]?.Rows).toEqual([
      ['Telemetry', 'db1', 'iot', 'device telemetry'],
      ['Empty', 'db1', '', ''],
    ]);
  });

  it('.show table T ingestion KIND mappings lists that kind’s mappings; without a kind, all', async () => {
    const json = await mgmt('.show table Telemetry ingestion json mappings');
    expect((json.json as V1).Tables[0]?.Columns.map((c) => c.ColumnName)).toEqual(['Name', 'Kind', 'Mapping', 'LastUpdatedOn', 'Database', 'Table']);
    expect(rows(json.json)).toEqual([['TelemetryJson', 'Json', '[{"column":"a","path":"$.a"}]', '2025-01-01T00:00:00.0000000Z', 'db1', 'Telemetry']]);
    expect(rows((await mgmt(".show table ['Telemetry'] ingestion mappings")).json).map((r) => [r[0], r[1]])).toEqual([
      ['TelemetryJson', 'Json'],
      ['Telemetry_CSV_Mapping', 'Csv'],
    ]);
    expect(rows((await mgmt('.show table Telemetry ingestion csv mapping "Telemetry_CSV_Mapping"')).json)).toHaveLength(1);
    expect(rows((await mgmt('.show table Empty ingestion json mappings')).json)).toEqual([]);
  });

  it('.show table T details answers the documented columns; an empty table has no extents', async () => {
    const res = await mgmt('.show table Empty details');
    const t = (res.json as V1).Tables[0];
    expect(t?.Columns.map((c) => c.ColumnName)).toEqual([
      'TableName', 'DatabaseName', 'Folder', 'DocString', 'TotalExtents', 'TotalExtentSize', 'TotalOriginalSize', 'TotalRowCount',
      'HotExtents', 'HotExtentSize', 'HotOriginalSize', 'HotRowCount', 'AuthorizedPrincipals', 'RetentionPolicy', 'CachingPolicy',
      'ShardingPolicy', 'MergePolicy', 'StreamingIngestionPolicy', 'IngestionBatchingPolicy', 'MinExtentsCreationTime',
      'MaxExtentsCreationTime', 'RowOrderPolicy', 'TableId',
    ]);
    expect(t?.Rows[0]?.slice(0, 8)).toEqual(['Empty', 'db1', '', '', 0, 0, 0, 0]);
    expect(rows((await mgmt('.show tables (Telemetry, Empty) details | project TableName')).json)).toEqual([['Telemetry'], ['Empty']]);
    expect(kustoError((await mgmt('.show table Nope details')).json)).toMatchObject({ code: 'BadRequest_EntityNotFound' });
  });

  it('answers EntityNotFound for a table that does not exist (names are case-sensitive)', async () => {
    const res = await mgmt('.show table telemetry ingestion json mappings');
    expect(res.status).toBe(400);
    expect(kustoError(res.json)).toMatchObject({ code: 'BadRequest_EntityNotFound', '@message': "Entity ID 'telemetry' of kind 'Table' was not found.", '@permanent': true });
  });

  it('answers a syntax error naming what is supported for a command it does not serve', async () => {
    const res = await mgmt('.drop table Telemetry');
    expect(res.status).toBe(400);
    expect(kustoError(res.json)).toMatchObject({ code: 'BadRequest_SyntaxError', '@type': 'Kusto.Data.Exceptions.SyntaxException', message: 'Request is invalid and cannot be executed.' });
    expect(String(kustoError(res.json)['@message'])).toMatch(/the emulator supports '\.show tables'/);
    expect((await mgmt('.show table Telemetry ingestion xml mappings')).status).toBe(400);
    expect((await mgmt('.show tables | where TableName == ')).status).toBe(400);
  });

  it('pipes a command’s result through where, project, order by, take and count', async () => {
    expect(rows((await mgmt(".show tables | where TableName =~ 'EMPTY' | project TableName")).json)).toEqual([['Empty']]);
    expect(rows((await mgmt('.show tables | order by TableName asc | take 1 | project TableName')).json)).toEqual([['Empty']]);
    expect(rows((await mgmt('.show tables | count')).json)).toEqual([[2]]);
    const bad = await mgmt(".show tables | where Nope == 'x'");
    expect(kustoError(bad.json)).toMatchObject({ code: 'BadRequest_SemanticError' });
  });

  it('the control API adds and drops tables and mappings, which the data plane then shows', async () => {
    const put = await raw(emu, 'PUT', '/_emulator/kusto/kc/db1/tables/Events', { body: JSON.stringify({ mappings: [{ name: 'EventsAvro', kind: 'avro' }] }) });
    expect(put.status).toBe(200);
    expect(rows((await mgmt('.show tables | project TableName')).json)).toEqual([['Telemetry'], ['Empty'], ['Events']]);
    expect(rows((await mgmt('.show table Events ingestion avro mappings | project Name, Kind')).json)).toEqual([['EventsAvro', 'Avro']]);
    expect((await raw(emu, 'PUT', '/_emulator/kusto/kc/db1/tables/Events/mappings/EventsJson', { body: JSON.stringify({ kind: 'Json' }) })).status).toBe(200);
    expect((await raw(emu, 'DELETE', '/_emulator/kusto/kc/db1/tables/Events/mappings/EventsAvro')).status).toBe(204);
    expect(rows((await mgmt('.show table Events ingestion mappings | project Name')).json)).toEqual([['EventsJson']]);
    expect((await raw(emu, 'DELETE', '/_emulator/kusto/kc/db1/tables/Events')).status).toBe(204);
    expect((await mgmt('.show table Events ingestion mappings')).status).toBe(400);
    const badKind = await raw(emu, 'PUT', '/_emulator/kusto/kc/db1/tables/X', { body: JSON.stringify({ mappings: [{ name: 'm', kind: 'xml' }] }) });
    expect(badKind.status).toBe(400);
    expect((await raw(emu, 'PUT', '/_emulator/kusto/kc/nodb/tables/X', { body: '{}' })).status).toBe(404);
  });

  it('logs data-plane requests and applies injected faults to them', async () => {
    emu.control.clearRequests();
    await mgmt('.show tables');
    expect(emu.control.requests().map((r) => [r.operation, r.status])).toEqual([['kustoMgmt', 200]]);
    emu.control.injectFault({ path: '^/kusto/kc/v1/rest/mgmt$', action: { type: 'status', status: 503, retryAfterSeconds: 1 }, times: 1 });
    const res = await mgmt('.show tables');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect((await mgmt('.show tables')).status).toBe(200);
  });
});
