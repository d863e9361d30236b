/**
 * `plan --check-prerequisites`, end to end: the built CLI against the emulator, whose world holds
 * the tables, mappings, sources and role assignments each case needs or lacks. Every missing
 * thing is named in the pull-request plan (markdown), with its fix, and fails the plan.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ROOT, emulatorEnv, runCli, workspace } from '../support/cli.js';
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
          eventHubNamespaces: [
            {
              name: 'ns',
              eventHubs: [
                { name: 'hub1', consumerGroups: ['$Default', 'adx', 'cg3', 'cg4', 'cg5'] },
                { name: 'quiet', consumerGroups: ['cg5'] },
              ],
            },
          ],
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

// Every healthy connection receives a batch every 200 ms (the emulator's ingestion, dataplane/ingestion.ts).
const fx = useEmulator({ seed: SEED, ingestionIntervalMs: 200 });
beforeEach(() => {
  fx.emu().control.reset();
  fx.emu().control.clearRequests();
});

/** What the run changed in ARM: the checks only read (their POSTs are the data plane's commands and IoT Hub's listkeys). */
const armWrites = (): string[] =>
  fx
    .emu()
    .control.requests()
    .filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => `${r.method} ${r.path}`);

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
    expect(armWrites()).toEqual([]);
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
    expect(armWrites()).toEqual([]);
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
    const ajv = new Ajv2020({ strict: true, strictRequired: false });
    addFormats.default(ajv);
    expect(ajv.validate(JSON.parse(readFileSync(join(ROOT, 'schemas/v1/plan.schema.json'), 'utf8')) as object, doc), JSON.stringify(ajv.errors)).toBe(true);
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

  it('for each kind, a missing table and a mapping that is not of the data format\'s kind, with the Kusto commands that fix them', async () => {
    const wrong = { tableName: 'NoSuchTable' };
    const misfit = { tableName: 'Events', mappingRuleName: 'EventsCsv', dataFormat: 'JSON' };
    const iot = (cg: string, extra: Record<string, string>) => ({ kind: 'IotHubDataConnection', spec: { iotHubResourceId: IOT, consumerGroup: cg, sharedAccessPolicyName: 'service', mappingRuleName: 'EventsJson', dataFormat: 'JSON', ...extra } });
    const grid = (cg: string, extra: Record<string, string>) => ({
      kind: 'EventGridDataConnection',
      spec: { storageAccountResourceId: STORAGE, eventHubResourceId: HUB, consumerGroup: cg, mappingRuleName: 'EventsJson', dataFormat: 'JSON', ...extra },
    });
    const cosmos = (container: string, extra: Record<string, string>) => ({
      kind: 'CosmosDbDataConnection',
      spec: { cosmosDbAccountResourceId: COSMOS, cosmosDbDatabase: 'd', cosmosDbContainer: container, mappingRuleName: 'EventsJson', managedIdentityResourceId: CLUSTER, ...extra },
    });
    const dir = tree({
      'eh-table': eventHub({ consumerGroup: 'cg3', ...wrong }),
      'eh-mapping': eventHub({ consumerGroup: 'cg4', ...misfit }),
      'iot-table': iot('$Default', wrong),
      'iot-mapping': iot('adx', misfit),
      'grid-table': grid('cg5', wrong),
      'grid-mapping': grid('$Default', misfit),
      'cosmos-table': cosmos('c', wrong),
      // Cosmos DB reads JSON: a CSV mapping cannot serve it.
      'cosmos-mapping': cosmos('c', { tableName: 'Events', mappingRuleName: 'EventsCsv' }),
    });
    const run = await plan(dir, ['-o', 'markdown']);
    const above = run.stdout.slice(0, run.stdout.indexOf('<details>'));
    for (const kind of ['eh', 'iot', 'grid', 'cosmos']) {
      expect(above).toContain(
        `\`${kind}-table\` [FAIL] KD701 table 'NoSuchTable' in database 'db1': the table does not exist<br>Fix: create it before the connection: .create table ['NoSuchTable'] (...columns...), or fix tableName`,
      );
      expect(above).toContain(
        `\`${kind}-mapping\` [FAIL] KD702 mapping 'EventsCsv' on table 'Events' (json, for JSON): the table has no json mapping named 'EventsCsv'; its json mappings: 'EventsJson'<br>Fix: create it: .create table ['Events'] ingestion json mapping 'EventsCsv' '[...]', or fix mappingRuleName or dataFormat`,
      );
    }
    expect(run.code).toBe(1);
    expect(armWrites()).toEqual([]);
  });
});

