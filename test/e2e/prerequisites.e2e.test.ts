/**
 * `plan --check-prerequisites`, end to end: the built CLI against the emulator, whose world holds
 * the tables, mappings, sources and role assignments each case needs or lacks. Every missing
 * thing is named in the pull-request plan (markdown), with its fix, and fails the plan.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { emulatorEnv, runCli, workspace, writesIn } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const SUB = '00000000-0000-0000-0000-0000000000a1';
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
const CLUSTER = `${RG}/providers/Microsoft.Kusto/clusters/kcluster`;
const NS = `${RG}/providers/Microsoft.EventHub/namespaces/ns`;
const HUB = `${NS}/eventhubs/hub1`;
const IOT = `${RG}/providers/Microsoft.Devices/IotHubs/iot1`;
const COSMOS = `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/acc1`;
const STORAGE = `${RG}/providers/Microsoft.Storage/storageAccounts/sa1`;

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        {
          name: 'rg',
          clusters: [
            {
              name: 'kcluster',
              location: 'West Europe',
              databases: [
                {
                  name: 'db1',
                  tables: [
                    { name: 'Events', mappings: [{ name: 'EventsJson', kind: 'Json' }, { name: 'EventsCsv', kind: 'Csv' }] },
                    { name: 'Changes', mappings: [{ name: 'ChangesJson', kind: 'Json' }] },
                  ],
                },
              ],
            },
          ],
          eventHubNamespaces: [{ name: 'ns', eventHubs: [{ name: 'hub1', consumerGroups: ['$Default', 'adx'] }] }],
          iotHubs: [{ name: 'iot1', consumerGroups: ['$Default', 'adx'], sharedAccessPolicies: [{ name: 'service', rights: 'ServiceConnect' }] }],
          storageAccounts: [{ name: 'sa1' }],
          cosmosDbAccounts: [
            {
              name: 'acc1',
              databases: [{ name: 'd', containers: ['c'] }],
              sqlRoleAssignments: [{ cluster: 'kcluster', roleDefinitionId: '00000000-0000-0000-0000-000000000001', scope: '/dbs/d' }],
            },
          ],
        },
      ],
      roleAssignments: [{ scope: NS, role: 'Azure Event Hubs Data Receiver', cluster: 'kcluster', name: 'ns-receiver' }],
    },
  ],
};

const fx = useEmulator({ seed: SEED });
beforeEach(() => {
  fx.emu().control.reset();
  fx.emu().control.clearRequests();
});

const DEFAULTS = `apiVersion: kustodian.io/v1\nkind: Defaults\nmetadata:\n  subscriptionId: ${SUB}\n  resourceGroup: rg\n  cluster: kcluster\n  database: db1\nspec:\n  location: West Europe\n`;

/** A workspace whose manifests are the Defaults and these connection documents (name → spec lines). */
function tree(connections: Record<string, { kind: string; spec: Record<string, string> }>): string {
  const dir = workspace(false);
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  writeFileSync(join(dir, 'manifests', 'defaults.yaml'), DEFAULTS);
  for (const [name, c] of Object.entries(connections)) {
    const spec = Object.entries(c.spec).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n');
    writeFileSync(join(dir, 'manifests', `${name}.yaml`), `apiVersion: kustodian.io/v1\nkind: ${c.kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}\n`);
  }
  return dir;
}

const eventHub = (spec: Record<string, string> = {}) => ({
  kind: 'EventHubDataConnection',
  spec: { eventHubResourceId: HUB, consumerGroup: 'adx', tableName: 'Events', mappingRuleName: 'EventsJson', dataFormat: 'JSON', managedIdentityResourceId: CLUSTER, ...spec },
});

