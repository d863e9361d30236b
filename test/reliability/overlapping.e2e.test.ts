/**
 * Several applies of one tree started at once (a CI re-run while the first run still works,
 * two pipelines on one branch). Every run wants the same end state, so every change either
 * does its part or finds it done by another run: none may be reported as failed. Before the
 * fix, a run whose create had succeeded reported `create failed: 404 ResourceNotFound` when
 * another run's replacement deleted the new connection before the final read of the create.
 */
import { describe, expect, it } from 'vitest';
import { emulatorEnv, runCli, workspace } from '../support/cli.js';
import { expectConverged } from '../support/converge.js';
import { useEmulator } from '../support/emulator.js';
import { checkEstate, estateSeed, writeEstateManifests } from '../support/estate.js';

const fx = useEmulator({ seed: estateSeed(), throttle: false });
const RUNS = 3;
const ROUNDS = 3;

const ARGS = ['apply', '--auto-approve', '--allow-replace', '--allow-delete', '--poll-interval', '10ms', 'manifests'];

describe('overlapping applies of one tree (e2e)', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i))('round %i: no run reports a failure another run caused, and the estate converges', async (round) => {
    const emu = fx.emu();
    emu.control.loadSeed(estateSeed());
    emu.control.setOperationDuration(40 + round * 40);
    const dir = workspace(false);
    writeEstateManifests(dir);
    const env = emulatorEnv(emu, dir);
    const runs = await Promise.all(Array.from({ length: RUNS }, () => runCli(ARGS, { cwd: dir, env })));
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toMatch(/ResourceNotFound|\b404\b/);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    }
    emu.control.finishOperations();
    expect(checkEstate(emu)).toMatchObject({ lost: [], duplicated: [], extra: [], ignoredTouched: false });
    await expectConverged(emu, dir, ['manifests']);
  }, 120_000);
});
