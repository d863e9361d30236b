import { describe, expect, it } from 'vitest';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import type { DatabaseAddress } from '../../src/core/address.js';
import type { DenyRule, RoleGrant } from '../../src/core/ports/prerequisite-port.js';
import type { PrerequisiteCheck } from '../../src/plan/prerequisites.js';
import { type CheckTarget, checkTargets } from '../../src/workflow/prerequisite-job.js';
import { fakePrerequisites, type FakeWorld } from '../support/fake-prerequisites.js';

const DB: DatabaseAddress = { subscriptionId: 's1', resourceGroup: 'rg', cluster: 'c1', database: 'db1' };
const CLUSTER_ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Kusto/clusters/c1';
const NS = '/subscriptions/s1/resourceGroups/src/providers/Microsoft.EventHub/namespaces/ns1';
const HUB = `${NS}/eventhubs/hub1`;
const IOT = '/subscriptions/s1/resourceGroups/src/providers/Microsoft.Devices/IotHubs/iot1';
const COSMOS = '/subscriptions/s1/resourceGroups/src/providers/Microsoft.DocumentDB/databaseAccounts/acc1';
const UAI = '/subscriptions/s1/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/reader';
const RECEIVER: RoleGrant = {
  scope: NS,
  roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
  roleName: 'Azure Event Hubs Data Receiver',
  permissions: [{ dataActions: ['Microsoft.EventHub/*/receive/action'], notDataActions: [] }],
};

function target(kind: string, properties: Record<string, string>): CheckTarget {
  return { address: 's1/rg/c1/db1/conn1', database: DB, body: { kind, location: 'westeurope', properties } };
}

const eventHub = (extra: Record<string, string> = {}): CheckTarget =>
  target('EventHub', { eventHubResourceId: HUB, consumerGroup: 'cg1', tableName: 'Events', mappingRuleName: 'EventsMap', dataFormat: 'MULTIJSON', ...extra });

const fullWorld = (): FakeWorld => ({
  cluster: { id: CLUSTER_ID, uri: 'https://c1.kusto.test', systemPrincipalId: 'sys-1', userAssigned: { [UAI.toLowerCase()]: 'uai-1' } },
  tables: { db1: ['Events'] },
  mappings: { 'db1|Events|json': [{ name: 'EventsMap', kind: 'Json' }] },
  resources: [`event-hub|${HUB}`, `event-hub-consumer-group|${HUB}|cg1`],
  grants: { 'sys-1': [RECEIVER] },
});

async function checks(t: CheckTarget, world: FakeWorld): Promise<PrerequisiteCheck[]> {
  const [result] = await checkTargets([t], fakePrerequisites(world));
  return [...(result?.checks ?? [])];
}

const byCode = (all: PrerequisiteCheck[], code: string): PrerequisiteCheck | undefined => all.find((c) => c.code === code);