function plan(dir: string, args: string[] = []) {
  return runCli(['plan', '--check-prerequisites', ...args], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
}

describe('plan --check-prerequisites (e2e)', () => {
  it('an Event Hub connection whose source, consumer group and role are all there passes, and only reads', async () => {
    const run = await plan(tree({ good: eventHub() }));
    expect(run.stdout).toMatch(/\[pass\] KD703 event hub 'hub1'/);
    expect(run.stdout).toMatch(/\[pass\] KD704 consumer group 'adx' of event hub 'hub1'/);
    expect(run.stdout).toMatch(/\[pass\] KD713 the cluster's system-assigned identity \(principal [0-9a-f-]+\) may Microsoft\.EventHub\/namespaces\/messages\/receive\/action on 'hub1'/);
    expect(run.stdout).not.toContain('[FAIL]');
    expect(writesIn(fx.emu())).toEqual([]);
  });

  it('a missing consumer group and a missing role are named in the pull-request plan, above the fold, each with its fix; the plan fails', async () => {
    const dir = tree({ 'no-group': eventHub({ consumerGroup: 'nosuchgroup' }), 'no-role': eventHub({ consumerGroup: '$Default' }) });
    // The cluster's identity loses its only role on the namespace.
    expect(fx.emu().control.removeRoleAssignment('ns-receiver')).toBe(true);
    const run = await plan(dir, ['-o', 'markdown']);
    const fold = run.stdout.indexOf('<details>');
    expect(fold).toBeGreaterThan(0);
    const above = run.stdout.slice(0, fold);
    expect(above).toContain('> [!CAUTION]');
    expect(above).toMatch(/`no-group` \[FAIL\] KD704 consumer group 'nosuchgroup' of event hub 'hub1': the consumer group does not exist on the event hub<br>Fix: create it: az eventhubs eventhub consumer-group create --resource-group rg --namespace-name ns --eventhub-name hub1 --name nosuchgroup/);
    expect(above).toMatch(
      /`no-role` \[FAIL\] KD713 the cluster's system-assigned identity \(principal [0-9a-f-]+\) may Microsoft\.EventHub\/namespaces\/messages\/receive\/action on 'hub1': no role assignment at the source's scope or above grants Microsoft\.EventHub\/namespaces\/messages\/receive\/action<br>Fix: assign it "Azure Event Hubs Data Receiver" on the source or above: az role assignment create --assignee-object-id [0-9a-f-]+ --assignee-principal-type ServicePrincipal --role "Azure Event Hubs Data Receiver" --scope \/subscriptions\//,
    );
    expect(run.stderr).toMatch(/error KD704: .*nosuchgroup/);
    expect(run.stderr).toMatch(/error KD713: /);
    expect(run.code).toBe(1);
    expect(writesIn(fx.emu())).toEqual([]);
  });

  it('IoT Hub: a shared access policy that does not exist and a missing consumer group, each with its az command', async () => {
    const dir = tree({
      iot: { kind: 'IotHubDataConnection', spec: { iotHubResourceId: IOT, consumerGroup: 'kusto', sharedAccessPolicyName: 'reader', tableName: 'Events', mappingRuleName: 'EventsCsv', dataFormat: 'CSV' } },
    });
    const run = await plan(dir);
    expect(run.stdout).toMatch(/\[pass\] KD705 IoT hub 'iot1'/);
    expect(run.stdout).toMatch(/\[FAIL\] KD706 consumer group 'kusto' of IoT hub 'iot1'.*\n\s+fix: create it: az iot hub consumer-group create --resource-group rg --hub-name iot1 --name kusto/);
    expect(run.stdout).toMatch(/\[FAIL\] KD707 shared access policy 'reader' of IoT hub 'iot1': the IoT hub has no shared access policy of that name.*\n\s+fix: create it with the Service connect right/);
    expect(run.stdout).not.toMatch(/primaryKey|secondaryKey|SharedAccessKey=/i);
    expect(run.code).toBe(1);
  });

  it('Cosmos DB: a missing container; the data-plane role held at the database passes', async () => {
    const cosmos = (container: string) => ({
      kind: 'CosmosDbDataConnection',
      spec: { cosmosDbAccountResourceId: COSMOS, cosmosDbDatabase: 'd', cosmosDbContainer: container, tableName: 'Changes', mappingRuleName: 'ChangesJson', managedIdentityResourceId: CLUSTER },
    });
    const run = await plan(tree({ 'cosmos-good': cosmos('c'), 'cosmos-missing': cosmos('nope') }));
    expect(run.stdout).toMatch(/cosmos-good\n(?:.*\n)*?\s+\[pass\] KD710 Cosmos DB container 'c'/);
    expect(run.stdout).toMatch(/\[FAIL\] KD710 Cosmos DB container 'nope' of database 'd': the container does not exist in the database\n\s+fix: create it \(az cosmosdb sql container create/);
    expect(run.stdout).toMatch(/\[pass\] KD713 the cluster's system-assigned identity .*Microsoft\.DocumentDB\/databaseAccounts\/readMetadata/);
    expect(run.code).toBe(1);
  });

  it('Event Grid: the storage account, and the user-assigned identity that is not the cluster\'s', async () => {
    const dir = tree({
      grid: {
        kind: 'EventGridDataConnection',
        spec: {
          storageAccountResourceId: STORAGE,
          eventHubResourceId: HUB,
          consumerGroup: 'adx',
          tableName: 'Events',
          mappingRuleName: 'EventsCsv',
          dataFormat: 'CSV',
          managedIdentityResourceId: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/stranger`,
        },
      },
    });
    const run = await plan(dir);
    expect(run.stdout).toMatch(/\[pass\] KD711 storage account 'sa1'/);
    expect(run.stdout).toMatch(/\[FAIL\] KD712 the user-assigned identity 'stranger' of cluster 'kcluster': the identity is not assigned to the cluster\n\s+fix: assign it to the cluster: az kusto cluster identity assign/);
    expect(run.code).toBe(1);
  });

  it('-o json carries the checks in the plan, and what cannot be read is could-not-check, not a failure', async () => {
    fx.emu().control.injectFault({ method: 'GET', path: 'consumergroups', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action' } });
    const run = await plan(tree({ good: eventHub() }), ['-o', 'json']);
    const doc = JSON.parse(run.stdout) as { prerequisites: { address: string; checks: { code: string; status: string; hint?: string }[] }[] };
    const checks = doc.prerequisites[0]?.checks ?? [];
    expect(checks.find((c) => c.code === 'KD704')).toMatchObject({ status: 'could-not-check', hint: "kustodian's identity may not read this: Reader on the resource (or its resource group)" });
    expect(run.stderr).toMatch(/warning KD704: .*could not check/);
    expect(checks.some((c) => c.status === 'fail')).toBe(false);
    expect(run.code).toBe(0);
    fx.emu().control.injectFault({ method: 'GET', path: 'consumergroups', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action' } });
    const required = await plan(tree({ good: eventHub() }), ['--require-prerequisites']);
    expect(required.stdout).toMatch(/\[could not check\] KD704 /);
    expect(required.code).toBe(1);
  });
});
