/**
 * The emulator (ARM's front door) restarts in the middle of a large apply, keeping its state in
 * a file, as the service keeps its own: operations in flight go on. Back on the same port, the
 * apply rides it out; on a new port (the endpoint the apply uses is gone for good), the apply
 * reports every unfinished change as failed, and a second apply against the new endpoint
 * converges. Both cases check the report against what the service really did.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { PublicPlan as Plan } from '../../src/plan/contract/types.js';
import { emulatorEnv, runCli, startCli, workspace } from '../support/cli.js';
import { expectConverged } from '../support/converge.js';
import { ESTATE_DB, checkEstate, estateSeed, writeEstateManifests } from '../support/estate.js';
import { recordFigures } from '../support/figures.js';

type Outcome = { address: string; action: string; outcome: { status: string; error?: { message: string }; reason?: { kind: string } } };
type LogRecord = { type: 'plan'; plan: Plan } | { type: 'result'; results: Outcome[]; succeeded: number; failed: number } | { type: string };

const OPTIONS = { seed: estateSeed(), throttle: false as const, operationDurationMs: 400 };
const ARGS = ['apply', '--auto-approve', '--allow-replace', '--allow-delete', '--parallelism', '40', '--concurrency', '40', '--poll-interval', '10ms', '-o', 'json'];

function records(stdout: string): LogRecord[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as LogRecord);
}

function resultOf(stdout: string): Extract<LogRecord, { type: 'result' }> {
  const result = records(stdout).at(-1);
  if (result?.type !== 'result') throw new Error(`no result record in:\n${stdout}`);
  return result as Extract<LogRecord, { type: 'result' }>;
}

/** Starts an apply, and once `lines` log lines are out, stops the emulator and starts it again on the same state file. */
async function applyAcrossRestart(samePort: boolean, extra: readonly string[]) {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'kustodian-restart-')), 'state.json');
  const first = await startEmulator({ ...OPTIONS, stateFile });
  const dir = workspace(false);
  writeEstateManifests(dir);
  const cli = startCli([...ARGS, ...extra], { cwd: dir, env: emulatorEnv(first, dir) });
  // The plan, then a dozen events: writes accepted, operations running.
  await cli.waitFor(/^(?:[^\n]*\n){12}/, 30_000);
  await first.stop();
  await sleep(200);
  const second: RunningEmulator = await startEmulator({ ...OPTIONS, stateFile, ...(samePort ? { port: first.port } : {}) });
  return { dir, second, run: await cli.done };
}

describe('the emulator restarts mid-apply (e2e)', () => {
  it.concurrent('back on the same port: the apply rides out the restart and completes', async () => {
    const { dir, second, run } = await applyAcrossRestart(true, []);
    try {
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(resultOf(run.stdout)).toMatchObject({ succeeded: 31, failed: 0 });
      await expectConverged(second, dir);
      expect(checkEstate(second)).toMatchObject({ lost: [], duplicated: [], extra: [], notSucceeded: [], ignoredTouched: false });
      recordFigures('restart', { cases: 1, faultsInjected: 1 });
    } finally {
      await second.stop();
    }
  });

  it.concurrent('on a new port: every unfinished change is reported failed; the next apply converges', async () => {
    const { dir, second, run } = await applyAcrossRestart(false, ['--operation-timeout', '3s']);
    try {
      expect(run.code).toBe(1);
      const result = resultOf(run.stdout);
      expect(result.failed).toBeGreaterThan(0);
      // The report is accurate: what it calls succeeded is done on the service.
      const live = new Map(second.control.listDataConnections(ESTATE_DB).map((c) => [(c.name.split('/').pop() ?? '').toLowerCase(), c]));
      second.control.finishOperations();
      for (const r of result.results) {
        const name = (r.address.split('/').pop() ?? '').toLowerCase();
        if (r.outcome.status === 'succeeded') expect(live.has(name), `${r.action} ${name}`).toBe(r.action !== 'delete');
        // Not done: failed (the endpoint is gone), or skipped because what it waits for failed.
        else expect(['failed', 'skipped'], `${name}: ${JSON.stringify(r.outcome)}`).toContain(r.outcome.status);
        if (r.outcome.status === 'failed') expect(r.outcome.error?.message).toMatch(/did not finish within 3 s; it may still be running on the service/);
      }
      const again = await runCli(ARGS, { cwd: dir, env: emulatorEnv(second, dir) });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      await expectConverged(second, dir);
      expect(checkEstate(second)).toMatchObject({ lost: [], duplicated: [], extra: [], notSucceeded: [], ignoredTouched: false });
      recordFigures('restart', { cases: 1, faultsInjected: 1 });
    } finally {
      await second.stop();
    }
  });
});
