/** The control API over HTTP (`/_emulator/`, no authentication) and its in-process twin. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_FILE, startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { CLUSTER, DB, DC_PATH, IDS, RG, SUB, api, raw } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 0 });
});
afterAll(() => emu.stop());
beforeEach(async () => {
  expect((await raw(emu, 'POST', '/_emulator/reset', { anonymous: true })).status).toBe(200);
});

const control = (method: string, path: string, body?: unknown) =>
  raw(emu, method, `/_emulator/${path}`, { anonymous: true, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });

const tinySeed: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        {
          name: RG,
          clusters: [{ name: 'other', location: 'westeurope', databases: [{ name: 'db1', dataConnections: [{ name: 'c1', kind: 'eventhub', properties: { eventHubResourceId: IDS.telemetryHub, consumerGroup: '$Default' } }] }] }],
        },
      ],
    },
  ],
};

describe('control over HTTP', () => {
  it('health answers without a token', async () => {
    expect((await control('GET', 'health')).json).toEqual({ status: 'ok' });
  });

  it('logs requests and counts operations; DELETE clears the log', async () => {
    await raw(emu, 'GET', api(DC_PATH));
    await raw(emu, 'GET', api(`${DC_PATH}/legacy-import`), { anonymous: true });
    const log = (await control('GET', 'requests')).json as { value: Record<string, unknown>[] };
    expect(log.value).toHaveLength(2);
    expect(log.value[0]).toMatchObject({ method: 'GET', path: DC_PATH, apiVersion: '2023-08-15', status: 200, subscription: SUB, operation: 'list' });
    expect(log.value[1]).toMatchObject({ status: 401, operation: 'get' });
    expect(typeof log.value[0]?.['time']).toBe('string');
    expect((await control('GET', 'counters')).json).toMatchObject({ total: 2, operations: { list: 1, get: 1 }, statuses: { '200': 1, '401': 1 } });
    expect((await control('DELETE', 'requests')).status).toBe(204);
    expect((await control('GET', 'counters')).json).toMatchObject({ total: 0 });
  });

  it('injects, lists, removes and clears faults', async () => {
    const added = await control('POST', 'faults', { method: 'GET', path: 'dataConnections$', times: 2, action: { type: 'status', status: 503, retryAfterSeconds: 7 } });
    expect(added.status).toBe(201);
    const id = (added.json as { id: string }).id;
    const hit = await raw(emu, 'GET', api(DC_PATH));
    expect(hit.status).toBe(503);
    expect(hit.headers['retry-after']).toBe('7');
    expect(((await control('GET', 'faults')).json as { value: unknown[] }).value).toEqual([expect.objectContaining({ id, remaining: 1, fired: 1 })]);
    expect((await control('DELETE', `faults/${id}`)).status).toBe(204);
    expect((await control('DELETE', `faults/${id}`)).status).toBe(404);
    await control('POST', 'faults', { action: { type: 'status', status: 500 } });
    expect((await control('DELETE', 'faults')).status).toBe(204);
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
    const refused = await control('POST', 'faults', { action: { type: 'explode' } });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('loads a seed (YAML or JSON), and reset goes back to the last one loaded', async () => {
    const yaml = `subscriptions:\n  - id: ${SUB}\n    resourceGroups:\n      - name: ${RG}\n        clusters:\n          - name: other\n            location: West Europe\n            databases:\n              - name: db1\n`;
    expect((await control('PUT', 'seed', yaml)).status).toBe(200);
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(404);
    expect((await control('PUT', 'seed', tinySeed)).status).toBe(200);
    const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters/other/databases/db1/dataConnections`;
    const listed = (await raw(emu, 'GET', api(path))).json as { value: { kind: string; location: string }[] };
    expect(listed.value).toEqual([expect.objectContaining({ kind: 'EventHub', location: 'West Europe' })]);
    await raw(emu, 'DELETE', api(`${path}/c1`));
    await control('POST', 'reset');
    expect(((await raw(emu, 'GET', api(path))).json as { value: unknown[] }).value).toHaveLength(1);
    const bad = await control('PUT', 'seed', { subscriptions: [{ id: SUB, resourceGroups: [{ name: RG, clusters: [{ name: 'c', location: 'Atlantis' }] }] }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('Atlantis');
    emu.control.loadSeed(DEFAULT_SEED_FILE);
  });

  it('reads, writes and deletes connections out of band under /_emulator/resources', async () => {
    const url = `resources${DC_PATH}/oob`;
    const put = await control('PUT', url, { kind: 'EventGrid', properties: { storageAccountResourceId: IDS.storage, eventHubResourceId: IDS.blobHub, consumerGroup: 'adx', dataFormat: 'csv' } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ kind: 'EventGrid', location: 'Central US', properties: { dataFormat: 'CSV', ignoreFirstRecord: false, provisioningState: 'Succeeded' } });
    expect((await raw(emu, 'GET', api(`${DC_PATH}/oob`))).status).toBe(200);
    expect((await control('GET', url)).json).toMatchObject({ name: `${CLUSTER}/${DB}/oob` });
    expect(((await control('GET', `resources${DC_PATH}`)).json as { value: unknown[] }).value).toHaveLength(3);
    expect((await control('DELETE', url)).status).toBe(204);
    expect((await control('GET', url)).status).toBe(404);
    expect((await control('PUT', url, { kind: 'EventHub', properties: {} })).status).toBe(400);
  });

  it('lists and finishes operations; changes settings', async () => {
    expect((await control('PUT', 'settings', { operationDurationMs: 60_000 })).status).toBe(200);
    await raw(emu, 'DELETE', api(`${DC_PATH}/legacy-import`));
    const ops = ((await control('GET', 'operations')).json as { value: Record<string, unknown>[] }).value;
    expect(ops).toEqual([expect.objectContaining({ kind: 'delete', status: 'Running', target: `${CLUSTER}/${DB}/legacy-import` })]);
    expect((await control('POST', 'operations/finish')).json).toEqual({ finished: 1 });
    expect((await raw(emu, 'GET', api(`${DC_PATH}/legacy-import`))).status).toBe(404);
    expect((await control('PUT', 'settings', { throttle: { scale: 'x' } })).status).toBe(400);
  });

  it('answers 404 for an unknown control endpoint and 400 for malformed JSON', async () => {
    expect((await control('GET', 'nothing')).status).toBe(404);
    expect((await control('POST', 'faults', '{')).status).toBe(400);
  });

  it('control requests are neither authenticated, throttled nor logged', async () => {
    await control('PUT', 'settings', { throttle: { scale: 0.004 } });
    for (let i = 0; i < 5; i++) expect((await control('GET', 'health')).status).toBe(200);
    expect((await control('GET', 'counters')).json).toMatchObject({ total: 0 });
  });
});

describe('control in process', () => {
  it('puts and reads connections by fields or by resource ID', () => {
    const ref = { subscriptionId: SUB, resourceGroup: RG, cluster: CLUSTER, database: DB, name: 'Direct' };
    const put = emu.control.putDataConnection(ref, { kind: 'IotHub', provisioningState: 'Failed', properties: { iotHubResourceId: IDS.iotHub, consumerGroup: 'kustodian', sharedAccessPolicyName: 'iothubowner' } });
    expect(put.properties).toMatchObject({ provisioningState: 'Failed', databaseRouting: 'Single' });
    expect(emu.control.getDataConnection(`${DC_PATH}/DIRECT`)?.name).toBe(`${CLUSTER}/${DB}/Direct`);
    expect(emu.control.listDataConnections(ref).map((c) => c.name.split('/')[2])).toEqual(['legacy-import', 'storm-events-iothub', 'Direct']);
    expect(emu.control.deleteDataConnection(ref)).toBe(true);
    expect(emu.control.deleteDataConnection(ref)).toBe(false);
    expect(() => emu.control.getDataConnection('/not/an/id')).toThrow(/not a data connection/);
    expect(() => emu.control.listDataConnections({ ...ref, database: 'nope' })).toThrow(/was not found/);
  });

  it('loadSeed takes an object or a file path; seed() answers what is loaded', () => {
    emu.control.loadSeed(tinySeed);
    expect(emu.control.seed()).toBe(tinySeed);
    expect(() => emu.control.loadSeed('/no/such/seed.yaml')).toThrow(/cannot read seed file/);
  });
});
