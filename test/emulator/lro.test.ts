/**
 * Long-running operations on a hand-moved clock: what the resource shows while an operation
 * runs, what the status endpoint answers, overlapping writes, injected failures and hangs,
 * and a poller resumed by a fresh client.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventHubDataConnection, KustoManagementClient } from '@azure/arm-kusto';
import { ManualClock, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLUSTER, DB, DC_PATH, FAST, IDS, RG, api, clientFor, raw, rejection } from './helpers.js';

const clock = new ManualClock();
let emu: RunningEmulator;
let client: KustoManagementClient;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 5_000, clock });
  client = clientFor(emu);
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

const body: EventHubDataConnection = {
  kind: 'EventHub',
  location: 'Central US',
  eventHubResourceId: IDS.telemetryHub,
  consumerGroup: 'adx',
  tableName: 'Telemetry',
  dataFormat: 'JSON',
};

/** The same connection as ARM JSON, for raw requests. */
const { kind, location, ...properties } = body;
const armBody = (over: Record<string, unknown> = {}) => JSON.stringify({ kind, location, properties: { ...properties, ...over } });

const state = async (name: string) => ((await client.dataConnections.get(RG, CLUSTER, DB, name)) as EventHubDataConnection).provisioningState;

describe('a create, step by step', () => {
  it('answers 201 + Azure-AsyncOperation, shows Creating, then Succeeded when its time has come', async () => {
    const res = await raw(emu, 'PUT', api(`${DC_PATH}/step`), { body: armBody() });
    expect(res.status).toBe(201);
    expect(armProps(res.json)['provisioningState']).toBe('Creating');
    const asyncUrl = new URL(String(res.headers['azure-asyncoperation']));
    expect(asyncUrl.pathname).toMatch(/^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/providers\/Microsoft\.Kusto\/locations\/centralus\/operationResults\/[0-9a-f-]{36}$/);
    expect(asyncUrl.searchParams.get('api-version')).toBe('2023-08-15');
    expect(res.headers['location']).toBeUndefined();

    const poll = () => raw(emu, 'GET', `${asyncUrl.pathname}${asyncUrl.search}`);
    const running = await poll();
    expect(running.status).toBe(200);
    expect(running.json).toMatchObject({ status: 'Running', name: asyncUrl.pathname.split('/').pop() });
    expect(running.headers['retry-after']).toBe('5');
    expect(await state('step')).toBe('Creating');

    clock.advance(2_000);
    expect((await poll()).headers['retry-after']).toBe('3');
    clock.advance(3_000);
    const done = await poll();
    expect(done.json).toMatchObject({ status: 'Succeeded', percentComplete: 1 });
    expect(done.headers['retry-after']).toBeUndefined();
    expect(await state('step')).toBe('Succeeded');
  });

  it('an update shows Running; a second PUT, PATCH or DELETE meanwhile is 409 Conflict', async () => {
    await client.dataConnections.beginCreateOrUpdate(RG, CLUSTER, DB, 'busy', body, FAST);
    for (const [method, payload] of [
      ['PUT', armBody()],
      ['PATCH', JSON.stringify({ kind: 'EventHub' })],
      ['DELETE', undefined],
    ] as const) {
      const res = await raw(emu, method, api(`${DC_PATH}/BUSY`), payload === undefined ? {} : { body: payload });
      expect(res.status, method).toBe(409);
      expect(res.json).toMatchObject({ error: { code: 'Conflict' } });
    }
    clock.advance(5_000);
    const update = await raw(emu, 'PUT', api(`${DC_PATH}/busy`), { body: armBody({ dataFormat: 'MULTIJSON' }) });
    expect(update.status).toBe(200);
    expect(armProps(update.json)['provisioningState']).toBe('Running');
    expect(await state('busy')).toBe('Running');
    const err = await rejection(client.dataConnections.beginDeleteAndWait(RG, CLUSTER, DB, 'busy', FAST));
    expect(err.statusCode).toBe(409);
  });

  it('a delete answers 202 with Azure-AsyncOperation and Location, shows Deleting, then is gone', async () => {
    await client.dataConnections.beginCreateOrUpdate(RG, CLUSTER, DB, 'bye', body, FAST);
    clock.advance(5_000);
    const res = await raw(emu, 'DELETE', api(`${DC_PATH}/bye`));
    expect(res.status).toBe(202);
    expect(res.headers['azure-asyncoperation']).toMatch(/operationResults/);
    const location = new URL(String(res.headers['location']));
    expect(location.searchParams.get('operationResultResponseType')).toBe('Location');
    expect(await state('bye')).toBe('Deleting');
    expect((await raw(emu, 'GET', `${location.pathname}${location.search}`)).status).toBe(202);
    clock.advance(5_000);
    expect((await raw(emu, 'GET', `${location.pathname}${location.search}`)).status).toBe(204);
    expect((await rejection(client.dataConnections.get(RG, CLUSTER, DB, 'bye'))).statusCode).toBe(404);
  });
});

