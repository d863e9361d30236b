/**
 * The event sources' ARM reads: Event Hubs namespaces, hubs and consumer groups; IoT hubs, their
 * consumer groups and shared access policies (listkeys / getkeys, fake keys); Cosmos DB
 * accounts, SQL databases, containers and SQL role assignments; storage accounts — in the spec
 * examples' shapes, with each service's 404 for a missing level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB, armError, raw } from './helpers.js';

const P = `/subscriptions/${SUB}/resourceGroups/${RG}/providers`;
const EH = (path: string) => `${P}/Microsoft.EventHub/namespaces/${path}?api-version=2024-01-01`;
const IOT = (path: string) => `${P}/Microsoft.Devices/IotHubs/${path}?api-version=2023-06-30`;
const COSMOS = (path: string) => `${P}/Microsoft.DocumentDB/databaseAccounts/${path}?api-version=2025-10-15`;

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        {
          name: RG,
          clusters: [{ name: 'kc', location: 'West Europe', principalId: 'cccccccc-0000-0000-0000-000000000001', userAssignedIdentities: ['uai'] }],
          userAssignedIdentities: [{ name: 'uai', principalId: 'dddddddd-0000-0000-0000-000000000001', clientId: 'eeeeeeee-0000-0000-0000-000000000001' }],
          eventHubNamespaces: [{ name: 'ns1', eventHubs: [{ name: 'telemetry', consumerGroups: ['adx'], partitionCount: 2 }] }],
          iotHubs: [{ name: 'hub1', consumerGroups: ['kusto'], sharedAccessPolicies: ['iothubowner', { name: 'reader', rights: 'ServiceConnect' }] }],
          storageAccounts: [{ name: 'store1', location: 'eastus' }],
          cosmosDbAccounts: [
            {
              name: 'cosmos1',
              databases: [{ name: 'db1', containers: ['events'] }],
              sqlRoleAssignments: [{ cluster: 'kc', roleDefinitionId: '00000000-0000-0000-0000-000000000001', name: 'ra1' }],
            },
          ],
        },
      ],
    },
  ],
};

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, operationDurationMs: 0 });
});
afterAll(() => emu.stop());

describe('Event Hubs', () => {
  it('answers a namespace, an event hub and its consumer groups in the spec shapes', async () => {
    const ns = await raw(emu, 'GET', EH('NS1'));
    expect(ns.status).toBe(200);
    expect(ns.json).toMatchObject({ name: 'ns1', type: 'Microsoft.EventHub/Namespaces', location: 'West Europe', properties: { status: 'Active' } });
    const hub = await raw(emu, 'GET', EH('ns1/eventhubs/Telemetry'));
    expect(hub.json).toMatchObject({
      id: `${P}/Microsoft.EventHub/namespaces/ns1/eventhubs/telemetry`,
      name: 'telemetry',
      type: 'Microsoft.EventHub/Namespaces/EventHubs',
      properties: { partitionCount: 2, partitionIds: ['0', '1'], status: 'Active' },
    });
    const group = await raw(emu, 'GET', EH('ns1/eventhubs/telemetry/consumergroups/ADX'));
    expect(group.json).toMatchObject({ name: 'adx', type: 'Microsoft.EventHub/Namespaces/EventHubs/ConsumerGroups', id: `${P}/Microsoft.EventHub/namespaces/ns1/eventhubs/telemetry/consumergroups/adx` });
    const list = await raw(emu, 'GET', EH('ns1/eventhubs/telemetry/consumergroups'));
    expect((list.json as { value: { name: string }[] }).value.map((g) => g.name)).toEqual(['$Default', 'adx']);
  });

  it('answers each missing level with that level’s 404', async () => {
    const ns = await raw(emu, 'GET', EH('nope'));
    expect([ns.status, armError(ns.json).code]).toEqual([404, 'ResourceNotFound']);
    const parent = await raw(emu, 'GET', EH('nope/eventhubs/telemetry'));
    expect([parent.status, armError(parent.json).code]).toEqual([404, 'ParentResourceNotFound']);
    const hub = await raw(emu, 'GET', EH('ns1/eventhubs/nope'));
    expect([hub.status, armError(hub.json).code]).toEqual([404, 'NotFound']);
    expect(String(armError(hub.json).message)).toMatch(/messaging entity 'ns1:nope' could not be found/);
    const group = await raw(emu, 'GET', EH('ns1/eventhubs/telemetry/consumergroups/missing'));
    expect([group.status, armError(group.json).code]).toEqual([404, 'NotFound']);
    const rg = await raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/nope/providers/Microsoft.EventHub/namespaces/ns1?api-version=2024-01-01`);
    expect(armError(rg.json).code).toBe('ResourceGroupNotFound');
  });

  it('refuses an api-version Event Hubs does not have, and writes', async () => {
    const bad = await raw(emu, 'GET', `${P}/Microsoft.EventHub/namespaces/ns1?api-version=2023-08-15`);
    expect([bad.status, armError(bad.json).code]).toEqual([400, 'NoRegisteredProviderFound']);
    const put = await raw(emu, 'PUT', EH('ns1/eventhubs/telemetry/consumergroups/new'), { body: '{}' });
    expect(put.status).toBe(405);
  });
});

describe('IoT Hub', () => {
  it('answers the hub and its consumer groups', async () => {
    const hub = await raw(emu, 'GET', IOT('hub1'));
    expect(hub.json).toMatchObject({ name: 'hub1', type: 'Microsoft.Devices/IotHubs', properties: { state: 'Active', hostName: 'hub1.azure-devices.net' } });
    const group = await raw(emu, 'GET', IOT('hub1/eventHubEndpoints/events/ConsumerGroups/$Default'));
    expect(group.json).toMatchObject({ name: '$Default', type: 'Microsoft.Devices/IotHubs/EventHubEndpoints/ConsumerGroups' });
    expect((group.json as { id: string }).id).toMatch(/ConsumerGroups\/%24Default$/);
    const missing = await raw(emu, 'GET', IOT('hub1/eventHubEndpoints/events/ConsumerGroups/nope'));
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'NotFound', httpStatusCode: 'NotFound' });
  });

  it('lists the shared access policies with fake keys (POST listkeys) and gets one (POST getkeys)', async () => {
    const list = await raw(emu, 'POST', IOT('hub1/listkeys'));
    expect(list.status).toBe(200);
    const value = (list.json as { value: { keyName: string; rights: string; primaryKey: string }[] }).value;
    expect(value.map((k) => [k.keyName, k.rights])).toEqual([
      ['iothubowner', 'RegistryWrite, ServiceConnect, DeviceConnect'],
      ['reader', 'ServiceConnect'],
    ]);
    expect(value[0]?.primaryKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const one = await raw(emu, 'POST', IOT('hub1/IotHubKeys/READER/listkeys'));
    expect(one.json).toMatchObject({ keyName: 'reader', rights: 'ServiceConnect' });
    const missing = await raw(emu, 'POST', IOT('hub1/IotHubKeys/nope/listkeys'));
    expect(missing.status).toBe(404);
    const get = await raw(emu, 'GET', IOT('hub1/listkeys'));
    expect(get.status).toBe(405);
  });

  it('answers ResourceNotFound for a missing hub', async () => {
    const res = await raw(emu, 'GET', IOT('nope'));
    expect([res.status, armError(res.json).code]).toEqual([404, 'ResourceNotFound']);
  });
});

describe('Cosmos DB', () => {
  it('answers the account, the SQL database and the container', async () => {
    expect((await raw(emu, 'GET', COSMOS('cosmos1'))).json).toMatchObject({ name: 'cosmos1', kind: 'GlobalDocumentDB', properties: { provisioningState: 'Succeeded' } });
    expect((await raw(emu, 'GET', COSMOS('cosmos1/sqlDatabases/db1'))).json).toMatchObject({ name: 'db1', properties: { resource: { id: 'db1' } } });
    const container = await raw(emu, 'GET', COSMOS('cosmos1/sqlDatabases/db1/containers/events'));
    expect(container.json).toMatchObject({ name: 'events', type: 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/sqlContainers', properties: { resource: { id: 'events' } } });
  });

  it('answers Cosmos DB’s own unwrapped NotFound for a missing database or container', async () => {
    for (const path of ['cosmos1/sqlDatabases/nope', 'cosmos1/sqlDatabases/db1/containers/nope']) {
      const res = await raw(emu, 'GET', COSMOS(path));
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'NotFound' });
      expect(String((res.json as { message: string }).message)).toMatch(/Resource Not Found/);
    }
  });

  it('lists the SQL role assignments with the cluster’s principal and the built-in data reader', async () => {
    const list = await raw(emu, 'GET', COSMOS('cosmos1/sqlRoleAssignments'));
    const [ra] = (list.json as { value: { name: string; properties: { roleDefinitionId: string; principalId: string; scope: string } }[] }).value;
    expect(ra?.name).toBe('ra1');
    expect(ra?.properties.roleDefinitionId).toMatch(/\/sqlRoleDefinitions\/00000000-0000-0000-0000-000000000001$/);
    expect(ra?.properties.scope).toBe(`${P}/Microsoft.DocumentDB/databaseAccounts/cosmos1`);
    expect(ra?.properties.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const def = await raw(emu, 'GET', COSMOS('cosmos1/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001'));
    expect(def.json).toMatchObject({ properties: { roleName: 'Cosmos DB Built-in Data Reader', type: 'BuiltInRole' } });
  });
});

describe('Storage', () => {
  it('answers a storage account, and ResourceNotFound for a missing one', async () => {
    const sa = await raw(emu, 'GET', `${P}/Microsoft.Storage/storageAccounts/store1?api-version=2023-05-01`);
    expect(sa.json).toMatchObject({ name: 'store1', location: 'eastus', kind: 'StorageV2' });
    const missing = await raw(emu, 'GET', `${P}/Microsoft.Storage/storageAccounts/nope?api-version=2023-05-01`);
    expect(armError(missing.json).code).toBe('ResourceNotFound');
  });
});

describe('managed identities', () => {
  it('answers a user-assigned identity with its object and client IDs, and ResourceNotFound for a missing one', async () => {
    const res = await raw(emu, 'GET', `${P}/Microsoft.ManagedIdentity/userAssignedIdentities/UAI?api-version=2023-01-31`);
    expect(res.json).toMatchObject({
      id: `${P}/Microsoft.ManagedIdentity/userAssignedIdentities/uai`,
      name: 'uai',
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      location: 'westeurope',
      properties: { principalId: 'dddddddd-0000-0000-0000-000000000001', clientId: 'eeeeeeee-0000-0000-0000-000000000001' },
    });
    const missing = await raw(emu, 'GET', `${P}/Microsoft.ManagedIdentity/userAssignedIdentities/nope?api-version=2023-01-31`);
    expect(armError(missing.json).code).toBe('ResourceNotFound');
  });

  it('a cluster carrying a user-assigned identity answers both in its identity', async () => {
    const res = await raw(emu, 'GET', `${P}/Microsoft.Kusto/clusters/kc?api-version=2023-08-15`);
    expect((res.json as { identity: unknown }).identity).toMatchObject({
      type: 'SystemAssigned, UserAssigned',
      principalId: 'cccccccc-0000-0000-0000-000000000001',
      userAssignedIdentities: { [`${P}/Microsoft.ManagedIdentity/userAssignedIdentities/uai`]: { principalId: 'dddddddd-0000-0000-0000-000000000001', clientId: 'eeeeeeee-0000-0000-0000-000000000001' } },
    });
  });
});
