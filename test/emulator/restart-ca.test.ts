/**
 * A standalone emulator restarted with the same --state serves the same CA and certificate, so
 * a client holding the CA from before the restart (a running apply, a CI job's CA file)
 * reconnects. The key is kept beside the state with mode 0600. Driven as a user would: the
 * built CLI, SIGTERM between the runs.
 */
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBin } from '../support/bin.js';
import { workspace } from '../support/cli.js';

async function emulatorRun(dir: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const bin = startBin(['emulator', '--port', '0', '--state', 'state/emulator.json', '--ca-file', 'ca.pem'], { cwd: dir });
  const deadline = Date.now() + 20_000;
  while (!/listening on (https:\S+)/.test(bin.stdout()) && Date.now() < deadline && bin.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  const endpoint = /listening on (https:\S+)/.exec(bin.stdout())?.[1];
  if (endpoint === undefined) throw new Error(`the emulator did not start:\n${bin.stdout()}\n${bin.stderr()}`);
  return {
    endpoint,
    stop: async () => {
      bin.child.kill('SIGTERM');
      expect((await bin.exited).code).toBe(0);
    },
  };
}

/** GET over TLS trusting only `ca`: the status, or the TLS error's code. */
function getWith(ca: string, url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { ca, method: 'GET' }, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

describe('emulator restart with the same --state', () => {
  it('serves the same CA; a client with the old CA connects; the key file is 0600', async () => {
    const dir = workspace(false);
    const first = await emulatorRun(dir);
    const oldCa = readFileSync(join(dir, 'ca.pem'), 'utf8');
    expect(await getWith(oldCa, `${first.endpoint}/_emulator/requests`)).toBe('200');
    await first.stop();

    const second = await emulatorRun(dir);
    try {
      expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(oldCa);
      expect(await getWith(oldCa, `${second.endpoint}/_emulator/requests`)).toBe('200');
    } finally {
      await second.stop();
    }
    const keyFile = join(dir, 'state/emulator.tls.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toContain('PRIVATE KEY');
  }, 60_000);

  it('without --state, each run has its own CA (nothing is kept)', async () => {
    const dir = workspace(false);
    const bin = startBin(['emulator', '--port', '0', '--ca-file', 'ca.pem'], { cwd: dir });
    const deadline = Date.now() + 20_000;
    while (!/listening on/.test(bin.stdout()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    bin.child.kill('SIGTERM');
    await bin.exited;
    const again = startBin(['emulator', '--port', '0', '--ca-file', 'ca2.pem'], { cwd: dir });
    while (!/listening on/.test(again.stdout()) && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 50));
    again.child.kill('SIGTERM');
    await again.exited;
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).not.toBe(readFileSync(join(dir, 'ca2.pem'), 'utf8'));
  }, 60_000);
});
