/**
 * A saved plan is decoded strictly before it is shown or applied: a file whose checksum matches
 * (anyone can compute one) but whose body breaks schemas/v1/plan.schema.json, names a change
 * twice, waits for a change it does not hold, or whose changes wait for each other in a loop is
 * refused with a KD code — never cast to a Plan and handed to the applier (a loop made it recurse
 * until "RangeError: Maximum call stack size exceeded").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../../src/plan/fingerprint.js';
import { runCli, workspace } from '../support/cli.js';

type Json = Record<string, unknown>;

let dir: string;
let saved: Json;

beforeAll(async () => {
  dir = workspace();
  const run = await runCli(['plan', '--emulator', '--out', 'plan.json'], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Json;
}, 30_000);

/** The saved plan with its body edited and its checksum made to match again. */
function forged(name: string, edit: (plan: Json & { changes: Json[] }) => void): string {
  const file = structuredClone(saved) as Json & { plan: Json & { changes: Json[] } };
  edit(file.plan);
  file['integrity'] = `sha256:${sha256(canonicalJson(file.plan))}`;
  writeFileSync(join(dir, name), JSON.stringify(file, null, 2));
  return name;
}

describe('a forged saved plan', () => {
  it('has at least two changes to forge with', () => {
    expect((saved['plan'] as { changes: unknown[] }).changes.length).toBeGreaterThanOrEqual(2);
  });

  it('whose changes wait for each other in a loop is refused with KD205, and nothing is written', async () => {
    const file = forged('loop.json', (plan) => {
      const [a, b] = plan.changes as [Json, Json];
      a['dependsOn'] = [b['address']];
      b['dependsOn'] = [a['address']];
    });
    const before = readFileSync(join(dir, '.kustodian/emulator-state.json'), 'utf8');
    const run = await runCli(['apply', '--emulator', '--plan', file, '--auto-approve'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('RangeError');
    expect(run.stderr).toMatch(/^loop\.json:1:1: error KD205: the saved plan's changes wait for each other in a loop, so no order works: (\S+) -> \S+ -> \1$/m);
    expect(readFileSync(join(dir, '.kustodian/emulator-state.json'), 'utf8')).toBe(before);
    const shown = await runCli(['show', file], { cwd: dir });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('error KD205');
  }, 30_000);

  it('a loop of one change waiting for itself too', async () => {
    const file = forged('self.json', (plan) => {
      const a = plan.changes[0] as Json;
      a['dependsOn'] = [a['address']];
    });
    const run = await runCli(['apply', '--emulator', '--plan', file, '--auto-approve'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error KD205: .*loop/);
  }, 30_000);

  it.each<[string, (plan: Json & { changes: Json[] }) => void, RegExp]>([
    ['an unknown action', (p) => void ((p.changes[0] as Json)['action'] = 'explode'), /KD204: the saved plan is not a plan of format version 2: \/changes\/0\/action must be equal to one of the allowed values/],
    ['a field the schema does not know', (p) => void (p['extra'] = true), /KD204: the saved plan is not a plan of format version 2: \/ must NOT have additional properties/],
    ['a change without dependsOn', (p) => void delete (p.changes[0] as Json)['dependsOn'], /KD204: .*\/changes\/0 must have required property 'dependsOn'/],
    ['dependsOn that is not a list of strings', (p) => void ((p.changes[0] as Json)['dependsOn'] = [1]), /KD204: .*\/changes\/0\/dependsOn\/0 must be string/],
    ['a dependency on a change it does not hold', (p) => void ((p.changes[0] as Json)['dependsOn'] = ['sub/rg/cluster/db/ghost']), /KD204: the saved plan's change of \S+ waits for sub\/rg\/cluster\/db\/ghost, which the plan does not change/],
    ['the same change twice', (p) => void p.changes.push(p.changes[0] as Json), /KD204: the saved plan holds two changes of /],
  ])('with %s is refused with KD204 before anything is written', async (_, edit, message) => {
    const file = forged('forged.json', edit);
    const run = await runCli(['apply', '--emulator', '--plan', file, '--auto-approve'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('hint: plan again');
  }, 30_000);

  it('saved by the previous kustodian (format version 1) is refused with KD204, naming the version and saying to plan again', async () => {
    writeFileSync(join(dir, 'old.json'), readFileSync(join(import.meta.dirname, '../plan/fixtures/saved-plan-v1.json'), 'utf8'));
    const before = readFileSync(join(dir, '.kustodian/emulator-state.json'), 'utf8');
    const run = await runCli(['apply', '--emulator', '--plan', 'old.json', '--auto-approve'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('old.json:1:1: error KD204: the saved plan has format version 1 (written by kustodian 0.1.0); this kustodian reads version 2 only');
    expect(run.stderr).toContain('hint: saved plans are not converted between versions: plan again with this kustodian (`kustodian plan --out FILE`)');
    expect(readFileSync(join(dir, '.kustodian/emulator-state.json'), 'utf8')).toBe(before);
  }, 30_000);
});
