/**
 * Killed at a random point, then run again: the built CLI applies 31 changes (creates, updates,
 * replacements, deletions in a pruned database, a create waiting for a delete) and is killed
 * with SIGKILL after a seeded number of its JSON log lines plus a seeded delay. Then:
 *
 * - with the emulator's clock held still, a plan made while operations still run reports exactly
 *   the connections with a running operation as in progress, and plans no change to them;
 * - the operations finish; apply runs again and succeeds, its report lists exactly the changes
 *   still to do, and the writes the emulator saw are exactly those changes;
 * - the estate matches the manifests: nothing lost, nothing twice, nothing extra, the ignored
 *   connection untouched.
 *
 * `npm test` runs a handful of kill points; `npm run reliability` runs 50 or more. A failing seed
 * is replayed with KUSTODIAN_KILL_SEED=<seed> KUSTODIAN_KILLS=1.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { PublicChange as Change, PublicPlan as Plan } from '../../src/plan/contract/types.js';
import { emulatorEnv, runCli, startCli, workspace } from '../support/cli.js';
import { expectConverged } from '../support/converge.js';
import { withEmulator } from '../support/emulator.js';
import { ESTATE_DB, checkEstate, estateSeed, writeEstateManifests } from '../support/estate.js';
import { fullRun, recordFigures } from '../support/figures.js';
import { PausableClock } from '../support/pausable-clock.js';
import { seededRandom } from '../support/random.js';


const KILLS = Number(process.env['KUSTODIAN_KILLS'] ?? (fullRun() ? 60 : 3));
const FIRST_SEED = Number(process.env['KUSTODIAN_KILL_SEED'] ?? 1000);
const SEEDS = Array.from({ length: KILLS }, (_, i) => FIRST_SEED + i);

type LogRecord = { type: 'plan'; plan: Plan } | { type: 'result'; succeeded: number; failed: number; skipped: number; interrupted: number } | { type: string };

const lastSegment = (path: string): string => (path.split('/').pop() ?? path).toLowerCase();

/** JSON log lines a complete run prints: the plan, started/accepted per step, succeeded per change, the result. */
function logLength(plan: Plan): number {
  return 2 + plan.changes.reduce((n, c) => n + (c.action === 'replace' ? 5 : 3), 0);
}

/** The writes a plan causes when nothing fails: a PUT per create or update, a DELETE per deletion, both for a replacement. */
function writesOf(changes: readonly Change[]): string[] {
  return changes
    .flatMap((c) => {
      const name = c.target.name.toLowerCase();
      if (c.action === 'delete') return [`DELETE ${name}`];
      if (c.action === 'replace') return [`DELETE ${name}`, `PUT ${name}`];
      return [`PUT ${name}`];
    })
    .sort();
}

describe('SIGKILL at random points of a large apply, then apply again (e2e)', () => {
  // Concurrently, each seed with its own emulator and clock (vitest runs up to 5 at once).
  it.concurrent.each(SEEDS)('kill point seed %i: converges, nothing lost, nothing twice, the second report accurate', async (seed) => {
    const random = seededRandom(seed);
    const operationMs = 30 + Math.floor(random() * 300);
    const parallelism = [2, 5, 10][Math.floor(random() * 3)] ?? 10;
    const fraction = random();
    const delayMs = Math.floor(random() * 200);
    const clock = new PausableClock();
    await withEmulator({ seed: estateSeed(), throttle: false, clock, operationDurationMs: operationMs }, (emu) => killAndRerun({ seed, operationMs, parallelism, fraction, delayMs, clock, emu }));
  }, 120_000);
});

interface KillPoint {
  readonly seed: number;
  readonly operationMs: number;
  readonly parallelism: number;
  /** Where in the log to kill, as a fraction of its length. */
  readonly fraction: number;
  readonly delayMs: number;
  readonly clock: PausableClock;
  readonly emu: RunningEmulator;
}

