/**
 * `--debug` and KUSTODIAN_LOG=debug on the built CLI against the embedded emulator: each HTTP
 * request and its answer on stderr, redacted; nothing of it without them.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, workspace } from '../support/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = workspace();
  dirs.push(d);
  return d;
}

const REQUEST = /^kustodian debug: → GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^?\s]+\/dataConnections\?api-version=\d{4}-\d{2}-\d{2}$/m;
const ANSWER = /^kustodian debug: ← 200 GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^?\s]+\/dataConnections\?api-version=\d{4}-\d{2}-\d{2} \d+ms \(x-ms-request-id [\w-]+\)$/m;

describe('--debug', () => {
  it.each([
    ['--debug', ['plan', '--emulator', '--debug'], {}],
    ['KUSTODIAN_LOG=debug', ['plan', '--emulator'], { KUSTODIAN_LOG: 'debug' }],
  ])('%s logs each request and its answer on stderr; stdout is the plan as without it', async (_, args, env) => {
    const cwd = dir();
    const run = await runCli(args, { cwd, env: { ...env, AZURE_CLIENT_SECRET: 'not-a-real-secret-1234' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(REQUEST);
    expect(run.stderr).toMatch(ANSWER);
    expect(run.stderr).not.toMatch(/authorization|bearer|not-a-real-secret/i);
    expect(run.stdout).not.toContain('kustodian debug:');
    const quiet = await runCli(['plan', '--emulator'], { cwd });
    expect(quiet.stderr).not.toContain('kustodian debug:');
    expect(run.stdout).toBe(quiet.stdout);
  }, 60_000);
});
