/**
 * Foreign text where the user meets it, through the built CLI: a live value with a
 * bidirectional override and an @-mention in plan and drift output (text and markdown), a
 * --markdown-key that would close the marker comment, an emulator seed whose bad name carries
 * terminal escapes, and flag values echoed by error messages. Nothing reaches the terminal or
 * the pull request raw. (Every renderer on every field: test/render/hostile-text.test.ts.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNSAFE as CORE_UNSAFE } from '../../src/core/printable.js';
import { UNSAFE as EMULATOR_UNSAFE } from '../../src/emulator/format/inert.js';
import { emulatorEnv, runCli, workspace } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';
import { DC_PATH } from '../emulator/helpers.js';

/** Unsafe characters but the line feed (the output's own line breaks). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const fx = useEmulator();

describe('hostile text through the CLI', () => {
  it('a live value with U+202E and @someone: escaped in plan and drift text, escaped and not a mention in markdown', async () => {
    fx.emu().control.reset();
    const live = fx.emu().control.getDataConnection(`${DC_PATH}/storm-events-iothub`);
    expect(live).toBeDefined();
    fx.emu().control.putDataConnection(`${DC_PATH}/storm-events-iothub`, {
      kind: 'IotHub',
      properties: { ...(live?.properties ?? {}), tableName: 'Storm\u202eEvents @someone \u001b]0;pwned\u0007' },
    });
    const dir = workspace();
    const env = emulatorEnv(fx.emu(), dir);
    for (const args of [['plan'], ['plan', '-o', 'markdown'], ['drift'], ['drift', '-o', 'markdown'], ['drift', '-o', 'junit']]) {
      const run = await runCli(args, { cwd: dir, env });
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.stdout, args.join(' ')).toMatch(/Storm\\+u202eEvents/);
      expect(run.stdout.match(RAW)?.[0], args.join(' ')).toBeUndefined();
    }
    const drift = await runCli(['drift', '-o', 'markdown'], { cwd: dir, env });
    const row = drift.stdout.split('\n').find((l) => l.includes('storm-events-iothub')) ?? '';
    expect(row).toContain('@&#8203;someone');
    expect(row).not.toMatch(/@someone/);
  }, 60_000);

  it.each(['prod\n<b>x</b>', 'prod --> <img src=x>', '', '-->'])('--markdown-key %j is a usage error on one line', async (key) => {
    const dir = workspace();
    const run = await runCli(['plan', '--emulator', '-o', 'markdown', '--markdown-key', key], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^kustodian: --markdown-key must be 1 to 100 letters, digits/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 30_000);

  it('show --markdown-key is checked the same way', async () => {
    const dir = workspace();
    const run = await runCli(['show', 'plan.json', '-o', 'markdown', '--markdown-key', 'a\nb'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kustodian: --markdown-key must be/);
  });

  it('an emulator seed whose bad name carries ESC, OSC and BEL: the error shows them escaped', async () => {
    const dir = workspace(false);
    const seed = {
      subscriptions: [{ id: '00000000-0000-0000-0000-000000000000', resourceGroups: [{ name: 'rg', clusters: [{ name: 'cl\u001b]0;pwned\u0007', location: 'Nowhere\u001b[2J\u202e', databases: [] }] }] }],
    };
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
    const run = await runCli(['emulator', '--port', '0', '--seed', 'seed.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kustodian emulator: /);
    expect(run.stderr).toContain('\\u001b');
    expect(run.stderr.match(RAW)?.[0]).toBeUndefined();
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 30_000);

  it('a flag value echoed by an error (commander or kustodian) is escaped', async () => {
    const dir = workspace();
    for (const args of [['plan', '--cloud', 'x\u001b]0;pwned\u0007\n::error::forged'], ['plan', '--emulator', '--poll-interval', '1\u001b[2J\u202e\n::error::forged']]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr.match(RAW)?.[0]).toBeUndefined();
      expect(run.stderr).not.toMatch(/^::error::/m);
    }
  }, 30_000);

  it('the emulator escapes what the reconciler escapes', () => {
    expect(EMULATOR_UNSAFE.source).toBe(CORE_UNSAFE.source);
  });
});
