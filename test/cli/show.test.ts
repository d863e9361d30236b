/**
 * `kustodian show FILE`: a saved plan rendered as text, JSON or markdown — exactly what `plan`
 * prints for the same plan (the renderer goldens) — with no manifests and no Azure at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Plan } from '../../src/plan/model.js';
import { serialisePlanFile } from '../../src/plan/contract/plan-file.js';
import { captureIO, tempTrees } from '../helpers.js';
import { allActionsPlan, noChangesPlan } from '../render/fixtures.js';
import { runBin } from '../support/bin.js';

const GOLDEN = join(import.meta.dirname, '../render/golden');
const tree = tempTrees();

function savedPlan(plan: Plan): string {
  return tree({ 'plan.json': serialisePlanFile(plan, 'kustodian test'), 'manifests/README': 'not read' });
}

async function show(dir: string, ...args: string[]) {
  // No Azure settings at all: show must not need them.
  const io = captureIO(dir, { NO_COLOR: '1' });
  const code = await main(['node', 'kustodian', 'show', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('kustodian show', () => {
  it.each([
    ['text', 'plan.txt'],
    ['markdown', 'plan.md'],
    ['json', 'plan.json'],
  ])('-o %s prints exactly what plan prints for the same plan', async (format, golden) => {
    const dir = savedPlan(allActionsPlan());
    const r = await show(dir, 'plan.json', '-o', format);
    expect(r).toEqual({ code: 0, out: readFileSync(join(GOLDEN, 'all-actions', golden), 'utf8'), err: '' });
  });

  it('--markdown-key gives the comment its own marker', async () => {
    const r = await show(savedPlan(allActionsPlan()), 'plan.json', '-o', 'markdown', '--markdown-key', 'prod');
    expect(r.out.split('\n').slice(0, 2)).toEqual(['<!-- kustodian:plan:prod -->', '### kustodian plan: prod']);
  });

  it('--detailed-exitcode: 2 with changes, 0 without', async () => {
    expect((await show(savedPlan(allActionsPlan()), 'plan.json', '--detailed-exitcode')).code).toBe(2);
    expect((await show(savedPlan(noChangesPlan()), 'plan.json', '--detailed-exitcode')).code).toBe(0);
  });

  it('refuses a modified plan file with KD204 and a hint', async () => {
    const dir = savedPlan(allActionsPlan());
    const file = join(dir, 'plan.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"fresh"', '"edited"'));
    const r = await show(dir, 'plan.json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('plan.json:1:1: error KD204: the saved plan was modified after it was written');
    expect(r.err).toContain('hint: plan again; never edit a saved plan');
  });

  it('says what to do when the file cannot be read', async () => {
    const r = await show(tree({}), 'nope.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^kustodian: cannot read nope\.json: .*ENOENT.*\(save a plan with: kustodian plan --out FILE\)\n$/);
  });

  it('runs as the built binary', async () => {
    const dir = savedPlan(allActionsPlan());
    const r = await runBin(['show', 'plan.json', '-o', 'markdown'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: readFileSync(join(GOLDEN, 'all-actions', 'plan.md'), 'utf8'), stderr: '' });
  });
});
