/**
 * The GraphPort over the real @azure/arm-resourcegraph client against the emulator: paging,
 * narrowing to the scopes, the same live connections one list per database gives, pacing to
 * the quota by its headers, surviving 429, and failures as AzureFailures.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createGraphPort } from '../../src/azure/graph/port.js';
import type { DatabaseAddress } from '../../src/core/address.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { useEmulator } from '../support/emulator.js';
import { failureOf } from '../support/failure.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';
const SEED: EmulatorSeed = {
  subscriptions: [
    { id: SUB, resourceGroups: [{ name: 'TestRG', clusters: [{ name: 'kustoone', location: 'Central US', databases: [{ name: 'alpha' }, { name: 'Beta' }] }, { name: 'kustotwo', location: 'West Europe', databases: [{ name: 'Sales DB' }] }] }] },
    { id: OTHER, resourceGroups: [{ name: 'rgb', clusters: [{ name: 'kustothree', location: 'North Europe', databases: [{ name: 'gamma' }] }] }] },
  ],
};
const ALPHA: DatabaseAddress = { subscriptionId: SUB, resourceGroup: 'TestRG', cluster: 'kustoone', database: 'alpha' };
const BETA: DatabaseAddress = { ...ALPHA, database: 'Beta' };
const SALES: DatabaseAddress = { ...ALPHA, cluster: 'kustotwo', database: 'Sales DB' };
const GAMMA: DatabaseAddress = { subscriptionId: OTHER, resourceGroup: 'rgb', cluster: 'kustothree', database: 'gamma' };

const fx = useEmulator({ seed: SEED });
beforeEach(() => fx.emu().control.reset());

function fill(db: DatabaseAddress, count: number): void {
  for (let i = 0; i < count; i++) {
    fx.emu().control.putDataConnection(
      { ...db, name: `${db.database.replace(' ', '-')}-${i}` },
      { kind: i % 2 === 0 ? 'EventHub' : 'IotHub', properties: i % 2 === 0 ? { eventHubResourceId: `/subscriptions/${db.subscriptionId}/resourceGroups/x/providers/Microsoft.EventHub/namespaces/n/eventhubs/h${i}`, consumerGroup: 'adx', dataFormat: 'json', retrievalStartDate: '2024-05-01T10:00:00Z' } : { iotHubResourceId: `/subscriptions/${db.subscriptionId}/resourceGroups/x/providers/Microsoft.Devices/IotHubs/h${i}`, consumerGroup: 'adx', sharedAccessPolicyName: 'p' } },
    );
  }
}

function graphCalls(): number {
  return fx.emu().control.requests().filter((r) => r.operation === 'resourceGraph').length;
}

describe('graph port against the emulator', () => {
  it('pages through every connection of the scopes with skip tokens, one query per page, nothing else', async () => {
    fill(ALPHA, 5);
    fill(BETA, 4);
    fill(GAMMA, 3);
    fx.emu().control.clearRequests();
    const port = createGraphPort(fx.settings(), {}, undefined, { pageSize: 2 });
    const live = await port.listConnectionsUnder([{ level: 'subscription', subscriptionId: SUB }, { level: 'subscription', subscriptionId: OTHER }]);
    expect(live).toHaveLength(12);
    expect(graphCalls()).toBe(6);
    expect(fx.emu().control.requests().every((r) => r.operation === 'resourceGraph' && r.status === 200)).toBe(true);
  });

  it('answers only what lies under the scopes, narrowed in the query', async () => {
    fill(ALPHA, 2);
    fill(BETA, 2);
    fill(SALES, 2);
    fill(GAMMA, 2);
    const live = await createGraphPort(fx.settings()).listConnectionsUnder([{ level: 'database', database: { ...BETA, database: 'BETA' } }, { level: 'cluster', subscriptionId: SUB, resourceGroup: 'testrg', cluster: 'kustotwo' }]);
    expect(live.map((c) => `${c.address.database}/${c.address.name}`).sort()).toEqual(['Beta/Beta-0', 'Beta/Beta-1', 'Sales DB/Sales-DB-0', 'Sales DB/Sales-DB-1']);
  });

  it('gives the same live connections as one list per database, but for the location spelling', async () => {
    fill(ALPHA, 4);
    const fromGraph = await createGraphPort(fx.settings()).listConnectionsUnder([{ level: 'database', database: ALPHA }]);
    const fromArm = await fx.port().listConnections(ALPHA);
    const byName = (a: { address: { name: string } }, b: { address: { name: string } }): number => (a.address.name < b.address.name ? -1 : 1);
    expect(fromGraph.map((c) => c.location)).toEqual(['centralus', 'centralus', 'centralus', 'centralus']);
    expect(fromGraph.map((c) => ({ ...c, location: 'Central US' })).sort(byName)).toEqual([...fromArm].sort(byName));
  });

  it('paces itself to the quota by its headers: many pages, no 429', async () => {
    fx.emu().control.setThrottle({ scale: 0.2, timeScale: 50 }); // 3 queries per 100 ms
    fill(ALPHA, 20);
    fx.emu().control.clearRequests();
    const live = await createGraphPort(fx.settings(), {}, undefined, { pageSize: 2 }).listConnectionsUnder([{ level: 'subscription', subscriptionId: SUB }]);
    expect(live).toHaveLength(20);
    expect(fx.emu().control.counters().statuses).toEqual({ '200': 10 });
  });

  it('survives a 429 when another client has spent the quota, and goes on where it stopped', async () => {
    fx.emu().control.setThrottle({ scale: 0.2, timeScale: 2.5 }); // 3 queries per 2 s: the other client's spend lasts
    fill(ALPHA, 6);
    const other = createGraphPort(fx.settings());
    for (let i = 0; i < 3; i++) await other.listConnectionsUnder([{ level: 'database', database: GAMMA }]);
    fx.emu().control.clearRequests();
    const live = await createGraphPort(fx.settings(), {}, undefined, { pageSize: 3 }).listConnectionsUnder([{ level: 'database', database: ALPHA }]);
    expect(live).toHaveLength(6);
    expect(fx.emu().control.requests().map((r) => r.status)).toEqual([429, 200, 200]);
  });

  it('an injected 5xx is retried; a refused query or a missing permission is an AzureFailure with the service code', async () => {
    fill(ALPHA, 1);
    fx.emu().control.injectFault({ method: 'POST', path: 'ResourceGraph', times: 1, action: { type: 'status', status: 503 } });
    fx.emu().control.clearRequests();
    expect(await createGraphPort(fx.settings({ maxRetries: 1 })).listConnectionsUnder([{ level: 'database', database: ALPHA }])).toHaveLength(1);
    expect(fx.emu().control.requests().map((r) => r.status)).toEqual([503, 200]);
    fx.emu().control.injectFault({ method: 'POST', path: 'ResourceGraph', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'no access to Microsoft.ResourceGraph/resources/read' } });
    const denied = await failureOf(createGraphPort(fx.settings()).listConnectionsUnder([{ level: 'database', database: ALPHA }]));
    expect([denied.kind, denied.details.code]).toEqual(['forbidden', 'AuthorizationFailed']);
    fx.emu().control.clearFaults();
    const unknown = await failureOf(createGraphPort(fx.settings()).listConnectionsUnder([{ level: 'subscription', subscriptionId: '99999999-0000-0000-0000-000000000000' }]));
    expect([unknown.kind, unknown.details.status]).toEqual(['bad-request', 400]);
  });
});