async function killAndRerun({ seed, operationMs, parallelism, fraction, delayMs, clock, emu }: KillPoint): Promise<void> {
  const dir = workspace(false);
  writeEstateManifests(dir);
  const env = emulatorEnv(emu, dir);
  const args = ['apply', '--auto-approve', '--allow-replace', '--allow-delete', '--parallelism', String(parallelism), '--poll-interval', '10ms', '-o', 'json'];
  const about = `seed ${seed}: operations of ${operationMs} ms, parallelism ${parallelism}`;

  // 1. Start, and kill after line k of the log (+ a delay).
  const cli = startCli(args, { cwd: dir, env });
  await cli.waitFor(/^[^\n]*\n/, 20_000);
  const first = JSON.parse(cli.stdout().split('\n')[0] ?? '') as { plan: Plan };
  expect(first.plan.summary, about).toMatchObject({ create: 12, update: 8, replace: 6, delete: 5, noOp: 3 });
  const killAfter = 1 + Math.floor(fraction * (logLength(first.plan) - 2));
  const reached = await Promise.race([cli.waitFor(new RegExp(`^(?:[^\\n]*\\n){${killAfter}}`), 30_000).then(() => true), cli.done.then(() => false)]);
  if (reached) {
    await sleep(delayMs);
    cli.signal('SIGKILL');
  }
  const killed = (await cli.done).code === null;

  // 2. While operations still run, a plan reports them in progress and does not touch them.
  clock.pause();
  const running = emu.control
    .operations()
    .filter((o) => o.status === 'Running' && o.target !== undefined)
    .map((o) => lastSegment(o.target ?? ''))
    .sort();
  const during = await runCli(['plan', '-o', 'json'], { cwd: dir, env });
  expect(during.code, `${about}\n${during.stderr}`).toBe(0);
  const duringPlan = JSON.parse(during.stdout) as Plan;
  const reported = duringPlan.inProgress.map((r) => r.target.name.toLowerCase());
  // Every connection with a running operation, and nothing else, except a change that needs the
  // pair of one of them, which is held back too, saying which it waits for.
  expect(running.filter((n) => !reported.includes(n)), `${about}: running but not reported`).toEqual([]);
  for (const r of duringPlan.inProgress.filter((x) => !running.includes(x.target.name.toLowerCase()))) {
    expect(r.reason.code, `${about}: ${r.target.name}: ${r.reason.text}`).toBe('in-progress.pair-held');
    const waitsFor = /pair is held by .*\/([^/,]+), whose operation is still running/.exec(r.reason.text)?.[1]?.toLowerCase();
    expect(waitsFor !== undefined && reported.includes(waitsFor), `${about}: ${r.target.name}: ${r.reason.text}`).toBe(true);
  }
  expect(duringPlan.changes.filter((c) => reported.includes(c.target.name.toLowerCase())), about).toEqual([]);

  // 3. The service finishes what it was doing; apply again.
  clock.resume();
  emu.control.finishOperations();
  const liveBefore = new Set(emu.control.listDataConnections(ESTATE_DB).map((c) => lastSegment(c.name)));
  emu.control.clearRequests();
  const second = await runCli(args, { cwd: dir, env });
  expect(second.code, `${about}\n${second.stdout}\n${second.stderr}`).toBe(0);
  const records = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as LogRecord);
  const plan = records.find((r): r is Extract<LogRecord, { type: 'plan' }> => r.type === 'plan')?.plan;
  if (!plan) throw new Error(`${about}: the second apply printed no plan`);
  // With nothing left to do (the first run finished before the kill landed) there is no result record.
  const result = plan.changes.length === 0 ? { type: 'result', succeeded: 0, failed: 0, skipped: 0, interrupted: 0 } : records.at(-1);

  // 4. Its report is accurate: every change it planned was due, it did exactly those, and they all succeeded.
  for (const c of plan.changes) {
    const isLive = liveBefore.has(c.target.name.toLowerCase());
    expect(isLive, `${about}: ${c.action} ${c.target.name}`).toBe(c.action !== 'create');
  }
  expect(result, about).toMatchObject({ type: 'result', succeeded: plan.changes.length, failed: 0, skipped: 0, interrupted: 0 });
  const writes = emu.control
    .requests()
    .filter((r) => r.method === 'PUT' || r.method === 'DELETE')
    .map((r) => `${r.method} ${lastSegment(r.path)}`)
    .sort();
  expect(writes, about).toEqual(writesOf(plan.changes));

  // 5. The estate matches the manifests, with nothing lost and nothing twice.
  await expectConverged(emu, dir);
  const estate = checkEstate(emu);
  expect(estate, about).toMatchObject({ lost: [], duplicated: [], extra: [], notSucceeded: [], ignoredTouched: false });
  recordFigures('kills', {
    cases: 1,
    killsSurvived: killed ? 1 : 0,
    connectionsChecked: estate.connections,
    lost: estate.lost.length,
    duplicated: estate.duplicated.length,
  });
}
