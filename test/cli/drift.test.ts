/**
 * `kustodian drift` end to end: the example manifests applied to the emulator, then changed
 * behind kustodian's back with the real @azure/arm-kusto client (and the emulator's control API
 * where the SDK cannot: a Failed provisioning state), then reported in every format.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { tempTrees } from '../helpers.js';
import { runBin } from '../support/bin.js';
import { DB, IDS } from '../support/builders.js';
import { useEmulator } from '../support/emulator.js';
import { expectGolden } from '../support/golden.js';
import { SDK_DB, type Workspace, appliedWorkspace, withoutTimes } from '../support/workspace.js';

const fx = useEmulator();
const tree = tempTrees();
const GOLDEN = join(import.meta.dirname, 'golden');
const XSD = readFileSync(join(import.meta.dirname, '../drift/junit.xsd'), 'utf8');

let ws: Workspace;
beforeEach(async () => {
  ws = await appliedWorkspace(fx, tree({}));
});

/** One connection in each category, each made the way it happens in real life. */
async function driftEverything(): Promise<void> {
  // drifted: someone changed the data format in the portal.
  await ws.sdk.dataConnections.beginUpdateAndWait(...SDK_DB, 'telemetry-eventhub', { kind: 'EventHub', dataFormat: 'CSV' }, { updateIntervalInMs: 5 });
  // missing: someone deleted a declared connection.
  await ws.sdk.dataConnections.beginDeleteAndWait(...SDK_DB, 'blob-logs-eventgrid', { updateIntervalInMs: 5 });
  // unmanaged: someone created one no manifest declares (the ManagedDatabase prunes, so it is drift).
  await ws.sdk.dataConnections.beginCreateOrUpdateAndWait(
    ...SDK_DB,
    'hand-made',
    { kind: 'EventHub', location: 'Central US', eventHubResourceId: IDS.blobHub, consumerGroup: '$Default', tableName: 'BlobLogs', dataFormat: 'CSV' },
    { updateIntervalInMs: 5 },
  );
  // in progress: an update still running on the service (its operation never finishes here).
  fx.emu().control.injectFault({ method: 'PATCH', path: 'cosmos-changes$', times: 1, action: { type: 'hangOperation' } });
  await ws.sdk.dataConnections.beginUpdate(...SDK_DB, 'cosmos-changes', { kind: 'CosmosDb', tableName: 'CosmosChanges' });
  // failed: the service left a connection in Failed (the SDK cannot do that; the control API can).
  const storm = fx.emu().control.getDataConnection({ ...DB, name: 'storm-events-iothub' });
  fx.emu().control.putDataConnection({ ...DB, name: 'storm-events-iothub' }, { kind: 'IotHub', properties: storm?.properties ?? {}, provisioningState: 'Failed' });
}

describe('kustodian drift', () => {
  it('exits 0 when everything is in sync, and says so', async () => {
    const r = await ws.run('drift');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Drift: 0 failed, 0 drifted, 0 missing, 1 unmanaged, 0 in progress, 4 in sync\.$/m);
    expect(r.err).toBe('');
  });

  it('classifies each out-of-band change in its category and exits 2', async () => {
    await driftEverything();
    const r = await ws.run('drift', '-o', 'json');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out) as { summary: Record<string, number>; entries: { target: { name: string }; status: string; actionable: boolean; fields: unknown[] }[] };
    expect(report.entries.map((e) => [e.target.name, e.status, e.actionable])).toEqual([
      ['blob-logs-eventgrid', 'missing', true],
      ['cosmos-changes', 'in-progress', false],
      ['hand-made', 'unmanaged', true],
      ['legacy-import', 'unmanaged', false],
      ['storm-events-iothub', 'failed', true],
      ['telemetry-eventhub', 'drifted', true],
    ]);
    expect(report.entries.find((e) => e.target.name === 'telemetry-eventhub')?.fields).toEqual([{ path: 'dataFormat', expected: 'JSON', actual: 'CSV' }]);
  });

  it.each([
    ['text', 'drift.txt'],
    ['json', 'drift.json'],
    ['markdown', 'drift.md'],
    ['junit', 'drift.xml'],
  ])('-o %s (golden)', async (format, file) => {
    await driftEverything();
    const r = await ws.run('drift', '-o', format);
    expect(r.code).toBe(2);
    expectGolden(withoutTimes(r.out), join(GOLDEN, file));
  });

  it('the JUnit report is valid against the JUnit schema, and --out writes it beside the markdown', async () => {
    await driftEverything();
    const r = await ws.run('drift', '-o', 'markdown', '--out', 'drift.xml');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^<!-- kustodian:drift -->\n/);
    const xml = readFileSync(join(ws.dir, 'drift.xml'), 'utf8');
    const result = await validateXML({ xml: [{ fileName: 'drift.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
    expect(result.errors).toEqual([]);
    expect(xml).toContain('<failure message="drifted: dataFormat" type="drifted">');
  });

  it('refuses an --out whose format it cannot tell, before reading anything', async () => {
    fx.emu().control.clearRequests();
    const r = await ws.run('drift', '--out', 'drift.html');
    expect(r.code).toBe(1);
    expect(r.err).toContain('use .txt (text), .json, .md (markdown) or .xml (JUnit)');
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('accepted drift: kustodian.io/ignore-fields hides a field, ManagedDatabase spec.ignore a whole connection', async () => {
    await ws.sdk.dataConnections.beginUpdateAndWait(...SDK_DB, 'telemetry-eventhub', { kind: 'EventHub', dataFormat: 'CSV' }, { updateIntervalInMs: 5 });
    await ws.sdk.dataConnections.beginCreateOrUpdateAndWait(
      ...SDK_DB,
      'legacy-hand-made',
      { kind: 'EventHub', location: 'Central US', eventHubResourceId: IDS.blobHub, consumerGroup: '$Default', tableName: 'BlobLogs', dataFormat: 'CSV' },
      { updateIntervalInMs: 5 },
    );
    expect((await ws.run('drift')).code).toBe(2);
    const file = join(ws.dir, 'manifests/mykustodatabase/telemetry-eventhub.yaml');
    const manifest = readFileSync(file, 'utf8').replace('  labels: { team: platform }\n', '  labels: { team: platform }\n  annotations:\n    kustodian.io/ignore-fields: dataFormat, eventSystemProperties\n');
    writeFileSync(file, manifest);
    const r = await ws.run('drift');
    expect(r.out).toContain('legacy-hand-made (EventHub): not declared; ignored by its ManagedDatabase');
    expect(r.out).toMatch(/^in sync +\S+\/telemetry-eventhub$/m);
    expect(r.code).toBe(0);
  });

  it('exits 1 with the reason when the live state cannot be read', async () => {
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'no read' } });
    const r = await ws.run('drift', '-o', 'json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('error KD402: permission denied reading the data connections');
  });

  it('runs as the built binary (settings from KUSTODIAN_* variables)', async () => {
    await driftEverything();
    const r = await runBin(['drift', '-o', 'markdown', '--poll-interval', '10ms'], { cwd: ws.dir, env: ws.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('**Drift: 1 failed, 1 drifted, 1 missing, 2 unmanaged, 1 in progress, 0 in sync.**');
  });
});
