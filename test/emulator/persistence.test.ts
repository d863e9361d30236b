/** State survives a restart on the same state file, operations in flight included. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLUSTER, DB, DC_PATH, FAST, IDS, RG, SUB, api, clientFor, raw } from './helpers.js';

const dirs: string[] = [];
const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-emu-'));
  dirs.push(dir);
  return join(dir, 'nested', 'state.json');
}

async function start(file: string, clock: ManualClock, operationDurationMs = 0): Promise<RunningEmulator> {
  const emu = await startEmulator({ stateFile: file, clock, operationDurationMs });
  running.push(emu);
  return emu;
}

const body = { kind: 'EventHub' as const, eventHubResourceId: IDS.telemetryHub, consumerGroup: 'adx', tableName: 'Telemetry' };

describe('persistence', () => {
  it('keeps connections and deletions across a restart; the file is written atomically', async () => {
    const file = stateFile();
    const clock = new ManualClock();
    const first = await start(file, clock);
    await clientFor(first).dataConnections.beginCreateOrUpdateAndWait(RG, CLUSTER, DB, 'Kept', body, FAST);
    await clientFor(first).dataConnections.beginDeleteAndWait(RG, CLUSTER, DB, 'legacy-import', FAST);
    await first.stop();
    expect(readdirSync(join(file, '..')).sort()).toEqual(['state.json', 'state.tls.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });

    const second = await start(file, clock);
    const names = second.control.listDataConnections({ subscriptionId: SUB, resourceGroup: RG, cluster: CLUSTER, database: DB }).map((c) => c.name);
    expect(names).toEqual([`${CLUSTER}/${DB}/storm-events-iothub`, `${CLUSTER}/${DB}/Kept`]);
  });

  it('an existing state file wins over the seed option', async () => {
    const file = stateFile();
    const clock = new ManualClock();
    const first = await start(file, clock);
    first.control.deleteDataConnection(`${DC_PATH}/legacy-import`);
    await first.stop();
    const second = await startEmulator({ stateFile: file, clock, seed: { subscriptions: [] } });
    running.push(second);
    expect(second.control.getDataConnection(`${DC_PATH}/storm-events-iothub`)).toBeDefined();
    expect(second.control.getDataConnection(`${DC_PATH}/legacy-import`)).toBeUndefined();
  });

  it('an operation in flight at shutdown goes on: it finishes at its due time, and its status URL still answers', async () => {
    const file = stateFile();
    const clock = new ManualClock();
    const first = await start(file, clock, 10_000);
    const put = await raw(first, 'PUT', api(`${DC_PATH}/inflight`), { body: JSON.stringify({ kind: 'EventHub', properties: { eventHubResourceId: IDS.telemetryHub, consumerGroup: 'adx' } }) });
    expect(put.status).toBe(201);
    const status = new URL(String(put.headers['azure-asyncoperation']));
    await first.stop();

    clock.advance(4_000);
    const second = await start(file, clock, 10_000);
    expect((await raw(second, 'GET', `${status.pathname}${status.search}`)).json).toMatchObject({ status: 'Running' });
    expect(second.control.getDataConnection(`${DC_PATH}/inflight`)?.properties['provisioningState']).toBe('Creating');
    await second.stop();

    clock.advance(60_000);
    const third = await start(file, clock, 10_000);
    expect(third.control.getDataConnection(`${DC_PATH}/inflight`)?.properties['provisioningState']).toBe('Succeeded');
    expect((await raw(third, 'GET', `${status.pathname}${status.search}`)).json).toMatchObject({ status: 'Succeeded' });
  });

  it('refuses a corrupt state file with a message that says what to do', async () => {
    const file = stateFile();
    await start(file, new ManualClock()).then((e) => e.stop());
    writeFileSync(file, '{not json');
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(/not valid JSON.*delete it/);
    expect(existsSync(file)).toBe(true);
  });
});

describe('persistence of the data plane and role assignments', () => {
  it('keeps tables and mappings, role assignments and ingestion failures changed after the seed', async () => {
    const file = stateFile();
    const clock = new ManualClock();
    const first = await start(file, clock);
    first.control.putTable(CLUSTER, DB, 'Added', { mappings: [{ name: 'Added_Json', kind: 'Json' }] });
    first.control.dropTable(CLUSTER, DB, 'BlobLogs');
    first.control.addRoleAssignment({ scope: `/subscriptions/${SUB}/resourceGroups/${RG}`, role: 'Reader', principalId: 'ffffffff-0000-0000-0000-000000000001', name: 'kept-reader' });
    const failure = first.control.injectIngestionFailure({ cluster: CLUSTER, database: DB, table: 'Added', errorCode: 'BadRequest_TableNotExist' });
    await first.stop();

    const second = await start(file, clock);
    expect(second.control.tables(CLUSTER, DB).map((t) => t.name)).toEqual(['StormEvents', 'Telemetry', 'CosmosChanges', 'Added']);
    expect(second.control.tables(CLUSTER, DB).find((t) => t.name === 'Added')?.mappings.map((m) => [m.name, m.kind])).toEqual([['Added_Json', 'Json']]);
    expect(second.control.roleAssignments().map((a) => (a as { name: string }).name)).toContain('kept-reader');
    expect(second.control.ingestionFailures().map((f) => f.operationId)).toContain(failure.operationId);
    const res = await raw(second, 'POST', `/kusto/${CLUSTER}/v1/rest/mgmt`, { body: JSON.stringify({ db: DB, csl: '.show tables | project TableName' }) });
    expect((res.json as { Tables: { Rows: unknown[][] }[] }).Tables[0]?.Rows).toEqual([['StormEvents'], ['Telemetry'], ['CosmosChanges'], ['Added']]);
  });
});
