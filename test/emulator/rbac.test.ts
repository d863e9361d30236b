/**
 * Role assignments and built-in role definitions: listing at a scope with `$filter`
 * (atScope(), principalId eq, assignedTo), inheritance from the subscription and resource
 * group, the built-in roles' real IDs and data actions, and the control API that adds and
 * removes assignments.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB, armError, raw, authorizationList, listedNames } from './helpers.js';

const SUB_SCOPE = `/subscriptions/${SUB}`;
const RG_SCOPE = `${SUB_SCOPE}/resourceGroups/${RG}`;
const NS = `${RG_SCOPE}/providers/Microsoft.EventHub/namespaces/ns1`;
const HUB = `${NS}/eventhubs/telemetry`;
const CLUSTER_PRINCIPAL = 'cccccccc-0000-0000-0000-000000000001';
const RECEIVER = 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde';

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        {
          name: RG,
          clusters: [{ name: 'kc', location: 'West Europe', principalId: CLUSTER_PRINCIPAL }],
          eventHubNamespaces: [{ name: 'ns1', eventHubs: [{ name: 'telemetry' }] }],
          userAssignedIdentities: [{ name: 'uai', principalId: 'dddddddd-0000-0000-0000-000000000001' }],
        },
      ],
      roleAssignments: [
        { scope: SUB_SCOPE, role: 'Reader', principalId: 'eeeeeeee-0000-0000-0000-000000000001', principalType: 'User', name: 'sub-reader' },
        { scope: NS, role: 'Azure Event Hubs Data Receiver', cluster: 'kc', name: 'ns-receiver' },
        { scope: HUB, role: 'f526a384-b230-433a-b45c-95f59c4a2dec', identity: 'uai', name: 'hub-owner' },
      ],
    },
  ],
};

const list = (scope: string, filter?: string): string => authorizationList('roleAssignments', scope, filter);
const names = listedNames;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, operationDurationMs: 0 });
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

describe('role assignments', () => {
  it('atScope() on a resource lists what applies to it: its own and those inherited from above', async () => {
    const res = await raw(emu, 'GET', list(HUB, 'atScope()'));
    expect(res.status).toBe(200);
    expect(names(res.json)).toEqual(['hub-owner', 'ns-receiver', 'sub-reader']);
    expect(names((await raw(emu, 'GET', list(NS, 'atScope()'))).json)).toEqual(['ns-receiver', 'sub-reader']);
  });

  it('without a filter lists at, above and below the scope', async () => {
    expect(names((await raw(emu, 'GET', list(RG_SCOPE))).json)).toEqual(['hub-owner', 'ns-receiver', 'sub-reader']);
  });

  it('filters by principal (principalId eq, assignedTo) and combines with atScope()', async () => {
    expect(names((await raw(emu, 'GET', list(SUB_SCOPE, `principalId eq '${CLUSTER_PRINCIPAL}'`))).json)).toEqual(['ns-receiver']);
    expect(names((await raw(emu, 'GET', list(HUB, `atScope() and assignedTo('${CLUSTER_PRINCIPAL}')`))).json)).toEqual(['ns-receiver']);
    expect(names((await raw(emu, 'GET', list(SUB_SCOPE, `atScope() and principalId eq '${CLUSTER_PRINCIPAL}'`))).json)).toEqual([]);
  });

  it('answers the spec shape with the role definition ID under the subscription', async () => {
    const res = await raw(emu, 'GET', list(NS, 'atScope()'));
    const a = (res.json as { value: Record<string, unknown>[] }).value.find((x) => x['name'] === 'ns-receiver');
    expect(a).toMatchObject({
      id: `${NS}/providers/Microsoft.Authorization/roleAssignments/ns-receiver`,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${RECEIVER}`,
        principalId: CLUSTER_PRINCIPAL,
        principalType: 'ServicePrincipal',
        scope: NS,
      },
    });
  });

  it('answers a scope sent with its leading slash (the SDK then sends //subscriptions/…), as ARM does', async () => {
    const res = await raw(emu, 'GET', `/${list(NS, 'atScope()')}`);
    expect(res.status).toBe(200);
    expect(names(res.json)).toEqual(['ns-receiver', 'sub-reader']);
    const byId = await raw(emu, 'GET', `//providers/Microsoft.Authorization/roleDefinitions/${RECEIVER}?api-version=2022-04-01`);
    expect(byId.status).toBe(200);
    expect((await raw(emu, 'GET', `${SUB_SCOPE}//resourceGroups/${RG}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`)).status).toBe(400);
  });

  it('refuses a filter it does not support with UnsupportedQuery', async () => {
    const res = await raw(emu, 'GET', list(NS, "roleDefinitionId eq 'x'"));
    expect([res.status, armError(res.json).code]).toEqual([400, 'UnsupportedQuery']);
  });

  it('the control API adds and removes assignments', async () => {
    const added = await raw(emu, 'POST', '/_emulator/role-assignments', {
      body: JSON.stringify({ scope: HUB, role: 'Storage Blob Data Reader', identity: 'uai', name: 'added' }),
    });
    expect(added.status).toBe(201);
    expect(names((await raw(emu, 'GET', list(HUB, 'atScope()'))).json)).toContain('added');
    expect((await raw(emu, 'DELETE', '/_emulator/role-assignments/added')).status).toBe(204);
    expect(names((await raw(emu, 'GET', list(HUB, 'atScope()'))).json)).not.toContain('added');
    const bad = await raw(emu, 'POST', '/_emulator/role-assignments', { body: JSON.stringify({ scope: HUB, role: 'No Such Role', identity: 'uai' }) });
    expect(bad.status).toBe(400);
    expect(String(armError(bad.json).message)).toMatch(/unknown role 'No Such Role'/);
  });
});

describe('role definitions', () => {
  it('answers a built-in role by GUID at the root and at a scope, with its data actions', async () => {
    const root = await raw(emu, 'GET', `/providers/Microsoft.Authorization/roleDefinitions/${RECEIVER}?api-version=2022-04-01`);
    expect(root.json).toMatchObject({
      id: `/providers/Microsoft.Authorization/roleDefinitions/${RECEIVER}`,
      name: RECEIVER,
      properties: {
        roleName: 'Azure Event Hubs Data Receiver',
        type: 'BuiltInRole',
        permissions: [{ actions: ['Microsoft.EventHub/*/eventhubs/consumergroups/read'], dataActions: ['Microsoft.EventHub/*/receive/action'] }],
      },
    });
    const scoped = await raw(emu, 'GET', `${HUB}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1?api-version=2022-04-01`);
    expect(scoped.json).toMatchObject({
      id: `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`,
      properties: { roleName: 'Storage Blob Data Reader', permissions: [{ dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'] }] },
    });
  });

  it('answers RoleDefinitionDoesNotExist for an unknown ID, and lists by roleName', async () => {
    const missing = await raw(emu, 'GET', `/providers/Microsoft.Authorization/roleDefinitions/00000000-1111-2222-3333-444444444444?api-version=2022-04-01`);
    expect([missing.status, armError(missing.json).code]).toEqual([404, 'RoleDefinitionDoesNotExist']);
    const byName = await raw(emu, 'GET', `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=${encodeURIComponent("roleName eq 'IoT Hub Data Reader'")}`);
    expect(names(byName.json)).toEqual(['b447c946-2db7-41ec-983d-d8bf3b1c77e3']);
  });
});
