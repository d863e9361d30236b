/**
 * Walking subscription → resource group → cluster → database through the real SDK, against
 * the emulator: what each scope holds, and a missing level as an AzureFailure.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseAddress } from '../../src/core/address.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { useEmulator } from '../support/emulator.js';
import { failureOf } from '../support/failure.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        { name: 'TestRG', clusters: [{ name: 'kustoone', location: 'Central US', databases: [{ name: 'Beta' }, { name: 'alpha' }] }] },
        { name: 'other', clusters: [{ name: 'kustotwo', location: 'West Europe', databases: [{ name: 'Sales DB' }] }, { name: 'kustoempty', location: 'West Europe' }] },
      ],
    },
  ],
};

const fx = useEmulator({ seed: SEED });
const db = (resourceGroup: string, cluster: string, database: string): DatabaseAddress => ({ subscriptionId: SUB, resourceGroup, cluster, database });

describe('listDatabases', () => {
  it('a subscription: every cluster of every group, sorted by address, in the casing the service answers', async () => {
    fx.emu().control.clearRequests();
    expect(await fx.port().listDatabases({ level: 'subscription', subscriptionId: SUB })).toEqual([
      db('other', 'kustotwo', 'Sales DB'),
      db('TestRG', 'kustoone', 'alpha'),
      db('TestRG', 'kustoone', 'Beta'),
    ]);
    expect(fx.emu().control.requests().map((r) => r.operation)).toEqual(['listClusters', 'listDatabases', 'listDatabases', 'listDatabases']);
  });

  it('a resource group (any casing) and a cluster', async () => {
    expect(await fx.port().listDatabases({ level: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'testrg' })).toEqual([
      db('TestRG', 'kustoone', 'alpha'),
      db('TestRG', 'kustoone', 'Beta'),
    ]);
    expect(await fx.port().listDatabases({ level: 'cluster', subscriptionId: SUB, resourceGroup: 'other', cluster: 'kustotwo' })).toEqual([
      db('other', 'kustotwo', 'Sales DB'),
    ]);
    expect(await fx.port().listDatabases({ level: 'cluster', subscriptionId: SUB, resourceGroup: 'other', cluster: 'kustoempty' })).toEqual([]);
  });

  it('a database is itself, without a request', async () => {
    fx.emu().control.clearRequests();
    const address = db('nowhere', 'nocluster', 'nodb');
    expect(await fx.port().listDatabases({ level: 'database', database: address })).toEqual([address]);
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('a missing subscription, group or cluster is not-found with the service code', async () => {
    const noSub = await failureOf(fx.port().listDatabases({ level: 'subscription', subscriptionId: '99999999-0000-0000-0000-000000000000' }));
    expect([noSub.kind, noSub.details.code]).toEqual(['not-found', 'SubscriptionNotFound']);
    const noGroup = await failureOf(fx.port().listDatabases({ level: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'nope' }));
    expect([noGroup.kind, noGroup.details.code]).toEqual(['not-found', 'ResourceGroupNotFound']);
    const noCluster = await failureOf(fx.port().listDatabases({ level: 'cluster', subscriptionId: SUB, resourceGroup: 'other', cluster: 'nope' }));
    expect([noCluster.kind, noCluster.details.code]).toEqual(['not-found', 'ResourceNotFound']);
  });
});
