/**
 * The AzurePort over ARM (requests of its own through the SDK's pipeline; @azure/arm-kusto for
 * the inventory and validation), against the emulator: what it reads, what it writes, and how
 * each failure of the service arrives as an AzureFailure.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { KustoManagementClient } from '@azure/arm-kusto';
import { SDK_DEFAULT_API_VERSION } from '../../src/azure/arm/clients.js';
import { createKustoPort } from '../../src/azure/arm/kusto-port.js';
import { emulatorCredential } from '../../src/azure/identity/credentials.js';
import type { RetryNotice } from '../../src/azure/pipeline/retry-policy.js';
import { DEFAULT_SETTINGS } from '../../src/azure/settings.js';
import { planChanges } from '../../src/plan/planner.js';
import { DB, MINIMAL, addr, desired, managed, state } from '../support/builders.js';
import { useEmulator } from '../support/emulator.js';
import { failureOf } from '../support/failure.js';

const fx = useEmulator();
beforeEach(() => fx.emu().control.reset());

describe('kusto port against the emulator', () => {
  it('calls, without --api-version, the api-version @azure/arm-kusto calls (its own requests and the SDK\'s agree)', async () => {
    expect(new KustoManagementClient(emulatorCredential(), DB.subscriptionId).apiVersion).toBe(SDK_DEFAULT_API_VERSION);
    fx.emu().control.clearRequests();
    await fx.port().listConnections(DB);
    expect(fx.emu().control.requests().map((r) => r.apiVersion)).toEqual([SDK_DEFAULT_API_VERSION]);
  });

  it('lists a database with one request and answers what the service has', async () => {
    const port = fx.port();
    fx.emu().control.clearRequests();
    const live = await port.listConnections(DB);
    expect(live.map((c) => c.address.name).sort()).toEqual(['legacy-import', 'storm-events-iothub']);
    const storm = live.find((c) => c.address.name === 'storm-events-iothub');
    expect(storm?.kind).toBe('IotHub');
    expect(storm?.location).toBe('Central US');
    expect(storm?.id).toMatch(/\/providers\/Microsoft\.Kusto\/Clusters\/mykustocluster\/Databases\/mykustodatabase\/DataConnections\/storm-events-iothub$/);
    expect(storm?.properties['provisioningState']).toBe('Succeeded');
    expect(typeof storm?.properties['retrievalStartDate']).toBe('string');
    expect(fx.emu().control.requests().map((r) => `${r.method} ${r.operation}`)).toEqual(['GET list']);
  });

  it('creates, reads back as the planner expects (no changes), and deletes, for every kind', async () => {
    const port = fx.port();
    const conns = (['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'] as const).map((k) =>
      desired(`rt-${k.toLowerCase()}`, k, k === 'IotHub' ? { ...MINIMAL.IotHub, consumerGroup: 'kustodian' } : MINIMAL[k], { location: 'centralus' }),
    );
    for (const c of conns) {
      const body = { kind: c.kind, location: c.location, properties: c.properties };
      const created = await port.putConnection(c.address, body);
      expect(created.properties['provisioningState']).toBe('Succeeded');
    }
    const live = await port.listConnections(DB);
    const { plan } = planChanges(state(conns, [managed()]), [{ address: DB, connections: live }], { now: 'now' });
    expect(plan.changes).toEqual([]);
    expect(plan.noOps).toHaveLength(4);
    for (const c of conns) await port.deleteConnection(c.address);
    expect((await port.listConnections(DB)).map((c) => c.address.name).sort()).toEqual(['legacy-import', 'storm-events-iothub']);
  });

  it('deleting a connection that is gone succeeds', async () => {
    await fx.port().deleteConnection(addr('never-existed'));
  });

  it('a database that does not exist is not-found', async () => {
    const f = await failureOf(fx.port().listConnections({ ...DB, database: 'nope' }));
    expect([f.kind, f.details.status]).toEqual(['not-found', 404]);
  });

  it('a long-running operation that fails carries the service code (table missing)', async () => {
    const f = await failureOf(fx.port().putConnection(addr('bad-table'), { kind: 'EventHub', location: 'Central US', properties: { ...MINIMAL.EventHub, tableName: 'NoSuchTable' } }));
    expect(f.kind).toBe('operation-failed');
    expect(f.details.code).toBe('EventHubValidationErorFound');
  });

  it('a 400 carries status, code and message', async () => {
    const f = await failureOf(fx.port().putConnection(addr('wrong-place'), { kind: 'EventHub', location: 'West Europe', properties: MINIMAL.EventHub }));
    expect([f.kind, f.details.status]).toEqual(['bad-request', 400]);
    expect(f.message.length).toBeGreaterThan(0);
  });

  it('403 is forbidden and is not retried', async () => {
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read' } });
    const f = await failureOf(fx.port().listConnections(DB));
    expect([f.kind, f.details.code]).toEqual(['forbidden', 'AuthorizationFailed']);
    expect(fx.emu().control.counters().statuses['403']).toBe(1);
  });

  it('429 without Retry-After (which the SDK alone does not retry) is retried by the one retry policy', async () => {
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', times: 2, action: { type: 'status', status: 429 } });
    const live = await fx.port().listConnections(DB);
    expect(live.length).toBe(2);
    expect(fx.emu().control.counters().statuses['429']).toBe(2);
  });

  it('a 409 Conflict while another operation runs is waited out', async () => {
    fx.emu().control.setOperationDuration(300);
    const port = fx.port();
    const body = { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub };
    const first = port.putConnection(addr('busy'), body);
    await new Promise((r) => setTimeout(r, 50));
    const second = port.putConnection(addr('busy'), { ...body, properties: { ...body.properties, tableName: 'Telemetry', mappingRuleName: 'Telemetry_JSON_Mapping' } });
    await Promise.all([first, second]);
    expect(fx.emu().control.counters().statuses['409']).toBeGreaterThanOrEqual(1);
    expect(fx.emu().control.getDataConnection({ ...DB, name: 'busy' })?.properties['mappingRuleName']).toBe('Telemetry_JSON_Mapping');
  });

  it('a create whose operation succeeded is a success even if another run deleted the connection before the final read (defect 8)', async () => {
    const body = { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub };
    // The final GET of the create waits a second; the connection is deleted out of band meanwhile.
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections/gone-soon$', action: { type: 'latency', ms: 1_000 } });
    const put = fx.port().putConnection(addr('gone-soon'), body);
    for (let i = 0; i < 200 && !fx.emu().control.operations().some((o) => o.target?.endsWith('/gone-soon') && o.status === 'Succeeded'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(fx.emu().control.deleteDataConnection({ ...DB, name: 'gone-soon' })).toBe(true);
    const written = await put;
    expect(written.address.name).toBe('gone-soon');
    expect(written.properties['provisioningState']).toBe('Succeeded');
  });

  it('a 404 of the write itself (the database is missing) is still a failure', async () => {
    const f = await failureOf(fx.port().putConnection({ ...addr('x'), database: 'nope' }, { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub }));
    expect([f.kind, f.details.status]).toEqual(['not-found', 404]);
  });

  it('dataConnectionValidation answers the problems a write would hit', async () => {
    const answers = await fx.port().validateConnection(addr('v'), { kind: 'EventHub', location: 'Central US', properties: { ...MINIMAL.EventHub, tableName: 'NoSuchTable' } });
    expect(answers.join('\n')).toMatch(/NoSuchTable/);
    expect(await fx.port().validateConnection(addr('v'), { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub })).toEqual([]);
  });

  it('an operation that never finishes times out with a clear message', async () => {
    fx.emu().control.injectFault({ method: 'PUT', times: 1, action: { type: 'hangOperation' } });
    const f = await failureOf(fx.port({ operationTimeoutMs: 300 }).putConnection(addr('hang'), { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub }));
    expect(f.kind).toBe('timeout');
    expect(f.message).toMatch(/may still be running/);
  });
});

describe('one retry layer: attempts per request', () => {
  const GET_LIST = { method: 'GET', path: 'dataConnections$' } as const;
  const attempts = (): number => fx.emu().control.requests().filter((r) => r.operation === 'list').length;

  it('a 429 storm makes 1 + maxRetries attempts (6 by default, as docs/azure.md says), then fails as throttled', async () => {
    fx.emu().control.injectFault({ ...GET_LIST, action: { type: 'status', status: 429, retryAfterSeconds: 0 } });
    fx.emu().control.clearRequests();
    const f = await failureOf(fx.port().listConnections(DB));
    expect([f.kind, f.details.status]).toEqual(['throttled', 429]);
    expect(attempts()).toBe(DEFAULT_SETTINGS.maxRetries + 1);
    expect(DEFAULT_SETTINGS.maxRetries + 1).toBe(6);
  });

  it.each([
    [429, 0],
    [429, 3],
    [500, 2],
    [503, 1],
  ])('a storm of %i with maxRetries %i makes exactly that many retries', async (status, maxRetries) => {
    fx.emu().control.injectFault({ ...GET_LIST, action: { type: 'status', status, retryAfterSeconds: 0 } });
    fx.emu().control.clearRequests();
    await failureOf(fx.port({ maxRetries }).listConnections(DB));
    expect(attempts()).toBe(maxRetries + 1);
  });

  it('a Retry-After longer than the request may still take is not waited for: one attempt, at once', async () => {
    fx.emu().control.injectFault({ ...GET_LIST, action: { type: 'status', status: 429, retryAfterSeconds: 60 } });
    fx.emu().control.clearRequests();
    const started = Date.now();
    const f = await failureOf(fx.port({ requestTimeoutMs: 20_000 }).listConnections(DB));
    expect(f.kind).toBe('throttled');
    expect(attempts()).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([400, 401, 403, 404])('%i is never retried', async (status) => {
    fx.emu().control.injectFault({ ...GET_LIST, action: { type: 'status', status } });
    fx.emu().control.clearRequests();
    await failureOf(fx.port().listConnections(DB));
    expect(attempts()).toBe(1);
  });

  it('a dropped connection is retried, within maxRetries', async () => {
    fx.emu().control.injectFault({ ...GET_LIST, action: { type: 'drop' } });
    fx.emu().control.clearRequests();
    const f = await failureOf(fx.port({ maxRetries: 1 }).listConnections(DB));
    expect(f.kind).toBe('network');
    expect(attempts()).toBe(2);
  });

  it.each([
    [409, 'Conflict'],
    [503, 'ServiceIsInMaintenance'],
  ])('%i %s is waited out apart from the retries of transient failures (even with maxRetries 0)', async (status, code) => {
    fx.emu().control.injectFault({ method: 'PUT', path: 'dataConnections/busy-elsewhere$', times: 2, action: { type: 'status', status, code, message: 'busy' } });
    fx.emu().control.clearRequests();
    const written = await fx.port({ maxRetries: 0 }).putConnection(addr('busy-elsewhere'), { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub });
    expect(written.properties['provisioningState']).toBe('Succeeded');
    expect(fx.emu().control.requests().filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([status, status, 201]);
  });

  it('an endpoint that does not answer is cut off at the request timeout, not retried past it', async () => {
    fx.emu().control.injectFault({ ...GET_LIST, action: { type: 'latency', ms: 5_000 } });
    fx.emu().control.clearRequests();
    const started = Date.now();
    const f = await failureOf(fx.port({ requestTimeoutMs: 1_000 }).listConnections(DB));
    expect(f.kind).toBe('network');
    expect(f.message).toMatch(/could not be reached: no answer within 1 s \(--request-timeout\)/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('each wait of 2 s or more is told before it starts: what failed, attempt k of n, the wait', async () => {
    fx.emu().control.injectFault({ ...GET_LIST, times: 1, action: { type: 'status', status: 429, retryAfterSeconds: 2 } });
    const notices: RetryNotice[] = [];
    const live = await createKustoPort(fx.settings(), { onRetry: (n) => notices.push(n) }).listConnections(DB);
    expect(live).toHaveLength(2);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ failure: '429 TooManyRequests', attempt: 1, attempts: 6, delayMs: 2000 });
    expect(notices[0]?.request).toMatch(/^GET 127\.0\.0\.1:\d+\/subscriptions\/.*\/dataConnections$/);
  });
});

describe('pacing to ARM budgets', () => {
  it('spends the read budget as fast as it refills, and never runs into 429', async () => {
    fx.emu().control.setThrottle({ timeScale: 40 });
    const port = fx.port({ armRateFactor: 40, perSubscriptionConcurrency: 16 });
    await Promise.all(Array.from({ length: 400 }, () => port.listConnections(DB)));
    expect(fx.emu().control.counters().statuses['429']).toBeUndefined();
  });

  it('with no cap on requests at once, the read budget alone decides: lists past the burst and the status reads of creates are paced, none throttled', async () => {
    fx.emu().control.setThrottle({ timeScale: 40 });
    const port = fx.port({ armRateFactor: 40 });
    expect(fx.settings().perSubscriptionConcurrency).toBeUndefined();
    const creates = [
      port.putConnection(addr('paced-eventhub'), { kind: 'EventHub', location: 'Central US', properties: MINIMAL.EventHub }),
      port.putConnection(addr('paced-iothub'), { kind: 'IotHub', location: 'Central US', properties: { ...MINIMAL.IotHub, consumerGroup: 'kustodian' } }),
    ];
    const lists = Array.from({ length: 300 }, () => port.listConnections(DB));
    const settled = await Promise.allSettled([...creates, ...lists]);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    const counters = fx.emu().control.counters();
    expect(counters.operations.list).toBeGreaterThanOrEqual(300); // a reused connection the emulator closed meanwhile is retried
    expect(counters.operations.operationStatus).toBeGreaterThanOrEqual(2);
    expect(counters.statuses['429']).toBeUndefined();
  });

  it('the same budget is binding: unpaced, the raw SDK client runs into 429', async () => {
    fx.emu().control.setThrottle({});
    const { KustoManagementClient } = await import('@azure/arm-kusto');
    const raw = new KustoManagementClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) }, DB.subscriptionId, {
      endpoint: fx.emu().endpoint,
      tlsOptions: { ca: fx.emu().ca },
      retryOptions: { maxRetries: 0 },
    });
    const list = async () => {
      for await (const _ of raw.dataConnections.listByDatabase(DB.resourceGroup, DB.cluster, DB.database)) void _;
    };
    const results = await Promise.allSettled(Array.from({ length: 600 }, list));
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    expect(fx.emu().control.counters().statuses['429']).toBeGreaterThan(0);
  });
});
