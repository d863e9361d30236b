/**
 * The action's runner (action/run.mjs) on its own: how it splits the `command` input, what it
 * says when kustodian is not installed, and that text kustodian prints cannot break out of the
 * job summary's code block. The whole action runs in test/examples/github-flow.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bin.js';
// @ts-expect-error: a plain ESM script without type declarations
import { optionValue, splitWords } from '../../action/run.mjs';

const split = splitWords as (line: string) => string[];
const option = optionValue as (args: string[], ...flags: string[]) => string | undefined;
const RUN = path.join(REPO_ROOT, 'action', 'run.mjs');

/** Runs action/run.mjs in `dir` as the action's step does; returns its result and the files it wrote. */
function runAction(dir: string, command: string): { code: number | null; out: string; summary: string; outputs: string } {
  const summary = path.join(dir, 'summary.md');
  const outputs = path.join(dir, 'outputs');
  writeFileSync(summary, '');
  writeFileSync(outputs, '');
  const r = spawnSync(process.execPath, [RUN], {
    cwd: dir,
    env: { PATH: process.env['PATH'], KUSTODIAN_ACTION_COMMAND: command, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs, RUNNER_TEMP: dir },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr, summary: readFileSync(summary, 'utf8'), outputs: readFileSync(outputs, 'utf8') };
}

/** A directory whose node_modules/.bin/kustodian prints `text` and exits with `code`. */
function installedPrinting(text: string, code: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-action-'));
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  const bin = path.join(dir, 'node_modules', '.bin', 'kustodian');
  writeFileSync(bin, `#!/usr/bin/env node\nprocess.stdout.write(${JSON.stringify(text)});\nprocess.exitCode = ${code};\n`);
  chmodSync(bin, 0o755);
  return dir;
}

describe('action/run.mjs', () => {
  it('splits the command as a shell would, without expanding anything', () => {
    expect(split(`plan --out 'my plan.json' --target "legacy-*" -o markdown`)).toEqual(['plan', '--out', 'my plan.json', '--target', 'legacy-*', '-o', 'markdown']);
    expect(split('apply --plan $(rm -rf /) `id` $HOME')).toEqual(['apply', '--plan', '$(rm', '-rf', '/)', '`id`', '$HOME']);
    expect(split(`a\\ b "c \\"d\\"" ''`)).toEqual(['a b', 'c "d"', '']);
    expect(() => split(`plan --out 'x`)).toThrow(/unterminated '/);
  });

  it('finds option values in every spelling', () => {
    expect(option(['plan', '--out', 'p.json'], '--out')).toBe('p.json');
    expect(option(['plan', '--out=p.json'], '--out')).toBe('p.json');
    expect(option(['drift', '-omarkdown'], '-o', '--output')).toBe('markdown');
    expect(option(['drift'], '-o', '--output')).toBeUndefined();
  });

  it('says how to install kustodian when the repository has not', () => {
    const r = runAction(mkdtempSync(path.join(tmpdir(), 'kustodian-action-')), 'plan');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/::error title=kustodian is not installed::.*npm install --save-dev --save-exact kustodian/);
  });

  it('refuses an empty command', () => {
    const r = runAction(installedPrinting('', 0), '   ');
    expect(r.code).toBe(1);
    expect(r.out).toContain('The `command` input is empty');
  });

  it('keeps text output inside a fence longer than any backtick run in it, and passes exit code 2 as has-changes', () => {
    const hostile = 'drifted: ````\n</details>\n@someone\n';
    const r = runAction(installedPrinting(hostile, 2), 'drift');
    expect(r.code).toBe(0);
    expect(r.summary).toBe(`### kustodian drift\n\n\`\`\`\`\`text\n${hostile}\`\`\`\`\`\n`);
    expect(r.outputs).toMatch(/^exitcode=2\nhas-changes=true\nmarkdown=\nstdout=.*\nstderr=.*\n$/);
  });

  it('fails the step on exit code 1 and puts the error in the summary', () => {
    const r = runAction(installedPrinting('', 1), 'validate');
    expect(r.code).toBe(1);
    expect(r.summary).toContain('**kustodian validate failed (exit code 1)**');
    expect(r.outputs).toContain('exitcode=1\nhas-changes=false\n');
  });
});
