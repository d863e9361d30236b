/**
 * The live contract: the built CLI creates, updates, replaces, sees drift in, exports and deletes
 * one EventHub data connection named `kdlive-<random>-eh`, the same steps against the emulator
 * (a standalone `kustodian emulator`, the default) or against the real Azure database the
 * KUSTODIAN_LIVE_* variables name (docs/emulator.md, "Live contract mode"). A step that passes on
 * one and fails on the other is a difference between the emulator and Azure: a bug in the
 * emulator, to fix there first.
 *
 * Before the create it checks the connection's prerequisites on the cluster's data plane and in
 * ARM (and that a missing table and a mapping of the wrong kind fail, with their fixes, without a
 * write); after it, `kustodian health` reads the new connection's ingestion on the data plane
 * (`.show ingestion failures` and the row-count query).
 *
 * Without the variables the emulator run happens and a skipped test named "NOT RUN: ..." puts the
 * skipped Azure run on the summary line (test/support/summary-reporter.ts). Some but not all of
 * them set fails, naming the missing ones.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { startStandalone, type Standalone } from '../support/ci/standalone.js';
import { readIngestionReport } from './ingestion-report.js';
import { deleteEverythingUnder, type Kustodian, kustodianFor, othersThan } from './kustodian.js';
import { type ConnectionShape, connectionManifests } from './manifests.js';
import { type Coordinates, incompleteMessage, LIVE_VARIABLES, readTarget } from './target.js';

const target = readTarget(process.env);
const LIVE_NAMES = LIVE_VARIABLES.map(([, name]) => name).join(', ');
/** Azure operations take minutes; the emulator's 100 ms. */
const STEP_MS = target.kind === 'live' ? 30 * 60_000 : 30_000;

interface PrerequisiteCheck {
  readonly code: string;
  readonly status: string;
  readonly subject: string;
  readonly message?: string;
  readonly hint?: string;
}

/** The checks of a `plan --check-prerequisites -o json`, once the plan is valid against schemas/v1/plan.schema.json. */
function prerequisiteChecks(stdout: string): PrerequisiteCheck[] {
  const doc = JSON.parse(stdout) as { prerequisites: { checks: PrerequisiteCheck[] }[] };
  const ajv = new Ajv2020({ strict: true, strictRequired: false });
  addFormats.default(ajv);
  expect(ajv.validate(JSON.parse(readFileSync(path.join(ROOT, 'schemas/v1/plan.schema.json'), 'utf8')) as object, doc), JSON.stringify(ajv.errors)).toBe(true);
  return doc.prerequisites.flatMap((p) => p.checks);
}

if (target.kind === 'incomplete') {
  it('the KUSTODIAN_LIVE_* variables are all set or all unset', () => {
    throw new Error(incompleteMessage(target.missing));
  });
}

if (target.kind === 'emulator') {
  // The summary line of the run names every skipped test whose name starts with "NOT RUN:".
  it.skip(`NOT RUN: live contract against Azure (set ${LIVE_NAMES} to run it)`, () => undefined);
}

