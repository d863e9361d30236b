/**
 * The round trip of issue #7, end to end: connections of every kind and property combination,
 * created through the real SDK as people create them by hand, exported (in process through
 * main(), and once through the built CLI as a subprocess), then validated and planned against the
 * same emulator: `No changes.`, and not one write in the emulator's request log.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { filesUnder, tempTrees } from '../helpers.js';
import { CONNECTIONS, SUB_A, SUB_B, useExportWorld } from './world.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tree = tempTrees();
const { fx, flags, kustodian: cli } = useExportWorld();

function writes(): string[] {
  return fx.emu().control.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

function hasNull(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasNull);
  return typeof value === 'object' && Object.values(value).some(hasNull);
}

const TOTAL = Object.values(CONNECTIONS).reduce((n, names) => n + names.length, 0);

/** Validate then plan `dir` against the emulator: both clean, and nothing written to the emulator. */
async function expectRoundTrip(cwd: string, dir: string): Promise<void> {
  const validated = await cli(cwd, 'validate', dir);
  expect(validated.err).toBe('');
  expect(validated.code).toBe(0);
  fx.emu().control.clearRequests();
  const planned = await cli(cwd, 'plan', dir, '--detailed-exitcode', ...flags());
  expect(planned.err).toBe('');
  expect(planned.out.trimEnd().split('\n').pop()).toBe('No changes. The live data connections match the manifests.');
  expect(planned.out).not.toContain('Unmanaged');
  expect(planned.code).toBe(0);
  expect(writes()).toEqual([]);
  // One list per database, nothing else.
  expect(fx.emu().control.requests().map((r) => r.operation)).toEqual(Object.keys(CONNECTIONS).map(() => 'list'));
}

describe('export, then plan: No changes.', () => {
  it('in process, both subscriptions: every connection exported, validated, planned with no change, no write', async () => {
    const cwd = tree({});
    fx.emu().control.clearRequests();
    const exported = await cli(cwd, 'export', '--subscription', SUB_A, '--subscription', `/subscriptions/${SUB_B}`, ...flags());
    expect(exported.err).toBe('');
    expect(exported.out).toBe(`Exported ${TOTAL} data connections of 5 databases to manifests/ (${TOTAL + 10} files).\nNext: kustodian validate manifests && kustodian plan manifests ${flags().join(' ')}\n`);
    expect(exported.code).toBe(0);
    expect(writes()).toEqual([]);

    const dir = path.join(cwd, 'manifests');
    expect(filesUnder(dir)).toEqual([
      'kustoalpha/ops-db/database.yaml',
      'kustoalpha/ops-db/defaults.yaml',
      'kustoalpha/ops-db/eh-min.yaml',
      'kustoalpha/telemetry/123.yaml',
      'kustoalpha/telemetry/cosmos-all.yaml',
      'kustoalpha/telemetry/cosmos-min.yaml',
      'kustoalpha/telemetry/database.yaml',
      'kustoalpha/telemetry/defaults.yaml',
      'kustoalpha/telemetry/eg-all.yaml',
      'kustoalpha/telemetry/eg-min.yaml',
      'kustoalpha/telemetry/eh-all.yaml',
      'kustoalpha/telemetry/eh-defaults.yaml',
      'kustoalpha/telemetry/eh-min.yaml',
      'kustoalpha/telemetry/iot-all.yaml',
      'kustoalpha/telemetry/iot-min.yaml',
      'kustobeta/empty/database.yaml',
      'kustobeta/empty/defaults.yaml',
      'kustobeta/telemetry/database.yaml',
      'kustobeta/telemetry/defaults.yaml',
      'kustobeta/telemetry/eh-min.yaml',
      'kustogamma/gammadb/database.yaml',
      'kustogamma/gammadb/defaults.yaml',
      'kustogamma/gammadb/gamma-out-of-band.yaml',
    ]);
    for (const f of filesUnder(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${'../'.repeat(f.split('/').length)}node_modules/kustodian/schemas/v1/manifest.schema.json`);
      expect(text).not.toMatch(/provisioningState|managedIdentityObjectId|retrievalStartDate/);
      expect(hasNull(parse(text))).toBe(false);
    }
    const ehAll = readFileSync(path.join(dir, 'kustoalpha/telemetry/eh-all.yaml'), 'utf8');
    expect(ehAll).toContain('  mappingRuleName: Map_$${env}\n');
    expect(ehAll).toContain('  dataFormat: MULTIJSON\n');
    expect(ehAll).toContain('  compression: GZip\n');
    expect(ehAll).toContain('  databaseRouting: Multi\n');
    expect(ehAll).toContain('  eventSystemProperties: [x-opt-enqueued-time, x-opt-offset, message-id]\n');
    const ehDefaults = readFileSync(path.join(dir, 'kustoalpha/telemetry/eh-defaults.yaml'), 'utf8');
    expect(ehDefaults).toContain('  consumerGroup: "true"\n');
    expect(ehDefaults).toContain('  tableName: "123"\n');
    expect(ehDefaults).toContain('  mappingRuleName: "yes"\n');
    expect(ehDefaults).not.toMatch(/compression|databaseRouting|eventSystemProperties/);
    const egAll = readFileSync(path.join(dir, 'kustoalpha/telemetry/eg-all.yaml'), 'utf8');
    expect(egAll).toContain('  ignoreFirstRecord: true\n');
    expect(egAll).toContain('  blobStorageEventType: Microsoft.Storage.BlobRenamed\n');
    expect(readFileSync(path.join(dir, 'kustobeta/telemetry/defaults.yaml'), 'utf8')).toContain('  location: West Europe\n');
    expect(readFileSync(path.join(dir, 'kustoalpha/ops-db/defaults.yaml'), 'utf8')).toContain('  database: Ops DB\n');

    await expectRoundTrip(cwd, 'manifests');
  });

  it('through the built CLI (node bin/kustodian.js) as a subprocess, by resource group, then plan: no change', async () => {
    const cwd = tree({});
    fx.emu().control.clearRequests();
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, 'bin/kustodian.js'), 'export', '--resource-group', `/subscriptions/${SUB_A}/resourceGroups/TESTRG`, '--cluster', `${SUB_A}/OtherRG/KustoBeta`, '--cluster', `${SUB_B}/rgb/kustogamma`, '--dir', 'adopted', ...flags()],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`^Exported ${TOTAL} data connections of 5 databases to adopted/ `));
    expect(writes()).toEqual([]);
    await expectRoundTrip(cwd, 'adopted');
  });
});