describe('prerequisite checks', () => {
  it('an Event Hub connection whose table, mapping, hub, consumer group and role all exist passes every check', async () => {
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), fullWorld());
    expect(all.map((c) => [c.code, c.status])).toEqual([
      ['KD701', 'pass'],
      ['KD702', 'pass'],
      ['KD703', 'pass'],
      ['KD704', 'pass'],
      ['KD713', 'pass'],
    ]);
  });

  it('a missing table fails with a hint to create it, and its mapping is not asked about', async () => {
    const port = fakePrerequisites({ ...fullWorld(), tables: { db1: ['events'] } });
    const [result] = await checkTargets([eventHub()], port);
    const table = byCode([...(result?.checks ?? [])], 'KD701');
    expect(table).toMatchObject({ status: 'fail', subject: "table 'Events' in database 'db1'" });
    expect(table?.message).toContain("there is 'events': table names are case-sensitive");
    expect(table?.hint).toContain(".create table ['Events']");
    expect(port.calls.some((c) => c.startsWith('mappings'))).toBe(false);
  });

  it('a mapping of the name but of another kind than the data format needs fails, naming the kind asked', async () => {
    const all = await checks(eventHub({ dataFormat: 'CSV' }), fullWorld());
    const mapping = byCode(all, 'KD702');
    expect(mapping?.status).toBe('fail');
    expect(mapping?.subject).toContain('(csv, for CSV)');
    expect(mapping?.hint).toContain("ingestion csv mapping 'EventsMap'");
  });

  it('a missing consumer group fails with the az command that creates it', async () => {
    const all = await checks(eventHub(), { ...fullWorld(), resources: [`event-hub|${HUB}`] });
    expect(byCode(all, 'KD703')?.status).toBe('pass');
    expect(byCode(all, 'KD704')).toMatchObject({ status: 'fail', message: 'the consumer group does not exist on the event hub' });
    expect(byCode(all, 'KD704')?.hint).toContain('az eventhubs eventhub consumer-group create --resource-group src --namespace-name ns1 --eventhub-name hub1 --name cg1');
  });

  it('a missing event hub fails and its consumer group is not asked about', async () => {
    const all = await checks(eventHub(), { ...fullWorld(), resources: [] });
    expect(byCode(all, 'KD703')?.status).toBe('fail');
    expect(byCode(all, 'KD704')).toBeUndefined();
  });

  it('an identity without a role granting receive fails with the role assignment to make', async () => {
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [] } });
    const role = byCode(all, 'KD713');
    expect(role?.status).toBe('fail');
    expect(role?.message).toContain('Microsoft.EventHub/namespaces/messages/receive/action');
    expect(role?.hint).toContain(`az role assignment create --assignee-object-id sys-1 --assignee-principal-type ServicePrincipal --role "Azure Event Hubs Data Receiver" --scope ${HUB}`);
  });

  it('a role on another event hub, or one whose NotDataActions take receive away, does not count', async () => {
    const elsewhere: RoleGrant = { ...RECEIVER, scope: `${NS}/eventhubs/other` };
    const denied: RoleGrant = { ...RECEIVER, permissions: [{ dataActions: ['*'], notDataActions: ['Microsoft.EventHub/namespaces/messages/*'] }] };
    for (const grant of [elsewhere, denied]) {
      const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [grant] } });
      expect(byCode(all, 'KD713')?.status).toBe('fail');
    }
    const atRoot: RoleGrant = { ...RECEIVER, scope: '/', permissions: [{ dataActions: ['*'], notDataActions: [] }] };
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [atRoot] } });
    expect(byCode(all, 'KD713')?.status).toBe('pass');
  });

  it('a deny assignment to everyone over the source fails KD714 with how to lift it, even when a role grants the action', async () => {
    const deny: DenyRule = {
      id: '/subscriptions/s1/providers/Microsoft.Authorization/denyAssignments/d1',
      name: 'Denied by stack st1',
      scope: '/subscriptions/s1/resourceGroups/src',
      doNotApplyToChildScopes: false,
      permissions: [{ dataActions: ['*'], notDataActions: [] }],
      principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
      excludePrincipals: [],
    };
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), denies: [deny] });
    expect(byCode(all, 'KD713')).toBeUndefined();
    expect(byCode(all, 'KD714')).toMatchObject({ status: 'fail' });
    expect(byCode(all, 'KD714')?.message).toContain("the deny assignment 'Denied by stack st1' at /subscriptions/s1/resourceGroups/src denies Microsoft.EventHub/namespaces/messages/receive/action to everyone");
    expect(byCode(all, 'KD714')?.hint).toContain('--deny-settings-excluded-principals sys-1');
    // Excluded: the grant stands.
    const excluded = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), denies: [{ ...deny, excludePrincipals: [{ id: 'sys-1', type: 'ServicePrincipal' }] }] });
    expect(byCode(excluded, 'KD713')?.status).toBe('pass');
  });

  it('deny assignments that cannot be read leave a granted role could-not-check (KD714), never pass', async () => {
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), denies: new AzureFailure('forbidden', 'no', { status: 403 }) });
    expect(byCode(all, 'KD714')).toMatchObject({ status: 'could-not-check' });
    expect(byCode(all, 'KD714')?.hint).toContain('Microsoft.Authorization/denyAssignments/read');
  });

  it("a role held only through a group, or only under a condition, is could-not-check naming the group or the condition, never fail", async () => {
    const viaGroup: RoleGrant = { ...RECEIVER, holder: { principalId: 'group-1', principalType: 'Group' } };
    const grouped = byCode(await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [viaGroup] } }), 'KD713');
    expect(grouped).toMatchObject({ status: 'could-not-check' });
    expect(grouped?.message).toContain("group group-1's assignment of 'Azure Event Hubs Data Receiver'");
    expect(grouped?.message).toContain('does not say whether the identity is a member of the group');
    expect(grouped?.hint).toContain('az ad group member check --group group-1 --member-id sys-1');
    const conditional: RoleGrant = { ...RECEIVER, condition: "@Resource[name] StringEquals 'hub1'" };
    const cond = byCode(await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [conditional] } }), 'KD713');
    expect(cond).toMatchObject({ status: 'could-not-check' });
    expect(cond?.message).toContain("under a condition (@Resource[name] StringEquals 'hub1')");
    // With a direct, unconditional grant besides, it passes.
    const both = byCode(await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [viaGroup, conditional, RECEIVER] } }), 'KD713');
    expect(both?.status).toBe('pass');
  });

  it("text from ARM (a deny assignment's name, a group's ID, a condition) is printable in messages and hints", async () => {
    const esc = '\u001b[31m';
    const deny: DenyRule = {
      id: 'd',
      name: `Deny ${esc}x`,
      scope: '/subscriptions/s1',
      doNotApplyToChildScopes: false,
      permissions: [{ dataActions: ['*'], notDataActions: [] }],
      principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
      excludePrincipals: [],
    };
    const denied = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), denies: [deny] });
    const viaGroup: RoleGrant = { ...RECEIVER, holder: { principalId: `g${esc}`, principalType: 'Group' }, condition: `x ${esc}` };
    const grouped = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), grants: { 'sys-1': [viaGroup] } });
    expect(byCode(denied, 'KD714')?.status).toBe('fail');
    expect(byCode(grouped, 'KD713')?.status).toBe('could-not-check');
    expect(JSON.stringify([...denied, ...grouped])).not.toContain('\u001b');
  });

  it('a user-assigned identity is looked up on the cluster; one not assigned to it fails KD712', async () => {
    const ok = await checks(eventHub({ managedIdentityResourceId: UAI }), { ...fullWorld(), grants: { 'uai-1': [RECEIVER] } });
    expect(byCode(ok, 'KD713')?.status).toBe('pass');
    const other = UAI.replace('reader', 'nobody');
    const missing = await checks(eventHub({ managedIdentityResourceId: other }), fullWorld());
    expect(byCode(missing, 'KD712')).toMatchObject({ status: 'fail', message: 'the identity is not assigned to the cluster' });
    expect(byCode(missing, 'KD712')?.hint).toContain('az kusto cluster identity assign');
  });

  it('without a managed identity an Event Hub connection reads with keys: no role check', async () => {
    const all = await checks(eventHub(), fullWorld());
    expect(all.some((c) => c.code === 'KD713' || c.code === 'KD712')).toBe(false);
  });

  it('a check that cannot be asked is could-not-check, with the failure and what permission would let it run', async () => {
    const forbidden = new AzureFailure('forbidden', 'The client does not have authorization to perform action', { status: 403 });
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), {
      ...fullWorld(),
      tables: { db1: forbidden },
      unreadable: { [`event-hub-consumer-group|${HUB}|cg1`.toLowerCase()]: new AzureFailure('server', 'boom', { status: 500 }) },
      grants: { 'sys-1': forbidden },
    });
    expect(byCode(all, 'KD701')).toMatchObject({ status: 'could-not-check', hint: "kustodian's identity may not read this: a Viewer role on the database (.show tables)" });
    expect(byCode(all, 'KD701')?.message).toContain('could not check: The client does not have authorization');
    expect(byCode(all, 'KD704')?.status).toBe('could-not-check');
    expect(byCode(all, 'KD713')?.hint).toContain('Microsoft.Authorization/roleAssignments/read');
  });

  it('a cluster that cannot be read makes the data-plane and role checks could-not-check, and the sources are still checked', async () => {
    const all = await checks(eventHub({ managedIdentityResourceId: CLUSTER_ID }), { ...fullWorld(), cluster: new AzureFailure('forbidden', 'no', { status: 403 }) });
    expect(all.map((c) => [c.code, c.status])).toEqual([
      ['KD701', 'could-not-check'],
      ['KD703', 'pass'],
      ['KD704', 'pass'],
      ['KD713', 'could-not-check'],
    ]);
  });

  it('IoT Hub: the hub, its consumer group and the shared access policy, each missing with its hint', async () => {
    const t = target('IotHub', { iotHubResourceId: IOT, consumerGroup: 'cg1', sharedAccessPolicyName: 'reader', tableName: 'Events' });
    const all = await checks(t, { ...fullWorld(), resources: [`iot-hub|${IOT}`] });
    expect(byCode(all, 'KD705')?.status).toBe('pass');
    expect(byCode(all, 'KD706')?.status).toBe('fail');
    expect(byCode(all, 'KD707')).toMatchObject({ status: 'fail' });
    expect(byCode(all, 'KD707')?.hint).toContain('az iot hub policy create --resource-group src --hub-name iot1 --name reader --permissions ServiceConnect');
    expect(all.some((c) => c.code === 'KD713')).toBe(false);
  });

  it('Cosmos DB: account, database, container, and the data-plane role at the container or above', async () => {
    const t = target('CosmosDb', { cosmosDbAccountResourceId: COSMOS, cosmosDbDatabase: 'd', cosmosDbContainer: 'c', tableName: 'Events', mappingRuleName: 'EventsMap', managedIdentityResourceId: CLUSTER_ID });
    const reader: RoleGrant = {
      scope: `${COSMOS}/dbs/d`,
      roleDefinitionId: `${COSMOS}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001`,
      roleName: 'Cosmos DB Built-in Data Reader',
      permissions: [{ dataActions: ['Microsoft.DocumentDB/databaseAccounts/readMetadata', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*'], notDataActions: [] }],
    };
    const world: FakeWorld = { ...fullWorld(), resources: [`cosmos-account|${COSMOS}`, `cosmos-database|${COSMOS}|d`], cosmosGrants: { 'sys-1': [reader] } };
    const all = await checks(t, world);
    expect(all.map((c) => [c.code, c.status])).toEqual([
      ['KD701', 'pass'],
      ['KD702', 'pass'],
      ['KD708', 'pass'],
      ['KD709', 'pass'],
      ['KD710', 'fail'],
      ['KD713', 'pass'],
    ]);
    const noRole = await checks(t, { ...world, cosmosGrants: {} });
    expect(byCode(noRole, 'KD713')?.hint).toContain('az cosmosdb sql role assignment create --resource-group src --account-name acc1 --role-definition-id 00000000-0000-0000-0000-000000000001 --principal-id sys-1');
  });

  it('asks each question once for the whole plan, however many connections need its answer', async () => {
    const port = fakePrerequisites(fullWorld());
    const targets = ['a', 'b', 'c'].map((n) => ({ ...eventHub(), address: `s1/rg/c1/db1/${n}` }));
    const results = await checkTargets(targets, port);
    expect(results.map((r) => r.address)).toEqual(['s1/rg/c1/db1/a', 's1/rg/c1/db1/b', 's1/rg/c1/db1/c']);
    expect(port.calls.filter((c) => c.startsWith('tables')).length).toBe(1);
    expect(port.calls.filter((c) => c.startsWith('cluster')).length).toBe(1);
  });

  it('hostile text from a manifest is printable in subjects and hints', async () => {
    const all = await checks(eventHub({ tableName: 'Ev\u001b[31mil' }), fullWorld());
    expect(JSON.stringify(all)).not.toContain('\u001b');
  });
});
