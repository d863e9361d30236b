/**
 * Deny assignments (seeded and added through the control API), their `$filter`s, the shape of
 * the 2022-04-01 spec examples (GetDenyAssignmentByScope) as the real @azure/arm-authorization
 * client reads it, role assignments with ABAC conditions and group-held ones, and the state file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { RG, SUB, armError, credential, raw, authorizationList, listedNames } from './helpers.js';

const SUB_SCOPE = `/subscriptions/${SUB}`;
const RG_SCOPE = `${SUB_SCOPE}/resourceGroups/${RG}`;
const NS = `${RG_SCOPE}/providers/Microsoft.EventHub/namespaces/ns1`;
const HUB = `${NS}/eventhubs/telemetry`;
const CLUSTER_PRINCIPAL = 'cccccccc-0000-0000-0000-000000000001';
const GROUP = '99999999-0000-0000-0000-000000000001';
const EVERYONE = '00000000-0000-0000-0000-000000000000';

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [{ name: RG, clusters: [{ name: 'kc', location: 'West Europe', principalId: CLUSTER_PRINCIPAL }], eventHubNamespaces: [{ name: 'ns1', eventHubs: [{ name: 'telemetry' }] }] }],
      roleAssignments: [
        { scope: NS, role: 'Azure Event Hubs Data Receiver', principalId: GROUP, principalType: 'Group', name: 'group-receiver' },
        { scope: HUB, role: 'Azure Event Hubs Data Receiver', cluster: 'kc', name: 'cond-receiver', condition: "@Resource[Microsoft.EventHub/namespaces/eventhubs:name] StringEquals 'telemetry'" },
      ],
      denyAssignments: [
        {
          name: 'stack-deny',
          scope: RG_SCOPE,
          denyAssignmentName: 'Deny by deployment stack st1',
          dataActions: ['Microsoft.EventHub/*'],
          principals: [{ principalId: EVERYONE }],
          excludePrincipals: [{ principalId: 'eeeeeeee-0000-0000-0000-000000000001', type: 'User' }],
        },
        { name: 'cluster-deny', scope: SUB_SCOPE, denyAssignmentName: 'Deny the cluster', actions: ['*/write'], principals: [{ cluster: 'kc' }], doNotApplyToChildScopes: true },
      ],
    },
  ],
};

const list = (scope: string, filter?: string): string => authorizationList('denyAssignments', scope, filter);
const names = listedNames;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, operationDurationMs: 0 });
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

