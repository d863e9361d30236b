/**
 * A second, independent client: Debian's Python SDK (python3-azure: azure-mgmt-kusto 3.1.0b1,
 * which imports only with /usr/bin/python3) against a standalone `kustodian emulator` started
 * from the built CLI, at the SDK's default api-version (2022-11-11) and at 2023-08-15, and the
 * seed article's Python sample. The Python scripts are in this folder.
 *
 * When python3-azure cannot be imported the suite fails, unless KUSTODIAN_SKIP_PYTHON=1 says to
 * skip it; then it is skipped loudly: a line on stderr now, and "NOT RUN: ..." in the summary
 * line of the run (test/support/summary-reporter.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startBin, type RunningBin } from '../support/bin.js';

/** Debian's interpreter: python3-azure installs into its dist-packages only. KUSTODIAN_PYTHON overrides it. */
const PYTHON = process.env['KUSTODIAN_PYTHON'] ?? '/usr/bin/python3';
const HERE = path.join(REPO_ROOT, 'test', 'python');

function sdkImportProblem(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import azure.mgmt.kusto, azure.core'], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString('utf8').trim().split('\n').pop();
    return stderr ?? (e instanceof Error ? e.message : String(e));
  }
}

const problem = sdkImportProblem();
const skip = problem !== undefined && process.env['KUSTODIAN_SKIP_PYTHON'] === '1';

if (skip) {
  process.stderr.write(
    `\n!!! KUSTODIAN_SKIP_PYTHON=1: the Python SDK suite (second client) did NOT run: ${PYTHON} cannot import azure.mgmt.kusto (${problem}).\n` +
      '!!! Install it with: apt-get install python3-azure\n\n',
  );
}

interface PyRun {
  readonly code: number | null;
  readonly output: string;
}

function runPython(script: string, env: Record<string, string>): Promise<PyRun> {
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, [script], { cwd: HERE, env: { PATH: process.env['PATH'] ?? '', PYTHONDONTWRITEBYTECODE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe.skipIf(skip)('Debian python3-azure (azure-mgmt-kusto 3.1.0b1) against a standalone kustodian emulator', () => {
  let dir = '';
  let emulator: RunningBin | undefined;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    if (problem !== undefined) return;
    dir = mkdtempSync(path.join(tmpdir(), 'kustodian-py-'));
    const caFile = path.join(dir, 'ca.pem');
    emulator = startBin(['emulator', '--port', '0', '--operation-duration', '0ms', '--seed', path.join(HERE, 'article-world.yaml'), '--ca-file', caFile], { cwd: dir });
    const started = Date.now();
    let endpoint: string | undefined;
    while (endpoint === undefined) {
      endpoint = /listening on (https:\/\/\S+)/.exec(emulator.stdout())?.[1];
      if (endpoint !== undefined) break;
      if (emulator.child.exitCode !== null) throw new Error(`kustodian emulator exited: ${emulator.stderr()}`);
      if (Date.now() - started > 20_000) throw new Error(`kustodian emulator did not start in 20 s: ${emulator.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    env = { KUSTODIAN_ENDPOINT: endpoint, KUSTODIAN_CA_FILE: caFile };
  });

  afterAll(async () => {
    if (emulator !== undefined && emulator.child.exitCode === null) {
      emulator.child.kill('SIGTERM');
      await emulator.exited;
    }
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** A call of the emulator's control API (no authentication). */
  function control(method: string, what: string): Promise<string> {
    const url = new URL(`/_emulator/${what}`, env['KUSTODIAN_ENDPOINT']);
    const ca = readFileSync(env['KUSTODIAN_CA_FILE'] ?? '', 'utf8');
    return new Promise((done, fail) => {
      const req = request(url, { method, ca }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => done(body));
      });
      req.on('error', fail);
      req.end();
    });
  }

  /** The api-versions of the requests the emulator saw since the last call, which clears its log. */
  async function versionsSeen(): Promise<string[]> {
    const log = JSON.parse(await control('GET', 'requests')) as { value: { apiVersion?: string }[] };
    await control('DELETE', 'requests');
    return log.value.map((r) => r.apiVersion ?? '(none)');
  }

  it('python3-azure imports with /usr/bin/python3 (apt-get install python3-azure; KUSTODIAN_SKIP_PYTHON=1 skips this suite loudly)', () => {
    expect(problem).toBeUndefined();
  });

  it.each([
    ['the SDK default (2022-11-11)', {}, '2022-11-11'],
    ['2023-08-15', { KUSTODIAN_API_VERSION: '2023-08-15' }, '2023-08-15'],
  ] as const)('all four kinds at %s: check-name, validation, create, get, list, update, delete', async (_label, extra, version) => {
    await versionsSeen();
    const run = await runPython('sdk_suite.py', { ...env, ...extra });
    expect(run.output).not.toContain('FAIL ');
    expect(run.code, run.output).toBe(0);
    // 41 checks: ten per kind and the refused in-place change.
    expect(run.output.match(/^ok /gm)).toHaveLength(41);
    expect(run.output).toContain(`azure-mgmt-kusto against ${version}`);
    expect(new Set(await versionsSeen())).toEqual(new Set([version]));
  });

  it("runs the seed article's Python sample, changed in credential, endpoint and CA (and the SDK's method name)", async () => {
    const run = await runPython('seed_article_sample.py', env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('seed article sample: passed');
    expect(await versionsSeen()).toContain('2022-11-11');
  });
});

if (skip) {
  // The summary line of the run names every skipped test whose name starts with "NOT RUN:".
  it.skip('NOT RUN: the Python SDK suite (KUSTODIAN_SKIP_PYTHON=1, python3-azure not importable)', () => undefined);
}