if (target.kind !== 'incomplete') contract(target.kind, target.coordinates);

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function contract(kind: 'emulator' | 'live', coordinates: Coordinates): void {
  describe(`live contract against ${kind === 'live' ? 'Azure' : 'the emulator'}`, () => {
    const prefix = `kdlive-${randomBytes(4).toString('hex')}`;
    const name = `${prefix}-eh`;
    const only = ['--target', `${prefix}-*`];
    let work = '';
    let emulator: Standalone | undefined;
    let started: Kustodian | undefined;
    /** The database's other connections as the run found them (exported), to prove it left them alone. */
    let othersAtStart = new Map<string, string>();
    /** When the create step began to apply (ms since the epoch), the start of the health step's window; 0 before. */
    let createdFrom = 0;
    /** The CLI against the target, once beforeAll has started it. */
    const kustodian: Kustodian = (args) => {
      if (started === undefined) throw new Error('the target did not start (see beforeAll)');
      return started(args);
    };

    const declared = (shape: ConnectionShape): string => connectionManifests(work, coordinates, name, shape);
    const V1: ConnectionShape = { dataFormat: 'JSON', compression: 'None' };
    const V2: ConnectionShape = { ...V1, eventSystemProperties: ['x-opt-enqueued-time'] };
    const V3: ConnectionShape = { ...V2, compression: 'GZip', allowReplace: true };

    async function planJson(manifests: string): Promise<{ code: number | null; plan: { changes: { action: string; fieldChanges?: { path: string }[] }[] } }> {
      const run = await kustodian(['plan', manifests, ...only, '-o', 'json', '--detailed-exitcode']);
      if (run.code === 1) throw new Error(`plan failed:\n${run.stdout}${run.stderr}`);
      return { code: run.code, plan: JSON.parse(run.stdout) as { changes: { action: string; fieldChanges?: { path: string }[] }[] } };
    }

    async function applies(manifests: string): Promise<void> {
      const run = await kustodian(['apply', manifests, ...only, '--auto-approve']);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    }

    async function converged(manifests: string): Promise<void> {
      const again = await planJson(manifests);
      expect(again.plan.changes).toEqual([]);
      expect(again.code).toBe(0);
    }

    beforeAll(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'kustodian-live-'));
      if (kind === 'emulator') emulator = await startStandalone();
      started = kustodianFor({ ...(emulator === undefined ? {} : { emulatorEnv: emulator.env }) }, work);
      othersAtStart = await othersThan(kustodian, coordinates, prefix);
      // The shipped world has two connections of its own, so the check at the end is not empty there.
      if (kind === 'emulator') expect([...othersAtStart.keys()].sort()).toEqual(['legacy-import', 'storm-events-iothub']);
    }, STEP_MS);

    afterAll(async () => {
      // Runs after a failed step too: whatever the run left under its prefix goes.
      try {
        if (started !== undefined) {
          const left = await deleteEverythingUnder(kustodian, work, coordinates, prefix);
          if (left.length > 0) process.stderr.write(`live contract: cleaned up what a failed step left: ${left.join(', ')}\n`);
        }
      } catch (e) {
        process.stderr.write(
          `\n!!! live contract: the cleanup of ${prefix}-* FAILED; delete those connections of ${coordinates.database} by hand.\n!!! ${e instanceof Error ? e.message : String(e)}\n\n`,
        );
        throw e;
      } finally {
        await emulator?.stop();
        if (work !== '') rmSync(work, { recursive: true, force: true });
      }
    }, STEP_MS);

    it('checks its prerequisites: the table and mapping on the cluster\'s data plane, the event hub and consumer group in ARM', async () => {
      const run = await kustodian(['plan', declared(V1), ...only, '--check-prerequisites', '-o', 'json']);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
      const checks = prerequisiteChecks(run.stdout);
      expect(checks.map((c) => [c.code, c.status])).toEqual([
        ['KD701', 'pass'],
        ['KD702', 'pass'],
        ['KD703', 'pass'],
        ['KD704', 'pass'],
      ]);
    }, STEP_MS);

    it('fails the prerequisites of a missing table, and of a mapping not of the data format\'s kind, each with its fix (a plan: no write)', async () => {
      const missing = `${prefix.replace(/-/g, '_')}_missing`;
      const noTable = await kustodian(['plan', declared({ ...V1, table: missing }), ...only, '--check-prerequisites', '-o', 'json']);
      expect(noTable.code, `${noTable.stdout}${noTable.stderr}`).toBe(1);
      const tableChecks = prerequisiteChecks(noTable.stdout);
      expect(tableChecks.map((c) => [c.code, c.status])).toEqual([
        ['KD701', 'fail'],
        ['KD703', 'pass'],
        ['KD704', 'pass'],
      ]);
      expect(tableChecks[0]).toEqual({
        code: 'KD701',
        status: 'fail',
        subject: `table '${missing}' in database '${coordinates.database}'`,
        message: 'the table does not exist',
        hint: `create it before the connection: .create table ['${missing}'] (...columns...), or fix tableName`,
      });

      // The target's JSON mapping, for CSV: `.show table T ingestion csv mappings` does not list it.
      const misfit = await kustodian(['plan', declared({ ...V1, dataFormat: 'CSV' }), ...only, '--check-prerequisites', '-o', 'json']);
      expect(misfit.code, `${misfit.stdout}${misfit.stderr}`).toBe(1);
      const mappingChecks = prerequisiteChecks(misfit.stdout);
      expect(mappingChecks.map((c) => [c.code, c.status])).toEqual([
        ['KD701', 'pass'],
        ['KD702', 'fail'],
        ['KD703', 'pass'],
        ['KD704', 'pass'],
      ]);
      const { table, mapping } = coordinates;
      expect(mappingChecks[1]).toMatchObject({
        subject: `mapping '${mapping}' on table '${table}' (csv, for CSV)`,
        hint: `create it: .create table ['${table}'] ingestion csv mapping '${mapping}' '[...]', or fix mappingRuleName or dataFormat`,
      });
      expect(mappingChecks[1]?.message).toMatch(new RegExp(`^the table has no csv mapping named '${escaped(mapping)}'(; its csv mappings: .+)?$`));
    }, STEP_MS);

    it('creates the connection', async () => {
      const v1 = declared(V1);
      const plan = await planJson(v1);
      expect(plan.plan.changes.map((ch) => ch.action)).toEqual(['create']);
      expect(plan.code).toBe(2);
      createdFrom = Date.now();
      await applies(v1);
      await converged(v1);
    }, STEP_MS);

    it('reads its ingestion on the data plane: `.show ingestion failures` and the row count both answer (no data seen, or healthy)', async () => {
      if (createdFrom === 0) throw new Error('the create step did not run');
      // From the create on (a minute earlier, for the clock of the cluster): another connection's
      // older failures of the same table are not this one's.
      const window = `${String(Math.ceil((Date.now() - createdFrom) / 1000) + 60)}s`;
      const run = await kustodian(['health', declared(V1), ...only, '-o', 'json', '--window', window]);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
      const report = readIngestionReport(run.stdout);
      expect(report.durationMs).toBe(0);
      expect(report.connections.map((c) => c.address.split('/').pop())).toEqual([name]);
      const [health] = report.connections;
      // Not KD721 (the failures could not be read), and no failure of a connection nothing sends to.
      expect(health, run.stdout).toMatchObject({ table: coordinates.table, failureCount: 0 });
      expect(['healthy', 'no-data-seen'], run.stdout).toContain(health?.status);
      // The watch leaves `rows` out when the row-count query fails: here it must have answered.
      const rows = health?.rows;
      if (rows === undefined) throw new Error(`the row-count query (v1/rest/query) did not answer:\n${run.stdout}${run.stderr}`);
      // An idle event hub sends nothing: no data seen (KD722); rows in the table from another writer since then: healthy.
      expect([health?.status, health?.code], run.stdout).toEqual(rows > 0 ? ['healthy', undefined] : ['no-data-seen', 'KD722']);
    }, STEP_MS);

    it('updates a field that changes in place (eventSystemProperties)', async () => {
      const v2 = declared(V2);
      const plan = await planJson(v2);
      expect(plan.plan.changes.map((ch) => [ch.action, ch.fieldChanges?.map((f) => f.path)])).toEqual([['update', ['eventSystemProperties']]]);
      await applies(v2);
      await converged(v2);
    }, STEP_MS);

    it('replaces it for an immutable field (compression) only with kustodian.io/allow-replace', async () => {
      const refused = await kustodian(['plan', declared({ ...V3, allowReplace: false }), ...only, '-o', 'json', '--detailed-exitcode']);
      expect(refused.code, refused.stderr).toBe(3);
      const readiness = (JSON.parse(refused.stdout) as { readiness: { refusals: { rule: string }[] } }).readiness;
      expect(readiness.refusals.map((r) => r.rule)).toEqual(['replace-not-allowed']);

      const v3 = declared(V3);
      const plan = await planJson(v3);
      expect(plan.plan.changes.map((ch) => [ch.action, ch.fieldChanges?.map((f) => f.path)])).toEqual([['replace', ['compression']]]);
      await applies(v3);
      await converged(v3);
    }, STEP_MS);

    it('sees a field changed by another writer as drift, and puts it back', async () => {
      // The other writer is a second apply of another manifest: the one out-of-band write that
      // works the same on the emulator and on Azure, so the step that runs live is the one tested here.
      await applies(declared({ ...V3, dataFormat: 'MULTIJSON' }));
      const v3 = declared(V3);
      const drift = await kustodian(['drift', v3, ...only, '-o', 'json']);
      expect(drift.code, drift.stderr).toBe(2);
      expect(drift.stdout).toContain('dataFormat');
      expect(drift.stdout).toContain('MULTIJSON');
      await applies(v3);
      const again = await kustodian(['drift', v3, ...only]);
      expect(again.code, `${again.stdout}${again.stderr}`).toBe(0);
    }, STEP_MS);

    it('exports it as a manifest that plans no change', async () => {
      const dir = path.join(work, 'exported');
      const db = `${coordinates.subscription}/${coordinates.resourceGroup}/${coordinates.cluster}/${coordinates.database}`;
      const run = await kustodian(['export', '--database', db, '--dir', dir]);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
      const mine = files.filter((f) => readFileSync(path.join(dir, f), 'utf8').includes(`name: ${name}`));
      expect(mine, files.join(', ')).toHaveLength(1);
      const text = readFileSync(path.join(dir, mine[0] ?? ''), 'utf8');
      expect(text).toMatch(/compression: GZip/);
      expect(text).toMatch(/x-opt-enqueued-time/);
      await converged(dir);
    }, STEP_MS);

    it(`deletes it through a pruning plan narrowed to ${prefix}-*`, async () => {
      const deleted = await deleteEverythingUnder(kustodian, work, coordinates, prefix);
      expect(deleted.map((a) => a.split('/').pop())).toEqual([name]);
      expect(await deleteEverythingUnder(kustodian, work, coordinates, prefix)).toEqual([]);
      // Every other connection is as the run found it (against Azure: unless someone else changed one meanwhile).
      expect(await othersThan(kustodian, coordinates, prefix)).toEqual(othersAtStart);
    }, STEP_MS);
  });
}
