/**
 * `--api-version`, end to end against the emulator: every version that has what the manifests
 * use works (apply, then a plan with nothing to do), and a version that lacks a kind or a
 * property the manifests use is refused before anything is read, naming the field, the
 * connection and the versions that have it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KUSTO_API_VERSIONS } from '../../src/azure/arm/api-versions.js';
import { useEmulator } from '../support/emulator.js';
import { workspace } from '../support/workspace.js';

const fx = useEmulator({ operationDurationMs: 0 });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-apiv-'));
  dirs.push(dir);
  return dir;
}

/** A workspace with the Defaults document and one basic EventHub connection (what 2019-01-21 knows). */
function basicWorkspace(extra = '') {
  fx.emu().control.reset();
  const ws = workspace(fx, scratch());
  rmSync(path.join(ws.dir, 'manifests', 'mykustodatabase'), { recursive: true });
  writeFileSync(
    path.join(ws.dir, 'manifests', 'basic.yaml'),
    `apiVersion: kustodian.io/v1
kind: EventHubDataConnection
metadata:
  name: basic-eventhub
spec:
  eventHubResourceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry
  consumerGroup: adx
  tableName: Telemetry
  mappingRuleName: Telemetry_JSON_Mapping
  dataFormat: JSON
${extra}`,
  );
  return ws;
}

describe('--api-version (e2e)', () => {
  it.each([...KUSTO_API_VERSIONS])('%s: applies a connection it knows, then plans nothing to do', async (version) => {
    const ws = basicWorkspace();
    const applied = await ws.run('apply', '--auto-approve', '--api-version', version);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    const again = await ws.run('plan', '--detailed-exitcode', '--api-version', version);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(fx.emu().control.requests().every((r) => r.apiVersion === version)).toBe(true);
  });

  it('2022-11-11 (the Debian Python SDK default) applies the whole example tree and converges', async () => {
    fx.emu().control.reset();
    const ws = workspace(fx, scratch());
    expect((await ws.run('apply', '--auto-approve', '--api-version', '2022-11-11')).code).toBe(0);
    expect((await ws.run('plan', '--detailed-exitcode', '--api-version', '2022-11-11')).code).toBe(0);
  });

  it('refuses a property the version lacks, naming it, the connection, where it is written and the versions that have it; nothing is read', async () => {
    const ws = basicWorkspace('  databaseRouting: Multi\n  compression: GZip\n');
    fx.emu().control.clearRequests();
    const run = await ws.run('plan', '--api-version', '2019-05-15');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/manifests\/basic\.yaml:\d+:\d+: error KD408: .*mykustodatabase\/basic-eventhub: databaseRouting does not exist for EventHub in api-version 2019-05-15/);
    expect(run.err).toContain('It exists in 2022-02-01 and later (7 versions, up to 2024-04-13)');
    expect(run.err).toContain('compression does not exist for EventHub in api-version 2019-05-15');
    expect(run.err).toContain('hint: run with --api-version 2022-02-01 or later, or remove databaseRouting from the manifest');
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('refuses a kind the version lacks (Cosmos DB before 2022-11-11) with the example tree', async () => {
    fx.emu().control.reset();
    const ws = workspace(fx, scratch());
    const run = await ws.run('plan', '--api-version', '2022-07-07');
    expect(run.code).toBe(1);
    expect(run.err).toContain('cosmos-changes: kind CosmosDb does not exist in api-version 2022-07-07; it exists in 2022-11-11 and later');
  });

  it('refuses an api-version that is not a stable one with data connections, listing those that are', async () => {
    const ws = basicWorkspace();
    const run = await ws.run('plan', '--api-version', '2019-03-20');
    expect(run.code).toBe(1);
    expect(run.err).toContain('error KD408: --api-version 2019-03-20 is not a stable Microsoft.Kusto api-version with data connections');
    expect(run.err).toContain('2019-01-21, 2019-05-15');
  });
});
