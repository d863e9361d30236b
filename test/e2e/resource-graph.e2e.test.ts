/**
 * `--inventory resource-graph`, end to end: the example manifests applied to the emulator, then
 * planned, drift-checked and exported from Resource Graph's index instead of one list per
 * database. The request log shows Resource Graph queries and not one list; a saved plan is
 * refused; apply and reconcile do not offer the option.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempTrees } from '../helpers.js';
import { runBin } from '../support/bin.js';
import { useEmulator } from '../support/emulator.js';
import { DB } from '../support/builders.js';
import { SDK_DB, type Workspace, appliedWorkspace } from '../support/workspace.js';

const fx = useEmulator();
const tree = tempTrees();
const NO_CHANGES = 'No changes. The live data connections match the manifests.';

let ws: Workspace;
beforeEach(async () => {
  ws = await appliedWorkspace(fx, tree({}));
  fx.emu().control.clearRequests();
});

function operations(): string[] {
  return fx.emu().control.requests().map((r) => r.operation);
}

describe('plan and drift from Resource Graph', () => {
  it('plan after an apply: No changes., from Resource Graph queries and not one list (the built binary)', async () => {
    const r = await runBin(['plan', '--inventory', 'resource-graph', '--detailed-exitcode'], { cwd: ws.dir, env: ws.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(NO_CHANGES);
    expect(r.stdout).toContain('warning KD406: the live state was read from Azure Resource Graph, which lags behind Azure Resource Manager');
    expect(operations()).toEqual(['resourceGraph']);
  });

  it('drift after an apply: in sync, exit 0, the warning on stderr, no list', async () => {
    const r = await ws.run('drift', '--inventory', 'resource-graph');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Drift: 0 failed, 0 drifted, 0 missing, 1 unmanaged, 0 in progress, 4 in sync\.$/m);
    expect(r.err).toContain('warning KD406');
    expect(operations()).toEqual(['resourceGraph']);
  });

  it('-o markdown has no place for the warnings: they go to stderr', async () => {
    const r = await ws.run('plan', '--inventory', 'resource-graph', '-o', 'markdown');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('KD406');
    expect(r.err).toContain('warning KD406');
  });

  it('sees a change made behind its back, as the ARM lists do', async () => {
    await ws.sdk.dataConnections.beginUpdateAndWait(...SDK_DB, 'telemetry-eventhub', { kind: 'EventHub', dataFormat: 'CSV' }, { updateIntervalInMs: 5 });
    const r = await ws.run('drift', '--inventory', 'resource-graph', '-o', 'json');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out) as { entries: { target: { name: string }; status: string; fields: unknown[] }[] };
    expect(report.entries.find((e) => e.target.name === 'telemetry-eventhub')).toMatchObject({ status: 'drifted', fields: [{ path: 'dataFormat', expected: 'JSON', actual: 'CSV' }] });
  });

  it('with a lag, Resource Graph misses a change ARM already shows: why saved plans are made from ARM', async () => {
    fx.emu().control.setResourceGraphLag(3_600_000);
    await ws.sdk.dataConnections.beginUpdateAndWait(...SDK_DB, 'telemetry-eventhub', { kind: 'EventHub', dataFormat: 'CSV' }, { updateIntervalInMs: 5 });
    const graph = await ws.run('plan', '--inventory', 'resource-graph', '--detailed-exitcode');
    expect([graph.code, graph.out.trimEnd().split('\n').pop()]).toEqual([0, NO_CHANGES]);
    const arm = await ws.run('plan', '--detailed-exitcode');
    expect(arm.code).toBe(2);
    expect(arm.out).toContain('~ dataFormat = "CSV" -> "JSON"');
  });

  it('a database Resource Graph holds nothing of is planned as empty, with a warning naming it', async () => {
    for (const c of fx.emu().control.listDataConnections(DB)) fx.emu().control.deleteDataConnection(c.id);
    const r = await ws.run('plan', '--inventory', 'resource-graph');
    expect(r.code).toBe(0);
    expect(r.out).toContain('00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase: warning KD407: Azure Resource Graph holds no data connection of this database');
    expect(r.out).toContain('Plan: 4 to create, 0 to update, 0 to replace, 0 to delete.');
  });

  it('a refused or forbidden query fails with what to grant', async () => {
    fx.emu().control.injectFault({ method: 'POST', path: 'ResourceGraph', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read' } });
    const r = await ws.run('plan', '--inventory', 'resource-graph');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('Azure Resource Graph (subscription 00000000-0000-0000-0000-000000000000): error KD402: permission denied querying Azure Resource Graph');
    expect(r.err).toContain('Microsoft.ResourceGraph/resources/read');
  });
});

describe('what Resource Graph is not used for', () => {
  it('plan --inventory resource-graph --out is refused before any request, with the reason and what to do', async () => {
    const r = await ws.run('plan', '--inventory', 'resource-graph', '--out', 'plan.json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--out plan.json cannot be used with --inventory resource-graph');
    expect(r.err).toContain('Save plans read from ARM (drop --inventory, or --inventory arm)');
    expect(existsSync(path.join(ws.dir, 'plan.json'))).toBe(false);
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('plan --inventory arm --out saves the plan as before', async () => {
    const r = await ws.run('plan', '--inventory', 'arm', '--out', 'plan.json');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.dir, 'plan.json'))).toBe(true);
    expect(operations()).toEqual(['list']);
  });

  it.each([['apply'], ['reconcile']])('%s does not offer --inventory', async (command) => {
    const r = await ws.run(command, '--inventory', 'resource-graph', '--auto-approve');
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown option '--inventory'");
    expect(fx.emu().control.requests()).toEqual([]);
  });
});

describe('export from Resource Graph', () => {
  it('walks by subscription with Resource Graph queries only, and round-trips: plan afterwards says No changes.', async () => {
    const exported = await ws.run('export', '--inventory', 'resource-graph', '--subscription', '00000000-0000-0000-0000-000000000000', '--dir', 'exported');
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toContain('Exported 5 data connections of 1 database to exported/');
    expect(exported.err).toContain('only databases with at least one data connection are found');
    expect(operations()).toEqual(['resourceGraph']);
    fx.emu().control.clearRequests();
    const planned = await ws.run('plan', 'exported', '--detailed-exitcode');
    expect(planned.err).toBe('');
    expect([planned.code, planned.out.trimEnd()]).toEqual([0, NO_CHANGES]);
    expect(operations()).toEqual(['list']);
  });

  it('nothing under the scopes: says Resource Graph holds none', async () => {
    for (const c of fx.emu().control.listDataConnections(DB)) fx.emu().control.deleteDataConnection(c.id);
    const r = await ws.run('export', '--inventory', 'resource-graph', '--cluster', '00000000-0000-0000-0000-000000000000/testrg/mykustocluster', '-o', 'yaml');
    expect(r.code).toBe(0);
    expect(r.err).toContain('Nothing to export: Azure Resource Graph holds no data connection under the subscriptions, resource groups, clusters and databases given.');
  });
});
