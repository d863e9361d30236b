/**
 * The read-only clusters and databases, through the real @azure/arm-kusto client:
 * clusters.list, clusters.listByResourceGroup, clusters.get, databases.listByCluster and
 * databases.get answer the seed's world in the service's shapes, and the 404s ARM answers for a
 * missing level.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Cluster, DatabaseUnion, KustoManagementClient, ReadWriteDatabase } from '@azure/arm-kusto';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { CLUSTER, DB, RG, SUB, api, armError, clientFor, raw, rejection } from './helpers.js';

const OTHER_SUB = '11111111-2222-3333-4444-555555555555';

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        {
          name: RG,
          clusters: [{ name: CLUSTER, location: 'centralus', principalId: 'aaaaaaaa-0000-0000-0000-000000000001', databases: [{ name: DB }, { name: 'analyticsdb' }] }],
        },
        { name: 'OtherRG', clusters: [{ name: 'otherkusto', location: 'West Europe', databases: [{ name: 'Sales DB' }] }] },
        { name: 'emptyrg' },
      ],
    },
    { id: OTHER_SUB, resourceGroups: [{ name: 'rgb', clusters: [{ name: 'bcluster', location: 'eastus' }] }] },
  ],
};

let emu: RunningEmulator;
let client: KustoManagementClient;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 20, seed: SEED });
  client = clientFor(emu);
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

const clusterPath = (rg: string, cluster: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Kusto/clusters/${cluster}`;

describe('clusters', () => {
  it('clusters.list answers every cluster of the subscription, in every resource group, in the service shape', async () => {
    const clusters = await all(client.clusters.list());
    expect(clusters.map((c) => c.id)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/Clusters/${CLUSTER}`,
      `/subscriptions/${SUB}/resourceGroups/OtherRG/providers/Microsoft.Kusto/Clusters/otherkusto`,
    ]);
    const first = clusters[0] as Cluster;
    expect(first).toMatchObject({
      name: CLUSTER,
      type: 'Microsoft.Kusto/Clusters',
      location: 'Central US',
      sku: { name: 'Standard_E8ads_v5', tier: 'Standard', capacity: 2 },
      identity: { type: 'SystemAssigned', principalId: 'aaaaaaaa-0000-0000-0000-000000000001' },
      state: 'Running',
      provisioningState: 'Succeeded',
      // The emulated data plane, a path prefix on the emulator (docs/emulator.md, "Kusto data plane").
      uri: `${emu.endpoint}/kusto/${CLUSTER}`,
      dataIngestionUri: `${emu.endpoint}/kusto/ingest-${CLUSTER}`,
      engineType: 'V3',
    });
    expect(clusters[1]?.location).toBe('West Europe');
  });

  it('clusters.list of another subscription answers only its clusters', async () => {
    const clusters = await all(clientFor(emu, {}, OTHER_SUB).clusters.list());
    expect(clusters.map((c) => c.name)).toEqual(['bcluster']);
  });

  it('clusters.listByResourceGroup matches the group in any casing; an empty group answers an empty list', async () => {
    expect((await all(client.clusters.listByResourceGroup('OTHERrg'))).map((c) => c.name)).toEqual(['otherkusto']);
    expect(await all(client.clusters.listByResourceGroup('emptyrg'))).toEqual([]);
  });

  it('clusters.get answers what the list answers', async () => {
    const listed = (await all(client.clusters.listByResourceGroup(RG)))[0];
    expect(await client.clusters.get(RG, CLUSTER.toUpperCase())).toEqual(listed);
  });

  it('a missing subscription, resource group or cluster is the 404 of its level', async () => {
    const noSub = await rejection(all(clientFor(emu, {}, '99999999-0000-0000-0000-000000000000').clusters.list()));
    expect([noSub.statusCode, noSub.code]).toEqual([404, 'SubscriptionNotFound']);
    const noGroup = await rejection(all(client.clusters.listByResourceGroup('nosuchrg')));
    expect([noGroup.statusCode, noGroup.code]).toEqual([404, 'ResourceGroupNotFound']);
    const noCluster = await rejection(client.clusters.get(RG, 'nosuchcluster'));
    expect([noCluster.statusCode, noCluster.code]).toEqual([404, 'ResourceNotFound']);
    expect(noCluster.message).toContain('Microsoft.Kusto/clusters/nosuchcluster');
  });
});

describe('databases', () => {
  it('databases.listByCluster answers ReadWrite databases named cluster/database, with PascalCase ids', async () => {
    const dbs = await all(client.databases.listByCluster(RG, CLUSTER));
    expect(dbs.map((d) => [d.kind, d.name, d.id])).toEqual([
      ['ReadWrite', `${CLUSTER}/${DB}`, `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/Clusters/${CLUSTER}/Databases/${DB}`],
      ['ReadWrite', `${CLUSTER}/analyticsdb`, `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/Clusters/${CLUSTER}/Databases/analyticsdb`],
    ]);
    expect(dbs[0] as ReadWriteDatabase).toMatchObject({
      type: 'Microsoft.Kusto/Clusters/Databases',
      location: 'Central US',
      provisioningState: 'Succeeded',
      softDeletePeriod: 'P365D',
      hotCachePeriod: 'P31D',
      isFollowed: false,
    });
  });

  it('a database name with a space comes back as written; databases.get answers what the list answers', async () => {
    const [sales] = await all<DatabaseUnion>(client.databases.listByCluster('otherrg', 'otherkusto'));
    expect(sales?.name).toBe('otherkusto/Sales DB');
    expect(await client.databases.get('otherrg', 'otherkusto', 'sales db')).toEqual(sales);
  });

  it('a missing cluster or database is 404 ResourceNotFound', async () => {
    const noCluster = await rejection(all(client.databases.listByCluster(RG, 'nosuchcluster')));
    expect([noCluster.statusCode, noCluster.code]).toEqual([404, 'ResourceNotFound']);
    const noDb = await rejection(client.databases.get(RG, CLUSTER, 'nosuchdb'));
    expect([noDb.statusCode, noDb.code]).toEqual([404, 'ResourceNotFound']);
  });
});

describe('as ARM serves them', () => {
  it('one page (no nextLink), paths matched in any casing, and each read logged under its own operation', async () => {
    emu.control.clearRequests();
    const listed = await raw(emu, 'GET', api(`/SUBSCRIPTIONS/${SUB}/PROVIDERS/microsoft.kusto/CLUSTERS`));
    expect(listed.status).toBe(200);
    expect(Object.keys(listed.json as object)).toEqual(['value']);
    await raw(emu, 'GET', api(clusterPath(RG, CLUSTER)));
    await raw(emu, 'GET', api(`${clusterPath(RG, CLUSTER)}/Databases`));
    await raw(emu, 'GET', api(`${clusterPath(RG, CLUSTER)}/databases/${DB}`));
    await raw(emu, 'GET', api(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters`));
    expect(emu.control.requests().map((r) => [r.operation, r.status])).toEqual([
      ['listClusters', 200],
      ['getCluster', 200],
      ['listDatabases', 200],
      ['getDatabase', 200],
      ['listClusters', 200],
    ]);
  });

  it('clusters and databases are read-only: writes answer 405', async () => {
    for (const [method, path] of [
      ['PUT', clusterPath(RG, CLUSTER)],
      ['DELETE', `${clusterPath(RG, CLUSTER)}/databases/${DB}`],
      ['POST', `${clusterPath(RG, CLUSTER)}/databases`],
    ] as const) {
      const answer = await raw(emu, method, api(path));
      expect([method, answer.status, armError(answer.json).code]).toEqual([method, 405, 'MethodNotAllowed']);
    }
    expect((await all(client.databases.listByCluster(RG, CLUSTER))).map((d) => d.name)).toEqual([`${CLUSTER}/${DB}`, `${CLUSTER}/analyticsdb`]);
  });
});