describe('role checks: deny assignments, conditions, groups (e2e)', () => {
  const GROUP = '99999999-0000-0000-0000-0000000000aa';
  const subject = /the cluster's system-assigned identity \(principal [0-9a-f-]+\) may Microsoft\.EventHub\/namespaces\/messages\/receive\/action on 'hub1'/;

  it('a deny assignment to everyone over the source fails KD714 with how to lift it, though a role grants the action', async () => {
    fx.emu().control.addDenyAssignment({
      name: 'stack-deny',
      scope: RG,
      denyAssignmentName: 'Deny by deployment stack st1',
      dataActions: ['Microsoft.EventHub/*'],
      principals: [{ principalId: '00000000-0000-0000-0000-000000000000' }],
    });
    const run = await plan(tree({ denied: eventHub() }));
    expect(run.stdout).toMatch(
      new RegExp(`\\[FAIL\\] KD714 ${subject.source}: the deny assignment 'Deny by deployment stack st1' at ${RG.replace(/\//g, '\\/')} denies Microsoft\\.EventHub\\/namespaces\\/messages\\/receive\\/action to everyone`),
    );
    expect(run.stdout).toMatch(/\n\s+fix: a deny assignment is made by what protects the scope .*--deny-settings-excluded-principals [0-9a-f-]+/);
    expect(run.stdout).not.toMatch(/KD713/);
    expect(run.code).toBe(1);
    expect(armWrites()).toEqual([]);
  });

  it('a role held only under an ABAC condition is could-not-check, naming the condition; the plan does not fail', async () => {
    expect(fx.emu().control.removeRoleAssignment('ns-receiver')).toBe(true);
    fx.emu().control.addRoleAssignment({ scope: NS, role: 'Azure Event Hubs Data Receiver', cluster: 'kcluster', name: 'cond', condition: "@Resource[Microsoft.EventHub/namespaces/eventhubs:name] StringEquals 'hub1'" });
    const run = await plan(tree({ conditional: eventHub() }));
    expect(run.stdout).toMatch(new RegExp(`\\[could not check\\] KD713 ${subject.source}: only its assignment of 'Azure Event Hubs Data Receiver' at .*, under a condition \\(@Resource\\[Microsoft\\.EventHub/namespaces/eventhubs:name\\] StringEquals 'hub1'\\)`));
    expect(run.stdout).not.toContain('[FAIL]');
    expect(run.code).toBe(0);
  });

  it('a role held only by a group is could-not-check naming the group; a direct, unconditional assignment besides passes', async () => {
    expect(fx.emu().control.removeRoleAssignment('ns-receiver')).toBe(true);
    fx.emu().control.addRoleAssignment({ scope: NS, role: 'Azure Event Hubs Data Receiver', principalId: GROUP, principalType: 'Group', name: 'group-receiver' });
    const dir = tree({ grouped: eventHub() });
    const run = await plan(dir);
    expect(run.stdout).toMatch(new RegExp(`\\[could not check\\] KD713 ${subject.source}: only group ${GROUP}'s assignment of 'Azure Event Hubs Data Receiver' at ${NS.replace(/\//g, '\\/')} may grant`));
    expect(run.stdout).toMatch(new RegExp(`fix: check that principal [0-9a-f-]+ is a member: az ad group member check --group ${GROUP} --member-id [0-9a-f-]+`));
    expect(run.stdout).not.toContain('[FAIL]');
    expect(run.code).toBe(0);
    fx.emu().control.addRoleAssignment({ scope: HUB, role: 'Azure Event Hubs Data Receiver', cluster: 'kcluster', name: 'direct' });
    const direct = await plan(dir);
    expect(direct.stdout).toMatch(new RegExp(`\\[pass\\] KD713 ${subject.source}`));
    expect(direct.stdout).not.toMatch(/could not check|FAIL/);
    expect(direct.code).toBe(0);
  });
});

