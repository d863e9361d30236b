/**
 * The field, as a CI job meets it: the built CLI's `plan` against a port nobody listens on, a
 * real TLS server whose certificate the --ca-file does not vouch for, a host name that
 * resolves nowhere (`.invalid` is reserved for that: no DNS answer, no traffic), and no
 * credential at all. Each ends with exit 1 and one clear error within 30 s (before: minutes of
 * silence), and every retry it waits on is printed.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tlsFor } from '../../src/emulator/http/tls.js';
import { emulatorEnv, runCli, startCli, workspace } from '../support/cli.js';
import { useEmulator, withEmulator } from '../support/emulator.js';

const fx = useEmulator();
beforeEach(() => {
  fx.emu().control.reset();
  fx.emu().control.clearRequests();
});

/** A port that was just free: bound, then closed, so a connection to it is refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((r) => server.close(() => r()));
  return address.port;
}

async function timedPlan(args: readonly string[], env: Record<string, string> = {}) {
  const dir = workspace();
  const started = Date.now();
  const run = await runCli(['plan', ...args], { cwd: dir, env });
  return { ...run, elapsedMs: Date.now() - started, dir };
}

/** Lines of the form `... error KDnnn: ...`: the errors told. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /\berror KD\d{3}:/.test(l));
}

const RETRY_LINE = /^kustodian: GET \S+: .+; attempt (\d+) of (\d+), next try in (\d+) s$/;

describe('plan in the field (e2e)', () => {
  it('a refused port: a few seconds of announced retries, then one KD404 naming the endpoint', async () => {
    const port = await refusedPort();
    const run = await timedPlan(['--endpoint', `https://127.0.0.1:${port}`, '--credential', 'emulator']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.elapsedMs).toBeLessThan(30_000);
    const errors = errorLines(run.stderr);
    expect(errors, run.stderr).toHaveLength(1);
    expect(errors[0]).toContain(`error KD404: Azure Resource Manager could not be reached (ECONNREFUSED: 127.0.0.1:${port} refused the connection)`);
    expect(run.stderr).toMatch(/hint: check that --endpoint \(KUSTODIAN_ENDPOINT\) names the right host and port/);
    // Every wait of 2 s or more was told, with the attempt it follows.
    const retries = run.stderr.split('\n').flatMap((l) => {
      const m = RETRY_LINE.exec(l);
      return m ? [{ attempt: Number(m[1]), of: Number(m[2]), seconds: Number(m[3]) }] : [];
    });
    expect(retries.length, run.stderr).toBeGreaterThan(0);
    for (const r of retries) {
      expect(r.of).toBe(6);
      expect(r.seconds).toBeGreaterThanOrEqual(2);
    }
    expect(run.stderr).toContain(`GET 127.0.0.1:${port}/subscriptions/`);
    expect(run.stderr).toContain('connection refused (ECONNREFUSED)');
  });

  it('--max-retries 0 does not retry a refused port at all', async () => {
    const port = await refusedPort();
    const run = await timedPlan(['--endpoint', `https://127.0.0.1:${port}`, '--credential', 'emulator', '--max-retries', '0']);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/next try in/);
    expect(run.elapsedMs).toBeLessThan(15_000);
  });

  it('a TLS server whose certificate --ca-file does not vouch for: not retried, KD404 says to check --ca-file', async () => {
    const dir = workspace();
    const wrongCa = join(dir, 'wrong-ca.pem');
    // A CA of its own (the emulator's is made for 127.0.0.1): it signed nothing the server has.
    writeFileSync(wrongCa, (await tlsFor('wrong-ca.kustodian.invalid')).ca);
    const started = Date.now();
    const run = await runCli(['plan', '--endpoint', fx.emu().endpoint, '--ca-file', wrongCa, '--credential', 'emulator'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const errors = errorLines(run.stderr);
    expect(errors, run.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/error KD404: .*the TLS connection to 127\.0\.0\.1:\d+ failed/);
    expect(run.stderr).toMatch(/hint: check --ca-file \(KUSTODIAN_CA_FILE\): it must hold the CA that signed the certificate of 127\.0\.0\.1:\d+/);
    expect(run.stderr).not.toMatch(/next try in/);
    // The handshake failed: no request ever reached the server.
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('a host name that resolves nowhere: not retried, KD404 names the host', async () => {
    const run = await timedPlan(['--endpoint', 'https://kustodian-field-test.invalid', '--credential', 'emulator']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.elapsedMs).toBeLessThan(30_000);
    const errors = errorLines(run.stderr);
    expect(errors, run.stderr).toHaveLength(1);
    expect(errors[0]).toContain('error KD404: Azure Resource Manager could not be reached (ENOTFOUND: the host kustodian-field-test.invalid was not found: the name does not resolve)');
    expect(run.stderr).toMatch(/hint: check the host in --endpoint/);
    expect(run.stderr).not.toMatch(/next try in/);
  });

  it('no credential at all: one KD403 naming the credential kind and what to set, before any request', async () => {
    const dir = workspace();
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, fx.emu().ca);
    const started = Date.now();
    // runCli passes only PATH, HOME and NO_COLOR: no AZURE_* variable is set.
    const run = await runCli(['plan', '--endpoint', fx.emu().endpoint, '--ca-file', ca, '--credential', 'environment'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const errors = errorLines(run.stderr);
    expect(errors, run.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/^error KD403: credential 'environment' could not get a token for https:\/\/127\.0\.0\.1:\d+\/\.default: CredentialUnavailableError: EnvironmentCredential is unavailable/);
    expect(run.stderr).toContain('hint: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET');
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('with -o json, a retry wait is a JSON event among the others', async () => {
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', times: 1, action: { type: 'status', status: 429, retryAfterSeconds: 2 } });
    const dir = workspace();
    const run = await runCli(['apply', '--dry-run', '-o', 'json'], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
    expect(run.code, run.stderr).toBe(0);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(['retry', 'plan']);
    expect(events[0]).toMatchObject({ type: 'retry', failure: '429 TooManyRequests', attempt: 1, attempts: 6, delayMs: 2000 });
    expect(run.stderr).not.toMatch(/next try in/);
  });

  it('--request-timeout and --max-retries are checked like every flag', async () => {
    const bad = await timedPlan(['--endpoint', 'https://127.0.0.1:9', '--credential', 'emulator', '--request-timeout', '20']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--request-timeout "20": a duration needs a unit, e\.g\. --request-timeout 20s/);
    const negative = await timedPlan(['--endpoint', 'https://127.0.0.1:9', '--credential', 'emulator'], { KUSTODIAN_MAX_RETRIES: '-1' });
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/--max-retries must be a whole number, 0 or more, got "-1"/);
  });
});

describe('apply against an endpoint that dies (e2e)', () => {
  it('stops starting changes once the endpoint is unreachable, and reports each as succeeded, failed or not started', async () => {
    await withEmulator({ operationDurationMs: 3_000 }, async (emu) => {
      const dir = workspace();
      const started = Date.now();
      const apply = startCli(['apply', '--auto-approve', '--parallelism', '1', '--poll-interval', '100ms'], { cwd: dir, env: emulatorEnv(emu, dir) });
      await apply.waitFor(/accepted by the service/);
      await emu.stop();
      const run = await apply.done;
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      // The running change failed on the endpoint; none of the 3 others was started.
      expect(run.stdout).toMatch(/failed \((create|update)\) ECONNREFUSED: 127\.0\.0\.1:\d+ refused the connection \(the service had accepted it and may still finish it; run plan to see where it ended\)/);
      const notStarted = run.stdout.split('\n').filter((l) => /^ {2}\w+ +\S+ +not started: the endpoint could not be reached \(see \S+\)$/.test(l));
      expect(notStarted, run.stdout).toHaveLength(3);
      expect(run.stdout).toMatch(/Apply incomplete: 0 of 4 succeeded, 1 failed, 3 skipped, 0 interrupted\./);
      // The wait on the dead endpoint was told, not silent.
      expect(run.stderr).toMatch(/connection refused \(ECONNREFUSED\); attempt \d of 6, next try in \d+ s/);
    });
  });
});
