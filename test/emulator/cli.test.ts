/** `kustodian emulator` in process: it prints where it listens and how to point kustodian at it, serves, and stops. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerEmulatorCommand } from '../../src/cli/commands/emulator.js';
import type { CliIO } from '../../src/cli/process/io.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { DC_PATH, api, raw } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function harness() {
  const cwd = mkdtempSync(join(tmpdir(), 'kustodian-cli-'));
  dirs.push(cwd);
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const io: CliIO = { stdout: out, stderr: err, stdin: new PassThrough(), env: {}, cwd };
  let exit: number | undefined;
  return { io, cwd, setExit: (c: number) => (exit = c), out: () => stdout, err: () => stderr, exit: () => exit };
}

function program(h: ReturnType<typeof harness>, waitForStop?: (r: RunningEmulator) => Promise<void>): Command {
  const p = new Command('kustodian').exitOverride().configureOutput({ writeErr: (s) => h.io.stderr.write(s) });
  registerEmulatorCommand(p, h.io, h.setExit, waitForStop === undefined ? {} : { waitForStop });
  return p;
}

describe('kustodian emulator', () => {
  it('serves the example world, prints the endpoint, CA file and env vars, then stops cleanly', async () => {
    const h = harness();
    let seen = 0;
    await program(h, async (running) => {
      const res = await raw(running, 'GET', api(`${DC_PATH}/storm-events-iothub`));
      seen = res.status;
    }).parseAsync(['node', 'kustodian', 'emulator', '--port', '0', '--no-throttle', '--operation-duration', '0ms', '--ca-file', 'certs/ca.pem']);
    expect(seen).toBe(200);
    const endpoint = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(h.out())?.[1];
    expect(endpoint).toBeDefined();
    const caFile = join(h.cwd, 'certs', 'ca.pem');
    expect(h.out()).toContain(`export KUSTODIAN_ENDPOINT=${endpoint ?? ''}`);
    expect(h.out()).toContain(`export KUSTODIAN_CA_FILE=${caFile}`);
    expect(h.out()).toContain('export KUSTODIAN_CREDENTIAL=emulator');
    expect(readFileSync(caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(h.out()).toMatch(/stopped\.\n$/);
    expect(h.exit()).toBe(0);
  });

  it('keeps state in --state across runs', async () => {
    const h = harness();
    const args = ['node', 'kustodian', 'emulator', '--port', '0', '--state', 'state.json', '--operation-duration', '0ms'];
    await program(h, async (running) => {
      expect((await raw(running, 'DELETE', api(`${DC_PATH}/legacy-import`))).status).toBe(202);
      expect((await raw(running, 'GET', api(`${DC_PATH}/legacy-import`))).status).toBe(404);
    }).parseAsync(args);
    let after = 0;
    await program(h, async (running) => {
      after = (await raw(running, 'GET', api(`${DC_PATH}/legacy-import`))).status;
    }).parseAsync(args);
    expect(after).toBe(404);
  });

  it('says what to do when the port is taken or the seed is broken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const h = harness();
    await program(h, async () => undefined).parseAsync(['node', 'kustodian', 'emulator', '--port', String(port)]);
    blocker.close();
    expect(h.err()).toContain(`port ${port} is already in use; choose another with --port`);
    expect(h.exit()).toBe(1);

    const h2 = harness();
    await program(h2, async () => undefined).parseAsync(['node', 'kustodian', 'emulator', '--port', '0', '--seed', 'missing.yaml']);
    expect(h2.err()).toMatch(/cannot read seed file .*missing\.yaml/);
    expect(h2.exit()).toBe(1);
  });

  it('refuses a port that is not a number', async () => {
    const h = harness();
    await expect(program(h).parseAsync(['node', 'kustodian', 'emulator', '--port', 'abc'])).rejects.toThrow(/--port must be a whole number/);
    expect(h.err()).toContain("option '--port <n>' argument 'abc' is invalid");
  });
});
