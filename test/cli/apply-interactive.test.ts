/**
 * apply on a terminal, in-process: the prompt, approval and refusal, and the live progress
 * view (drawn in place on a TTY).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../helpers.js';
import { workspace, writesIn } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const fx = useEmulator();
beforeEach(() => {
  fx.emu().control.reset();
  fx.emu().control.clearRequests();
});

function terminal(dir: string, answer: string) {
  const io = captureIO(dir);
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end(answer);
  Object.assign(io.stdout, { isTTY: true, columns: 200, rows: 50 });
  return { ...io, stdin };
}

async function apply(dir: string, answer: string) {
  writeFileSync(join(dir, 'ca.pem'), fx.emu().ca);
  const io = terminal(dir, answer);
  const code = await main(['node', 'kustodian', 'apply', '--endpoint', fx.emu().endpoint, '--ca-file', 'ca.pem', '--credential', 'emulator', '--poll-interval', '10ms'], io);
  return { code, out: io.out(), err: io.err() };
}

describe('apply on a terminal', () => {
  it('asks, and applies on "yes", with a live view of the running operations', async () => {
    const run = await apply(workspace(), 'yes\n');
    expect(run.err).toContain('Do you want to perform these actions?');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/\] \d\/4 done, \d running/);
    expect(run.out).toContain('Apply complete: 4 of 4 succeeded');
  });

  it('anything but "yes" cancels and writes nothing', async () => {
    const run = await apply(workspace(), 'y\n');
    expect(run.code).toBe(1);
    expect(run.err).toContain('Apply cancelled: nothing was changed.');
    expect(writesIn(fx.emu())).toEqual([]);
  });
});
