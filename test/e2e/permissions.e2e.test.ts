/**
 * Least privilege: plan only reads; a write refused with 403 names, in the apply report and its
 * JSON events, the RBAC action that was missing, and stops only that change.
 */
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorEnv, runCli, workspace } from '../support/cli.js';
import { withEmulator } from '../support/emulator.js';

const DB = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'mykustodatabase' };
const EH = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry';
const DENIED = { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform this action.' } as const;

/** Each test with its own emulator (a stray connection to prune in it), so the tests run concurrently. */
function permissionTest(name: string, body: (emu: RunningEmulator) => Promise<void>): void {
  it.concurrent(name, () =>
    withEmulator({}, async (emu) => {
      emu.control.putDataConnection({ ...DB, name: 'stray' }, { kind: 'EventHub', properties: { eventHubResourceId: EH, consumerGroup: 'stray', tableName: 'Telemetry' } });
      emu.control.clearRequests();
      await body(emu);
    }),
  );
}

function run(emu: RunningEmulator, args: string[], dir: string) {
  return runCli([...args, '--poll-interval', '10ms'], { cwd: dir, env: emulatorEnv(emu, dir) });
}

const names = (emu: RunningEmulator) => emu.control.listDataConnections(DB).map((c) => c.name.split('/').pop()).sort();

describe('permissions (e2e)', () => {
  permissionTest('plan needs read access only: with every write refused, it plans and sends only GETs', async (emu) => {
    emu.control.injectFault({ method: 'PUT', action: DENIED });
    emu.control.injectFault({ method: 'DELETE', action: DENIED });
    emu.control.injectFault({ method: 'POST', action: DENIED });
    const plan = await run(emu, ['plan', '--detailed-exitcode', '--allow-delete'], workspace());
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('Plan: 3 to create, 1 to update, 0 to replace, 1 to delete.');
    expect([...new Set(emu.control.requests().map((r) => r.method))]).toEqual(['GET']);
  });

  permissionTest('a refused create and a refused delete each name the missing action; the rest is carried out', async (emu) => {
    emu.control.injectFault({ method: 'PUT', path: 'telemetry-eventhub$', action: DENIED });
    emu.control.injectFault({ method: 'DELETE', path: 'stray$', action: DENIED });
    const dir = workspace();
    const text = await run(emu, ['apply', '--auto-approve', '--allow-delete'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /telemetry-eventhub +failed \(create\) 403 AuthorizationFailed: .* \(this step needs the permission Microsoft\.Kusto\/clusters\/databases\/dataConnections\/write: grant it/,
    );
    expect(text.stdout).toMatch(/stray +failed \(delete\) 403 AuthorizationFailed: .*needs the permission Microsoft\.Kusto\/clusters\/databases\/dataConnections\/delete: grant it/);
    expect(text.stdout).toContain('Apply incomplete: 3 of 5 succeeded, 2 failed');
    // 403 is not retried: one request each.
    expect(emu.control.requests().filter((r) => r.status === 403)).toHaveLength(2);
    expect(names(emu)).toEqual(['blob-logs-eventgrid', 'cosmos-changes', 'legacy-import', 'storm-events-iothub', 'stray']);

    const json = await run(emu, ['apply', '--auto-approve', '--allow-delete', '-o', 'json'], dir);
    const failed = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; address?: string; error?: { requiredAction?: string } }).filter((r) => r.type === 'failed');
    expect(failed.map((f) => [f.address?.split('/').pop(), f.error?.requiredAction]).sort()).toEqual([
      ['stray', 'Microsoft.Kusto/clusters/databases/dataConnections/delete'],
      ['telemetry-eventhub', 'Microsoft.Kusto/clusters/databases/dataConnections/write'],
    ]);
  });

  permissionTest('a write accepted but whose operation cannot be followed names the operation-status action', async (emu) => {
    emu.control.injectFault({ method: 'GET', path: '/operationResults/', action: DENIED });
    const result = await run(emu, ['apply', '--auto-approve', '--target', 'cosmos-*'], workspace());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/cosmos-changes +failed \(create\) 403 AuthorizationFailed: .*needs the permission Microsoft\.Kusto\/locations\/operationResults\/read/);
  });
});
