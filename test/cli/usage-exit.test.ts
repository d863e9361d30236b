/**
 * A usage error ends the process promptly, whatever the command has started by then: the
 * embedded emulator's server (or any other handle) must not keep it alive after the message.
 * Each case runs the built CLI and kills it if it is still there after 20 s.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, workspace } from '../support/cli.js';

const BIN = join(ROOT, 'bin/kustodian.js');
const GIVE_UP_MS = 20_000;

function runBounded(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let hung = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, GIVE_UP_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stderr, hung });
    });
  });
}

const DB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/mykustocluster/databases/mykustodatabase';

describe('a usage error exits promptly', () => {
  it.each([
    [['plan', '--emulator', '--poll-interval', '0s'], /--poll-interval must be longer than zero, got "0s"; e.g. --poll-interval 30s/],
    [['plan', '--emulator', '--poll-interval', '-5'], /--poll-interval must be a duration such as 30s, 10m, 1h or 1h30m \(units ms, s, m, h, d\), got "-5"; e.g. --poll-interval 30s/],
    [['plan', '--emulator', '--poll-interval', ''], /--poll-interval must be a duration such as .*, got ""/],
    [['drift', '--emulator', '--poll-interval', 'x'], /--poll-interval must be/],
    [['apply', '--emulator', '--dry-run', '--poll-interval', '0'], /--poll-interval must be/],
    [['reconcile', '--emulator', '--poll-interval', '0'], /--poll-interval must be/],
    [['export', '--emulator', '--database', DB, '-o', 'yaml', '--poll-interval', '0'], /--poll-interval must be/],
  ])('%j', async (args, message) => {
    const run = await runBounded(args, workspace());
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  }, 30_000);

  it('the emulator command, when it cannot write its CA file after it started listening', async () => {
    const dir = workspace(false);
    writeFileSync(join(dir, 'blocker'), 'a file where a directory is wanted');
    const run = await runBounded(['emulator', '--port', '0', '--ca-file', 'blocker/ca.pem'], dir);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kustodian emulator: .*blocker/);
  }, 30_000);
});
