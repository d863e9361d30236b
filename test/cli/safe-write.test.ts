/**
 * No writer follows a symbolic link out of the directory it writes in: export (see
 * test/export/cli.test.ts), `plan --out`, `drift --out`, `report merge --out`,
 * `reconcile --report`, and the emulator's state, TLS and CA files. One module (src/fs/safe-write.ts)
 * with one table of cases, then each writer through the built CLI.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as copy from '../../src/fs/safe-write.js';
import { ROOT, runCli, workspace } from '../support/cli.js';

function scratch(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'kustodian-safe-'));
  mkdirSync(join(base, 'root'));
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'precious'), 'not yours\n');
  return { root: join(base, 'root'), outside: join(base, 'outside') };
}

type Setup = (s: { root: string; outside: string }) => void;

const REFUSED: readonly [string, Setup, string][] = [
  ['the file is a link to a file outside', (s) => symlinkSync(join(s.outside, 'precious'), join(s.root, 'f')), 'f'],
  ['the file is a dangling link (its target would be created wherever it points)', (s) => symlinkSync(join(s.outside, 'new'), join(s.root, 'f')), 'f'],
  ['the file is a relative link climbing out', (s) => symlinkSync('../outside/precious', join(s.root, 'f')), 'f'],
  ['a folder on the way is a link to a folder outside', (s) => symlinkSync(s.outside, join(s.root, 'd')), 'd/precious'],
  ['a folder on the way is a link to a folder outside, the file new', (s) => symlinkSync(s.outside, join(s.root, 'd')), 'd/new'],
  ['a link inside leads to a link outside', (s) => (symlinkSync(join(s.outside, 'precious'), join(s.root, 'a')), symlinkSync(join(s.root, 'a'), join(s.root, 'f'))), 'f'],
];

describe('src/fs/safe-write.ts', () => {
  it.each(REFUSED)('refuses when %s, and writes nothing outside', (_what, setup, file) => {
    const s = scratch();
    setup(s);
    expect(() => copy.writeFileInside(s.root, join(s.root, file), 'written\n')).toThrow(copy.UnsafePathError);
    expect(readFileSync(join(s.outside, 'precious'), 'utf8')).toBe('not yours\n');
    expect(readdirSync(s.outside).sort()).toEqual(['precious']);
  });

  it('writes a new file in new folders', () => {
    const s = scratch();
    copy.writeFileInside(s.root, join(s.root, 'a/b/f'), 'written\n');
    expect(readFileSync(join(s.root, 'a/b/f'), 'utf8')).toBe('written\n');
    expect(readdirSync(join(s.root, 'a/b'))).toEqual(['f']);
  });

  it('follows links that stay inside: the link is kept, its target rewritten', () => {
    const s = scratch();
    mkdirSync(join(s.root, 'real'));
    writeFileSync(join(s.root, 'real/f'), 'old\n');
    symlinkSync(join(s.root, 'real'), join(s.root, 'alias'));
    symlinkSync('real/f', join(s.root, 'f'));
    copy.writeFileInside(s.root, join(s.root, 'alias/f'), 'one\n');
    expect(readFileSync(join(s.root, 'real/f'), 'utf8')).toBe('one\n');
    copy.writeFileInside(s.root, join(s.root, 'f'), 'two\n');
    expect(lstatSync(join(s.root, 'f')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(s.root, 'real/f'), 'utf8')).toBe('two\n');
  });

  it('never writes through a link planted at the temporary file name, and sets the mode asked for', () => {
    const s = scratch();
    copy.writeFileInside(s.root, join(s.root, 'key'), 'secret\n', { mode: 0o600 });
    expect(statSync(join(s.root, 'key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(s.root)).toEqual(['key']);
  });

  it('refuses a directory in the place of the file', () => {
    const s = scratch();
    mkdirSync(join(s.root, 'f'));
    expect(() => copy.writeFileInside(s.root, join(s.root, 'f'), 'x')).toThrow(/exists and is not a regular file/);
  });
});

describe('each writer, through the CLI', () => {
  function linked(dir: string, name: string): string {
    const outside = mkdtempSync(join(tmpdir(), 'kustodian-outside-'));
    writeFileSync(join(outside, 'precious'), 'not yours\n');
    symlinkSync(join(outside, 'precious'), join(dir, name));
    return join(outside, 'precious');
  }

  it.each([
    ['plan --out', ['plan', '--emulator', '--out', 'plan.json'], 'plan.json', /^kustodian: --out plan\.json: .*plan\.json is a symbolic link to .*precious, outside .*: nothing is written through it/],
    ['drift --out', ['drift', '--emulator', '--out', 'drift.json'], 'drift.json', /^kustodian: --out drift\.json: .*symbolic link/],
    ['reconcile --report', ['reconcile', '--emulator', '--report', 'report.json'], 'report.json', /^kustodian: --report report\.json: .*symbolic link/],
  ])('%s refuses a link out, before anything runs', async (_, args, name, message) => {
    const dir = workspace();
    const target = linked(dir, name);
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(readFileSync(target, 'utf8')).toBe('not yours\n');
    expect(existsSync(join(dir, '.kustodian'))).toBe(false);
  }, 30_000);

  it('report merge --out refuses a link out', async () => {
    const dir = workspace();
    const drift = await runCli(['drift', '--emulator', '-o', 'json'], { cwd: dir });
    writeFileSync(join(dir, 'a.json'), drift.stdout);
    const target = linked(dir, 'merged.json');
    const run = await runCli(['report', 'merge', 'a.json', '--out', 'merged.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kustodian: --out merged\.json: .*symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('not yours\n');
  }, 30_000);

  it.each([
    ['--state', ['--state', 'state.json'], 'state.json'],
    ['--state (its TLS file)', ['--state', 'state.json'], 'state.tls.json'],
    ['--ca-file', ['--ca-file', 'ca.pem'], 'ca.pem'],
  ])('the emulator refuses a link out as its %s, and exits', async (_, args, name) => {
    const dir = workspace(false);
    const target = linked(dir, name);
    const run = await runCli(['emulator', '--port', '0', ...args], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kustodian emulator: .*is a symbolic link to .*precious, outside/);
    expect(readFileSync(target, 'utf8')).toBe('not yours\n');
  }, 30_000);
});
