/**
 * ARM throttling (token buckets on the emulator's clock) and injected faults, seen by raw
 * requests and by the SDK's own retry policies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KustoManagementClient } from '@azure/arm-kusto';
import { ManualClock, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Throttle } from '../../src/emulator/arm/throttle.js';
import { CLUSTER, DB, DC_PATH, FAST, IDS, RG, api, clientFor, raw, rejection } from './helpers.js';

const clock = new ManualClock();
let emu: RunningEmulator;
let client: KustoManagementClient;
let coin = 0.5;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 0, clock, random: () => coin });
  client = clientFor(emu);
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

describe('throttling', () => {
  it('counts reads, writes and deletes in separate buckets and answers the remaining count', async () => {
    const read = await raw(emu, 'GET', api(DC_PATH));
    expect(read.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
    expect(read.headers['x-ms-ratelimit-remaining-subscription-writes']).toBeUndefined();
    const del = await raw(emu, 'DELETE', api(`${DC_PATH}/nothing-here`));
    expect(del.status).toBe(204);
    expect(del.headers['x-ms-ratelimit-remaining-subscription-deletes']).toBe('199');
    const check = await raw(emu, 'POST', api(`${DC_PATH.replace('/dataConnections', '')}/checkNameAvailability`), {
      body: JSON.stringify({ name: 'n', type: 'Microsoft.Kusto/clusters/databases/dataConnections' }),
    });
    expect(check.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('199');
  });

  it('answers 429 with Retry-After when a bucket is empty, and refills with time', async () => {
    emu.control.setThrottle({ scale: 0.01 }); // reads: burst 2, 0.25/s
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
    const limited = await raw(emu, 'GET', api(DC_PATH));
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect(limited.headers['retry-after']).toBe('4');
    expect(limited.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('0');
    // Writes have their own bucket.
    expect((await raw(emu, 'DELETE', api(`${DC_PATH}/none`))).status).toBe(204);
    clock.advance(4_000);
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
  });

  it('status polls count as reads', async () => {
    emu.control.setThrottle({ scale: 0.01 });
    const res = await raw(emu, 'DELETE', api(`${DC_PATH}/legacy-import`));
    const poll = new URL(String(res.headers['azure-asyncoperation']));
    await raw(emu, 'GET', `${poll.pathname}${poll.search}`);
    await raw(emu, 'GET', `${poll.pathname}${poll.search}`);
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(429);
  });

  it('turned off, it never answers 429 but still reports the headers', async () => {
    emu.control.setThrottle(false);
    for (let i = 0; i < 300; i++) expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
    expect((await raw(emu, 'GET', api(DC_PATH))).headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
  });

  it('keeps buckets per subscription', () => {
    const t = new Throttle({ scale: 0.004 }); // burst 1
    t.take('a', 'writes', 0);
    expect(() => t.take('a', 'writes', 0)).toThrow(/Number of 'writes' requests/);
    expect(t.take('B', 'writes', 0).remaining).toBe(0);
  });
});

describe('faults', () => {
  it('a 429 with Retry-After is retried by the SDK on its own', async () => {
    const fault = emu.control.injectFault({ method: 'GET', path: '/dataConnections/legacy-import$', times: 2, action: { type: 'status', status: 429, retryAfterSeconds: 0 } });
    const got = await client.dataConnections.get(RG, CLUSTER, DB, 'legacy-import');
    expect(got.name).toBe(`${CLUSTER}/${DB}/legacy-import`);
    expect(emu.control.requests().map((r) => [r.status, r.fault])).toEqual([
      [429, fault.id],
      [429, fault.id],
      [200, undefined],
    ]);
    expect(emu.control.faults()).toEqual([]);
  });

  it('a 503 without Retry-After is retried with backoff; more failures than retries reach the caller', async () => {
    emu.control.injectFault({ method: 'GET', times: 1, action: { type: 'status', status: 503 } });
    expect((await client.dataConnections.get(RG, CLUSTER, DB, 'legacy-import')).name).toBeDefined();
    emu.control.injectFault({ method: 'GET', action: { type: 'status', status: 500, code: 'InternalServerError', message: 'down' } });
    const err = await rejection(client.dataConnections.get(RG, CLUSTER, DB, 'legacy-import'));
    expect(err.statusCode).toBe(500);
    expect(err.message).toBe('down');
    expect(emu.control.counters().statuses['500']).toBe(4);
  });

  it('a dropped connection is retried by the SDK', async () => {
    emu.control.injectFault({ path: 'legacy-import', times: 1, action: { type: 'drop' } });
    expect((await client.dataConnections.get(RG, CLUSTER, DB, 'legacy-import')).name).toBeDefined();
    expect(emu.control.requests().map((r) => r.status)).toEqual([0, 200]);
  });

  it('the raw side of a drop: the socket closes without an answer', async () => {
    emu.control.injectFault({ times: 1, action: { type: 'drop' } });
    await expect(raw(emu, 'GET', api(DC_PATH))).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('latency delays the answer and leaves it unchanged', async () => {
    emu.control.injectFault({ method: 'get', times: 1, action: { type: 'latency', ms: 60 } });
    const t0 = performance.now();
    const res = await raw(emu, 'GET', api(DC_PATH));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(res.status).toBe(200);
  });

  it('a probability fires only when the dice say so; path patterns are case-insensitive', async () => {
    emu.control.injectFault({ path: 'LEGACY', probability: 0.3, action: { type: 'status', status: 500 } });
    coin = 0.5;
    expect((await raw(emu, 'GET', api(`${DC_PATH}/legacy-import`))).status).toBe(200);
    coin = 0.1;
    expect((await raw(emu, 'GET', api(`${DC_PATH}/legacy-import`))).status).toBe(500);
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
    coin = 0.5;
  });

  it('clearFaults removes every fault; bad fault specs are refused', async () => {
    emu.control.injectFault({ action: { type: 'status', status: 503 } });
    emu.control.clearFaults();
    expect((await raw(emu, 'GET', api(DC_PATH))).status).toBe(200);
    expect(() => emu.control.injectFault({ path: '(', action: { type: 'drop' } })).toThrow(/regular expression/);
    expect(() => emu.control.injectFault({ times: 0, action: { type: 'drop' } })).toThrow(/times/);
    expect(() => emu.control.injectFault({ action: { type: 'status', status: 200 } })).toThrow(/status/);
  });

  it('an operation fault fails validation too', async () => {
    emu.control.injectFault({ method: 'POST', path: 'dataConnectionValidation', action: { type: 'failOperation', code: 'Oops', message: 'no' } });
    const err = await rejection(
      client.dataConnections.beginDataConnectionValidationAndWait(RG, CLUSTER, DB, { dataConnectionName: 'v', properties: { kind: 'EventHub', eventHubResourceId: IDS.telemetryHub, consumerGroup: 'adx' } }, FAST),
    );
    expect(err.message).toBe('The long-running operation has failed. Oops. no');
  });
});