describe('deny assignments', () => {
  it('atScope() lists those at and above the scope; no filter also those below; principalId and denyAssignmentName filter', async () => {
    expect(names((await raw(emu, 'GET', list(HUB, 'atScope()'))).json)).toEqual(['cluster-deny', 'stack-deny']);
    expect(names((await raw(emu, 'GET', list(SUB_SCOPE, 'atScope()'))).json)).toEqual(['cluster-deny']);
    expect(names((await raw(emu, 'GET', list(SUB_SCOPE))).json)).toEqual(['cluster-deny', 'stack-deny']);
    expect(names((await raw(emu, 'GET', list(SUB_SCOPE, `principalId eq '${CLUSTER_PRINCIPAL}'`))).json)).toEqual(['cluster-deny']);
    expect(names((await raw(emu, 'GET', list(HUB, "atScope() and denyAssignmentName eq 'deny by deployment stack st1'"))).json)).toEqual(['stack-deny']);
    const bad = await raw(emu, 'GET', list(HUB, "roleName eq 'x'"));
    expect([bad.status, armError(bad.json).code]).toEqual([400, 'UnsupportedQuery']);
  });

  it("answers the spec's shape, read by the real SDK client, everyone as SystemDefined; one by name, or DenyAssignmentNotFound", async () => {
    const auth = new AuthorizationManagementClient(credential, SUB, { endpoint: emu.endpoint, tlsOptions: { ca: emu.ca } } as ConstructorParameters<typeof AuthorizationManagementClient>[2]);
    const all = [];
    for await (const d of auth.denyAssignments.listForScope(HUB.slice(1), { filter: 'atScope()' })) all.push(d);
    const stack = all.find((d) => d.name === 'stack-deny');
    expect(stack).toMatchObject({
      id: `${RG_SCOPE}/providers/Microsoft.Authorization/denyAssignments/stack-deny`,
      type: 'Microsoft.Authorization/denyAssignments',
      denyAssignmentName: 'Deny by deployment stack st1',
      scope: RG_SCOPE,
      doNotApplyToChildScopes: false,
      isSystemProtected: true,
      permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.EventHub/*'], notDataActions: [] }],
      principals: [{ id: EVERYONE, type: 'SystemDefined' }],
      excludePrincipals: [{ id: 'eeeeeeee-0000-0000-0000-000000000001', type: 'User' }],
    });
    expect(all.find((d) => d.name === 'cluster-deny')?.principals).toEqual([{ id: CLUSTER_PRINCIPAL, type: 'ServicePrincipal' }]);
    const one = await raw(emu, 'GET', `${RG_SCOPE}/providers/Microsoft.Authorization/denyAssignments/stack-deny?api-version=2022-04-01`);
    expect(one.status).toBe(200);
    const none = await raw(emu, 'GET', `${RG_SCOPE}/providers/Microsoft.Authorization/denyAssignments/nope?api-version=2022-04-01`);
    expect([none.status, armError(none.json).code]).toEqual([404, 'DenyAssignmentNotFound']);
  });

  it('the control API adds (checked like the seed) and removes deny assignments; reset brings back the seed', async () => {
    const added = await raw(emu, 'POST', '/_emulator/deny-assignments', {
      body: JSON.stringify({ name: 'added', scope: HUB, denyAssignmentName: 'Added', dataActions: ['*'], principals: [{ cluster: 'kc' }] }),
    });
    expect(added.status).toBe(201);
    expect(names((await raw(emu, 'GET', list(HUB, 'atScope()'))).json)).toContain('added');
    expect(names((await raw(emu, 'GET', '/_emulator/deny-assignments')).json)).toEqual(['added', 'cluster-deny', 'stack-deny']);
    expect((await raw(emu, 'DELETE', '/_emulator/deny-assignments/added')).status).toBe(204);
    expect((await raw(emu, 'DELETE', '/_emulator/deny-assignments/added')).status).toBe(404);
    for (const body of [{ scope: HUB, denyAssignmentName: 'x', principals: [] }, { scope: HUB, principals: [{ cluster: 'kc' }] }, { scope: HUB, denyAssignmentName: 'x', principals: [{ cluster: 'nope' }] }]) {
      const bad = await raw(emu, 'POST', '/_emulator/deny-assignments', { body: JSON.stringify(body) });
      expect(bad.status).toBe(400);
    }
    const elsewhere = await raw(emu, 'POST', '/_emulator/deny-assignments', { body: JSON.stringify({ scope: '/subscriptions/other', denyAssignmentName: 'x', principals: [{ principalId: EVERYONE }] }) });
    expect(elsewhere.status).toBe(404);
  });

  it('a seed deny assignment with a mistake is refused, naming its place', async () => {
    await expect(startEmulator({ seed: { subscriptions: [{ id: SUB, denyAssignments: [{ scope: SUB_SCOPE, denyAssignmentName: 'x', principals: [{ principalId: EVERYONE }], dataActions: 'nope' } as never] }] } })).rejects.toThrow(
      /denyAssignments\[0\]\.dataActions: must be a list of non-empty strings/,
    );
  });

  it('the state file keeps added deny assignments across a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'deny-state-')), 'state.json');
    const first = await startEmulator({ seed: SEED, operationDurationMs: 0, stateFile });
    first.control.addDenyAssignment({ name: 'kept', scope: HUB, denyAssignmentName: 'Kept', dataActions: ['*'], principals: [{ principalId: EVERYONE }] });
    await first.stop();
    const second = await startEmulator({ seed: SEED, operationDurationMs: 0, stateFile });
    try {
      expect(names((await raw(second, 'GET', list(HUB, 'atScope()'))).json)).toContain('kept');
    } finally {
      await second.stop();
    }
  });
});

describe('role assignments with conditions and groups', () => {
  it('answers condition and conditionVersion as given (2.0 by default), null without; a group assignment with principalType Group', async () => {
    const res = await raw(emu, 'GET', `${HUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`);
    const value = (res.json as { value: { name: string; properties: Record<string, unknown> }[] }).value;
    expect(value.find((a) => a.name === 'cond-receiver')?.properties).toMatchObject({
      condition: "@Resource[Microsoft.EventHub/namespaces/eventhubs:name] StringEquals 'telemetry'",
      conditionVersion: '2.0',
    });
    expect(value.find((a) => a.name === 'group-receiver')?.properties).toMatchObject({ principalId: GROUP, principalType: 'Group', condition: null, conditionVersion: null });
  });
});
