/**
 * `kustodian completion bash|zsh|fish`: scripts generated from the program. bash is checked by
 * bash itself: the script parses (`bash -n`), and, sourced in a bash child, completes words as a
 * user's TAB would (COMP_WORDS / COMP_CWORD set, the function called, COMPREPLY read). zsh and
 * fish are checked by their own parsers when installed; fish also by its `complete -C`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { completionModel, completionScript } from '../../src/cli/help/completion.js';
import { buildProgram, main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'kustodian-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { io: { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir }, out: () => out };
}

async function scriptFor(shell: string): Promise<string> {
  const c = io();
  expect(await main(['node', 'kustodian', 'completion', shell], c.io)).toBe(0);
  const file = join(dir, `kustodian.${shell}`);
  writeFileSync(file, c.out());
  return file;
}

const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
/** A test's title, saying why it is skipped when the shell is missing. */
const needing = (shell: string, title: string): string => (has(shell) ? title : `${title} (skipped: ${shell} is not installed)`);

/** What bash offers for the words typed so far (the last one is being completed). */
function bashComplete(script: string, words: readonly string[]): string[] {
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _kustodian; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    encoding: 'utf8',
    cwd: dir,
  });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('bash', () => {
  it('the script is valid bash', async () => {
    const r = spawnSync('bash', ['-n', await scriptFor('bash')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    [['kustodian', 'pl'], ['plan']],
    [['kustodian', 're'], ['render', 'reconcile', 'report']],
    [['kustodian', 'report', 'm'], ['merge']],
    [['kustodian', 'plan', '-o', ''], ['text', 'json', 'markdown']],
    [['kustodian', 'plan', '--output', 'm'], ['markdown']],
    [['kustodian', 'report', 'merge', '-o', 'j'], ['json', 'junit']],
    [['kustodian', 'export', '-o', ''], ['files', 'yaml']],
    [['kustodian', 'drift', '--cloud', 'u'], ['usgov']],
    [['kustodian', 'completion', ''], ['bash', 'zsh', 'fish']],
    [['kustodian', 'apply', '--no-c'], ['--no-color']],
    [['kustodian', 'reconcile', '--deb'], ['--debug']],
    [['kustodian', 'plan', '--ou'], ['--output', '--out']],
    // Old spellings are accepted for a version, but not offered.
    [['kustodian', 'apply', '--log-'], []],
    [['kustodian', 'export', '--std'], []],
  ])('%j completes to %j', async (words, expected) => {
    expect(bashComplete(await scriptFor('bash'), words).sort()).toEqual([...expected].sort());
  });

  it('a value without choices, and a path, are left to bash: file names', async () => {
    const script = await scriptFor('bash');
    expect(bashComplete(script, ['kustodian', 'plan', '--out', ''])).toEqual([]);
    expect(bashComplete(script, ['kustodian', 'plan', ''])).toEqual([]);
    expect(await scriptFor('bash').then((f) => spawnSync('bash', ['-c', `source '${f}'; complete -p kustodian`], { encoding: 'utf8' }).stdout)).toBe('complete -o default -F _kustodian kustodian\n');
  });

  it('knows every command the program has, and every visible option of each', async () => {
    const program = await buildProgram(io().io, () => undefined);
    const script = await scriptFor('bash');
    for (const c of completionModel(program)) {
      for (const sub of c.subcommands) expect(bashComplete(script, ['kustodian', ...c.path, sub])).toContain(sub);
      const offered = bashComplete(script, ['kustodian', ...c.path, '-']);
      expect(offered.sort()).toEqual(c.options.flatMap((o) => o.names).filter((n) => n.startsWith('-')).sort());
    }
  });
});

describe('zsh', () => {
  it.skipIf(!has('zsh'))(needing('zsh', 'the script is valid zsh'), async () => {
    const r = spawnSync('zsh', ['-n', await scriptFor('zsh')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!has('zsh'))(needing('zsh', 'sourced in zsh, it registers the completion'), async () => {
    const r = spawnSync('zsh', ['-f', '-c', `source '${await scriptFor('zsh')}' && print -r -- $_comps[kustodian]`], { encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: dir } });
    expect(r.stdout.trim()).toBe('_bash_complete -o default -F _kustodian');
  });
});

describe('fish', () => {
  it.skipIf(!has('fish'))(needing('fish', 'the script is valid fish'), async () => {
    const r = spawnSync('fish', ['-n', await scriptFor('fish')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!has('fish'))(needing('fish', 'sourced in fish, it completes commands, nested commands and choices'), async () => {
    const script = await scriptFor('fish');
    const complete = (line: string): string[] =>
      spawnSync('fish', ['--no-config', '-c', `source '${script}'; complete -C '${line}'`], { encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: dir } })
        .stdout.split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')[0] ?? '');
    expect(complete('kustodian pl')).toEqual(['plan']);
    expect(complete('kustodian report m')).toEqual(['merge']);
    expect(complete('kustodian plan -o ').sort()).toEqual(['json', 'markdown', 'text']);
    expect(complete('kustodian completion ').sort()).toEqual(['bash', 'fish', 'zsh']);
  });
});

describe('the generator', () => {
  it('refuses a name it could not write into a script safely, rather than quoting it wrong', () => {
    const bad = new Command('kustodian');
    bad.command('plan').addOption(new Option('--format <f>', 'f').choices(['a b']));
    expect(() => completionScript(bad, 'bash')).toThrow(/cannot complete a value of --format "a b"/);
  });
});
