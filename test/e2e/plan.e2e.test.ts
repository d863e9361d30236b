/** `kustodian plan`, end to end: the built CLI against the emulator's example world. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, emulatorEnv, runCli, workspace, writesIn } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const fx = useEmulator();
beforeEach(() => {
  fx.emu().control.reset();
  fx.emu().control.clearRequests();
});

function plan(args: string[], dir = workspace()) {
  return runCli(['plan', ...args], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
}

describe('kustodian plan (e2e)', () => {
  it('plans the example tree with one list per database and no writes', async () => {
    const run = await plan(['--detailed-exitcode']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('  ~ IotHub storm-events-iothub\n      ~ dataFormat = "JSON" -> "CSV"');
    expect(run.stdout).toContain('  + EventHub telemetry-eventhub');
    expect(run.stdout).toContain('legacy-import (EventHub): not declared; ignored by its ManagedDatabase');
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.');
    const requests = fx.emu().control.requests();
    expect(requests.map((r) => `${r.method} ${r.operation}`)).toEqual(['GET list']);
    expect(requests[0]?.path).toMatch(/databases\/mykustodatabase\/dataConnections$/i);
  });

  it('-o json is the versioned plan format', async () => {
    const run = await plan(['-o', 'json']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/v1/plan.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true, strictRequired: false });
    addFormats.default(ajv);
    const doc = JSON.parse(run.stdout) as { summary: Record<string, number> };
    expect(ajv.validate(schema, doc)).toBe(true);
    expect(doc.summary).toMatchObject({ create: 3, update: 1, replace: 0, delete: 0, unmanaged: 1 });
  });

  it('-o markdown is ready to post as a pull-request comment', async () => {
    const run = await plan(['-o', 'markdown', '--markdown-key', 'prod']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('<!-- kustodian:plan:prod -->\n')).toBe(true);
    expect(run.stdout).toContain('**Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.**');
  });

  it('a database that does not exist fails the plan with its address, and nothing is planned', async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'manifests', 'ghost.yaml'),
      'apiVersion: kustodian.io/v1\nkind: EventHubDataConnection\nmetadata:\n  name: ghost\n  database: nosuchdb\nspec:\n' +
        '  eventHubResourceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents\n  consumerGroup: $Default\n',
    );
    const run = await plan([], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/00000000-0000-0000-0000-000000000000\/testrg\/mykustocluster\/nosuchdb: error KD401: the database does not exist/);
    expect(writesIn(fx.emu())).toEqual([]);
  });

  it('a throttled or failing list is survived; a forbidden one names the missing permission', async () => {
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', times: 2, action: { type: 'status', status: 429 } });
    expect((await plan([])).code).toBe(0);
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization' } });
    const denied = await plan([]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/KD402: permission denied .*AuthorizationFailed/);
    expect(denied.stderr).toMatch(/Microsoft\.Kusto\/clusters\/databases\/dataConnections\/read/);
  });

  it('invalid manifests stop before any request to Azure', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'manifests', 'broken.yaml'), 'apiVersion: kustodian.io/v1\nkind: IotHubDataConnection\nmetadata:\n  name: broken\nspec:\n  consumerGroupName: x\n');
    const run = await plan([], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/manifests\/broken\.yaml:6:3: error KD122: .*consumerGroupName/);
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('--target narrows the plan and says so', async () => {
    const run = await plan(['--target', 'storm-*']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.');
    expect(run.stdout).toContain('covers only the selected connections');
  });

  it('--validate-remote shows what the service would say about each write', async () => {
    const dir = workspace();
    const file = join(dir, 'manifests', 'mykustodatabase', 'telemetry-eventhub.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('tableName: Telemetry', 'tableName: NoSuchTable'));
    const run = await plan(['--validate-remote'], dir);
    expect(run.stdout).toMatch(/# \(service validation: .*NoSuchTable/);
    expect(run.stdout).toMatch(/Apply will refuse this plan .*\n.*telemetry-eventhub: the service's validation refuses it: .*NoSuchTable/);
    expect(run.stderr).toMatch(/error KD207: .*telemetry-eventhub: the service's validation refuses it: .*NoSuchTable/);
    expect(run.code).toBe(1);
    const warned = await plan(['--validate-remote=warn', '--detailed-exitcode'], dir);
    expect(warned.stdout).toMatch(/# \(service validation: .*NoSuchTable/);
    expect(warned.stderr).not.toContain('KD207');
    expect(warned.code).toBe(3);
    expect(writesIn(fx.emu())).toEqual([]);
  });
});