describe('a failing create, step by step', () => {
  it('the status endpoint answers Failed with the error; the Location form answers 400 with it', async () => {
    const res = await raw(emu, 'PUT', api(`${DC_PATH}/failing`), { body: armBody({ tableName: 'Missing' }) });
    expect(res.status).toBe(201);
    const status = new URL(String(res.headers['azure-asyncoperation']));
    clock.advance(5_000);
    const failed = await raw(emu, 'GET', `${status.pathname}${status.search}`);
    expect(failed.json).toMatchObject({
      status: 'Failed',
      error: { code: 'EventHubValidationErorFound', message: "Table 'Missing' does not exist in database 'mykustodatabase'." },
      properties: { operationKind: 'DataConnectionCreate', operationState: 'Failed' },
    });
    const location = await raw(emu, 'GET', `${status.pathname}${status.search}&operationResultResponseType=Location`);
    expect(location.status).toBe(400);
    expect(location.json).toMatchObject({ error: { code: 'EventHubValidationErorFound' } });
    expect((await raw(emu, 'GET', api(`${DC_PATH}/failing`))).status).toBe(404);
  });
});

describe('the SDK pollers', () => {
  it('resumeFrom: a fresh client finishes a create started by another, without a second PUT', async () => {
    const poller = await client.dataConnections.beginCreateOrUpdate(RG, CLUSTER, DB, 'resumed', body, FAST);
    const saved = poller.toString();
    expect(poller.isDone()).toBe(false);
    clock.advance(5_000);
    const fresh = clientFor(emu);
    const resumed = await fresh.dataConnections.beginCreateOrUpdate(RG, CLUSTER, DB, 'resumed', body, { ...FAST, resumeFrom: saved });
    const result = await resumed.pollUntilDone();
    expect(result).toMatchObject({ name: `${CLUSTER}/${DB}/resumed`, provisioningState: 'Succeeded' });
    expect(emu.control.requests().filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('resumeFrom works for a delete too', async () => {
    emu.control.setOperationDuration(0);
    await client.dataConnections.beginCreateOrUpdateAndWait(RG, CLUSTER, DB, 'resume-del', body, FAST);
    emu.control.setOperationDuration(5_000);
    const poller = await client.dataConnections.beginDelete(RG, CLUSTER, DB, 'resume-del', FAST);
    clock.advance(5_000);
    const resumed = await clientFor(emu).dataConnections.beginDelete(RG, CLUSTER, DB, 'resume-del', { ...FAST, resumeFrom: poller.toString() });
    await resumed.pollUntilDone();
    expect(emu.control.getDataConnection(`${DC_PATH}/resume-del`)).toBeUndefined();
  });

  it('an injected operation failure reaches the SDK as the LRO failure; a hang keeps it Running', async () => {
    emu.control.setOperationDuration(0);
    emu.control.injectFault({ method: 'PUT', path: '/dataConnections/doomed$', times: 1, action: { type: 'failOperation', code: 'InternalError', message: 'boom' } });
    const err = await rejection(client.dataConnections.beginCreateOrUpdateAndWait(RG, CLUSTER, DB, 'doomed', body, FAST));
    expect(err.message).toBe('The long-running operation has failed. InternalError. boom');

    emu.control.injectFault({ method: 'PUT', path: 'stuck', action: { type: 'hangOperation' } });
    const poller = await client.dataConnections.beginCreateOrUpdate(RG, CLUSTER, DB, 'stuck', body, FAST);
    clock.advance(3_600_000);
    await poller.poll();
    expect(poller.isDone()).toBe(false);
    expect(await state('stuck')).toBe('Creating');
    expect(emu.control.finishOperations()).toBe(0);
    expect(emu.control.operations().find((op) => op.target?.endsWith('/stuck'))).toMatchObject({ status: 'Running', dueTime: null });
  });

  it('finishOperations ends running operations at once', async () => {
    const poller = await client.dataConnections.beginCreateOrUpdate(RG, CLUSTER, DB, 'hurry', body, FAST);
    expect(emu.control.finishOperations()).toBe(1);
    expect(await poller.pollUntilDone()).toMatchObject({ provisioningState: 'Succeeded' });
  });
});

function armProps(json: unknown): Record<string, unknown> {
  const props = (json as { properties?: unknown }).properties;
  if (typeof props !== 'object' || props === null) throw new Error(`no properties in ${JSON.stringify(json)}`);
  return props as Record<string, unknown>;
}
