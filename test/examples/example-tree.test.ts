/**
 * The one test of the example tree `manifests/`, the tree the README's first command plans and
 * applies and a user is invited to edit. Every other test reads its own copy
 * (test/fixtures/manifests), so an edit here fails this test alone, and its messages say why.
 *
 * It checks what the README promises of a fresh clone: the tree validates; against the embedded
 * emulator's shipped world (emulator/seed.yaml) it plans three creates, one update of the
 * drifted connection and one unmanaged connection left alone; `apply --emulator --auto-approve`
 * applies it and a second run says `No changes.` It also holds the tree to the template's
 * starter tree (examples/manifests-repo/manifests, what `kustodian init` writes): the README
 * shows both as one example, so they may differ only in their schema modelines.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_DIR } from '../../src/cli/output/init-files.js';
import { filesUnder, tempTrees } from '../helpers.js';
import { type BinResult, REPO_ROOT, runBin } from '../support/bin.js';

const EXAMPLE_TREE = path.join(REPO_ROOT, 'manifests');
const tree = tempTrees();
const EDITED = 'manifests/ is the example tree the README describes and the template ships; if you changed it on purpose, this test is the only one that pins it';
/** The message of a failed step: why this test exists, then what the command printed. */
const printed = (run: BinResult): string => `${EDITED}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;

describe('the example tree manifests/', () => {
  it('validates, plans against the shipped emulator world as the README says, applies to No changes, and is the template’s starter tree', async () => {
    const cwd = tree({});
    cpSync(EXAMPLE_TREE, path.join(cwd, 'manifests'), { recursive: true });

    const valid = await runBin(['validate'], { cwd });
    expect(valid.code, printed(valid)).toBe(0);
    expect(valid.stderr, printed(valid)).toBe('');

    const plan = await runBin(['plan', '--emulator'], { cwd });
    expect(plan.code, printed(plan)).toBe(0);
    expect(plan.stdout, printed(plan)).toContain('Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.');
    expect(plan.stdout, printed(plan)).toContain('~ dataFormat = "JSON" -> "CSV"');
    expect(plan.stdout, printed(plan)).toMatch(/Unmanaged \(live, not declared, left alone\):\n {2}\? \S+\/legacy-import \(EventHub\)/);
    // The shipped world holds what every example connection needs (seed.yaml says so).
    const checked = await runBin(['plan', '--emulator', '--check-prerequisites'], { cwd });
    expect(checked.stdout, printed(checked)).toMatch(/prerequisites: \d+ passed, 0 failed, 0 could not be checked/);
    expect(checked.code, printed(checked)).toBe(0);

    const applied = await runBin(['apply', '--emulator', '--auto-approve'], { cwd });
    expect(applied.code, printed(applied)).toBe(0);
    const again = await runBin(['apply', '--emulator', '--auto-approve'], { cwd });
    expect(again.code, printed(again)).toBe(0);
    expect(again.stdout, printed(again)).toContain('No changes.');

    const starter = path.join(TEMPLATE_DIR, 'manifests');
    expect(filesUnder(starter), EDITED).toEqual(filesUnder(EXAMPLE_TREE));
    for (const f of filesUnder(EXAMPLE_TREE)) {
      const depth = f.split('/').length;
      const modeline = `# yaml-language-server: $schema=${'../'.repeat(depth)}node_modules/kustodian/schemas/v1/manifest.schema.json`;
      const [first, ...rest] = readFileSync(path.join(starter, f), 'utf8').split('\n');
      expect(first, `${f}: the template's modeline points into node_modules/kustodian`).toBe(modeline);
      expect(rest.join('\n'), `${f}: ${EDITED}`).toBe(readFileSync(path.join(EXAMPLE_TREE, f), 'utf8').split('\n').slice(1).join('\n'));
    }
    // The emulator's state stays in .kustodian/ (which init's .gitignore lists), nothing else is written.
    expect(readdirSync(cwd).sort()).toEqual(['.kustodian', 'manifests']);
  });
});
