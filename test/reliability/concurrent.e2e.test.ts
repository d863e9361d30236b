/**
 * Two applies of two different manifest trees, started at once on the same estate (what a CI
 * without a concurrency group can do). Neither run knows of the other: writes to one connection
 * serialize on the service (a write while another operation runs answers 409, which kustodian
 * retries), a change planned against a state the other run has since moved may be refused and
 * is reported as failed. Whatever the interleaving, each connection ends as one of the two trees
 * declares it — never a mix, never lost — and a re-run of either tree converges to it.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/model.js';
import { emulatorEnv, runCli, workspace } from '../support/cli.js';
import { expectConverged, planFor } from '../support/converge.js';
import { useEmulator } from '../support/emulator.js';
import { DECLARED_NAMES, checkEstate, estateSeed, writeEstateManifests } from '../support/estate.js';
import { fullRun, recordFigures } from '../support/figures.js';

const fx = useEmulator({ seed: estateSeed(), throttle: false });
const ROUNDS = fullRun() ? 10 : 1;

const ARGS = ['apply', '--auto-approve', '--allow-replace', '--allow-delete', '--poll-interval', '10ms'];

/** Connection names (lower case) the plan would change or finds still running. */
function touched(plan: Plan): Set<string> {
  return new Set([...plan.changes.map((c) => c.target.name.toLowerCase()), ...plan.inProgress.map((r) => r.target.name.toLowerCase())]);
}

describe('two applies at once (e2e)', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i))('round %i: every connection ends as one of the two trees; a re-run of either converges', async (round) => {
    const emu = fx.emu();
    emu.control.loadSeed(estateSeed());
    emu.control.setOperationDuration(50 + round * 30);
    const dir = workspace(false);
    writeEstateManifests(dir, { root: 'a' });
    // Tree b wants other values everywhere: another data format, another table for Cosmos DB,
    // and the replacements' old consumer groups kept (so a's replacement is b's update).
    writeEstateManifests(dir, {
      root: 'b',
      change: (c, declared) => {
        if (c.kind === 'CosmosDb') return { ...declared, tableName: 'StormEvents' };
        const consumerGroup = c.role === 'replace' ? `cg-${c.name}-old` : declared['consumerGroup'] ?? '';
        return { ...declared, consumerGroup, dataFormat: 'TXT' };
      },
    });
    const env = emulatorEnv(emu, dir);
    const [a, b] = await Promise.all([runCli([...ARGS, 'a'], { cwd: dir, env }), runCli([...ARGS, 'b'], { cwd: dir, env })]);
    for (const run of [a, b]) {
      expect([0, 1], run.stderr).toContain(run.code);
      // Anything not done is reported, never passed over in silence.
      if (run.code === 1) expect(run.stdout, run.stderr).toMatch(/Apply incomplete: .* [1-9]\d* failed/);
    }
    emu.control.finishOperations();

    const planA = await planFor(emu, dir, ['a']);
    const planB = await planFor(emu, dir, ['b']);
    const differsFromA = touched(planA);
    const differsFromB = touched(planB);
    const mixed = DECLARED_NAMES.filter((n) => differsFromA.has(n) && differsFromB.has(n));
    expect(mixed, `connections matching neither tree\n${a.stdout}\n${b.stdout}`).toEqual([]);
    expect(checkEstate(emu)).toMatchObject({ lost: [], duplicated: [], extra: [], ignoredTouched: false });

    for (const tree of ['a', 'b']) {
      const again = await runCli([...ARGS, tree], { cwd: dir, env });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      await expectConverged(emu, dir, [tree]);
    }
    recordFigures('concurrent', { cases: 1, connectionsChecked: DECLARED_NAMES.length });
  }, 120_000);
});