describe('apply --verify-ingestion (e2e)', () => {
  it('reports healthy for a good connection, and the first failure for one whose mapping does not fit its format; exit 1', async () => {
    const dir = tree({ good: eventHub(), misfit: eventHub({ consumerGroup: 'cg3', mappingRuleName: 'EventsCsv', dataFormat: 'JSON' }) });
    const run = await runCli(['apply', '--auto-approve', '--verify-ingestion=3s'], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
    expect(run.stdout).toMatch(/Ingestion of the changed connections \(watched for 3s, since \d{4}-\d\d-\d\dT[\d:.]+Z\):/);
    expect(run.stdout).toMatch(/\/db1\/good: healthy: [1-9]\d* row\(s\) ingested, no failure/);
    expect(run.stdout).toMatch(/\/db1\/misfit: FAILURES KD720: \d+ ingestion failure\(s\) since the change; the first: .*EventsCsv/);
    expect(run.stdout).toContain('ingestion: 1 healthy, 1 with failures, 0 no data seen, 0 could not be checked');
    expect(run.code).toBe(1);
  });

  it('--log-format json gives one ingestion line with the first failure; kustodian health reads the same from the live connections', async () => {
    const dir = tree({ misfit: eventHub({ consumerGroup: 'cg4', mappingRuleName: 'EventsCsv', dataFormat: 'JSON' }) });
    const env = emulatorEnv(fx.emu(), dir);
    const run = await runCli(['apply', '--auto-approve', '--verify-ingestion=2s', '--log-format', 'json'], { cwd: dir, env });
    const line = run.stdout.split('\n').find((l) => l.includes('"type":"ingestion"'));
    const doc = JSON.parse(line ?? '{}') as { connections: { address: string; status: string; firstFailure?: { details: string; errorCode?: string } }[] };
    expect(doc.connections).toEqual([expect.objectContaining({ address: `${SUB}/rg/kcluster/db1/misfit`, status: 'failures' })]);
    expect(doc.connections[0]?.firstFailure?.errorCode).toMatch(/^BadRequest_/);
    const health = await runCli(['health', '--window', '10m'], { cwd: dir, env });
    expect(health.stdout).toMatch(/\/db1\/misfit: FAILURES KD720: /);
    expect(health.code).toBe(1);
  });
});

describe('apply --verify-ingestion: no data seen, and the gap-free overlap (e2e)', () => {
  it('a good connection whose event hub nobody sends to is "no data seen" (KD722), not healthy; exit 0', async () => {
    const dir = tree({ good: eventHub(), silent: eventHub({ consumerGroup: 'cg5', eventHubResourceId: `${NS}/eventhubs/quiet`, tableName: 'Changes', mappingRuleName: 'ChangesJson' }) });
    // The quiet hub exists and the identity may read it; nothing is ever sent to it. (Rows are
    // counted per table: the silent connection has a table of its own.)
    fx.emu().control.setSourceIdle(`${NS}/eventhubs/quiet`, true);
    const run = await runCli(['apply', '--auto-approve', '--verify-ingestion=2s'], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
    expect(run.stdout).toMatch(/\/db1\/good: healthy: [1-9]\d* row\(s\) ingested, no failure/);
    expect(run.stdout).toMatch(/\/db1\/silent: no data seen KD722: no row ingested and no failure recorded: is anything sending to the source/);
    // Azure Monitor agrees: the good connection processed events, the silent one none.
    expect(run.stdout).toMatch(/\/db1\/good: healthy: .*; Azure Monitor: [1-9]\d* event\(s\) processed, 0 dropped/);
    expect(run.stdout).toMatch(/\/db1\/silent: no data seen .*; Azure Monitor: 0 event\(s\) processed, 0 dropped/);
    expect(run.stdout).toContain('ingestion: 1 healthy, 0 with failures, 1 no data seen, 0 could not be checked');
    expect(run.code).toBe(0);
    // The rows were counted on the engine's query endpoint, with a token, as a real cluster is asked.
    const queries = fx.emu().control.requests().filter((r) => r.operation === 'kustoQuery');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((r) => r.status === 200 && r.path === '/kusto/kcluster/v1/rest/query')).toBe(true);
    const metrics = fx.emu().control.requests().filter((r) => r.operation === 'getMetrics');
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((r) => r.status === 200 && r.apiVersion === '2023-10-01')).toBe(true);
  });

  it('a gap-free replacement states the window it observed (text, -o json, the reconcile report), and whether data arrived after it', async () => {
    const dir = workspace(false);
    mkdirSync(join(dir, 'manifests'), { recursive: true });
    writeFileSync(join(dir, 'manifests', 'defaults.yaml'), DEFAULTS);
    const manifest = (consumerGroup: string) =>
      writeFileSync(
        join(dir, 'manifests', 'gf.yaml'),
        `apiVersion: kustodian.io/v1\nkind: EventHubDataConnection\nmetadata:\n  name: gf\n  annotations:\n    kustodian.io/allow-replace: "true"\n    kustodian.io/replace-strategy: gap-free\nspec:\n` +
          Object.entries(eventHub({ consumerGroup }).spec).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`).join(''),
      );
    const env = emulatorEnv(fx.emu(), dir);
    manifest('cg3');
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);

    manifest('cg4');
    const run = await runCli(['apply', '--auto-approve', '--verify-ingestion=2s'], { cwd: dir, env });
    const t = String.raw`\d{4}-\d\d-\d\dT[\d:.]+Z`;
    const window = new RegExp(
      `replace +\\S+/db1/gf +succeeded\\n +gap-free: the new connection reads from (${t}) \\(retrievalStartDate, when the delete was issued\\); the old one was deleted at (${t}) and the new one Succeeded at (${t}): events enqueued from \\1 to \\2 \\([\\d.]+ s\\) may be ingested twice`,
    );
    const m = window.exec(run.stdout);
    expect(m, run.stdout).not.toBeNull();
    const [, start = '', gone = '', succeeded = ''] = m ?? [];
    expect(Date.parse(start)).toBeLessThanOrEqual(Date.parse(gone));
    expect(Date.parse(gone)).toBeLessThanOrEqual(Date.parse(succeeded));
    // The new connection was created with that retrievalStartDate.
    const live = fx.emu().control.getDataConnection(`${CLUSTER}/databases/db1/dataConnections/gf`) as { properties: Record<string, unknown> } | undefined;
    expect(Date.parse(String(live?.properties['retrievalStartDate']))).toBe(Date.parse(start));
    expect(run.stdout).toMatch(new RegExp(`/db1/gf: healthy: [1-9]\\d* row\\(s\\) ingested, no failure; Azure Monitor: [1-9]\\d* event\\(s\\) processed, 0 dropped \\(watched from ${succeeded.replace(/\./g, '\\.')}: when the gap-free replacement reached Succeeded, after its overlap\\)`));
    expect(run.code).toBe(0);

    manifest('cg5');
    const json = await runCli(['apply', '--auto-approve', '-o', 'json'], { cwd: dir, env });
    const result = JSON.parse(json.stdout.split('\n').find((l) => l.includes('"type":"result"')) ?? '{}') as { results: { address: string; outcome: { overlap?: Record<string, unknown> } }[] };
    expect(result.results[0]?.outcome.overlap).toEqual({ retrievalStartDate: expect.any(String), oldDeletedAt: expect.any(String), newSucceededAt: expect.any(String), overlapMs: expect.any(Number) });

    manifest('cg3');
    const reconcile = await runCli(['reconcile', '--report', 'report.json'], { cwd: dir, env });
    expect(reconcile.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { changes: { action: string; overlap?: { retrievalStartDate: string; oldDeletedAt: string } }[] };
    const ajv = new Ajv2020({ strict: true, strictRequired: false });
    addFormats.default(ajv);
    expect(ajv.validate(JSON.parse(readFileSync(join(ROOT, 'schemas/v1/reconcile-report.schema.json'), 'utf8')) as object, report), JSON.stringify(ajv.errors)).toBe(true);
    expect(report.changes).toEqual([expect.objectContaining({ action: 'replace', overlap: expect.objectContaining({ retrievalStartDate: expect.any(String), oldDeletedAt: expect.any(String) }) })]);
  });
});

describe('drift and reconcile --check-prerequisites (e2e)', () => {
  it('drift names what a drifted connection\'s fix would lack and exits 1; reconcile reports it as a KD7xx warning of the round and goes on', async () => {
    const dir = tree({ later: eventHub({ consumerGroup: 'nosuchgroup' }) });
    const env = emulatorEnv(fx.emu(), dir);
    const drift = await runCli(['drift', '--check-prerequisites'], { cwd: dir, env });
    expect(drift.stderr).toMatch(/\/db1\/later: error KD704: consumer group 'nosuchgroup' of event hub 'hub1': the consumer group does not exist on the event hub\n\s+hint: create it: az eventhubs/);
    expect(drift.code).toBe(1);
    // A role the service does not check at creation: the round applies, and its report says what will not work.
    const roleless = tree({ later: eventHub() });
    expect(fx.emu().control.removeRoleAssignment('ns-receiver')).toBe(true);
    const reconcile = await runCli(['reconcile', '--check-prerequisites', '--report', 'report.json'], { cwd: roleless, env: emulatorEnv(fx.emu(), roleless) });
    const report = JSON.parse(readFileSync(join(roleless, 'report.json'), 'utf8')) as { result: string; diagnostics: { severity: string; code: string; address?: string }[] };
    expect(report.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'warning', code: 'KD713', address: `${SUB}/rg/kcluster/db1/later` })]));
    expect(report.result).toBe('changed');
    expect(reconcile.code).toBe(0);
  });
});
