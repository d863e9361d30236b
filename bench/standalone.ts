/**
 * The standalone emulator every contestant of a scenario runs against: `kustodian emulator` in a
 * process of its own with its default settings (ARM's buckets, operations of 100 ms), seeded
 * with the scenario's world. `reset()` goes back to the seed with full buckets between
 * contestants; `counters()` reads what it answered.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { EmulatorSeed } from '../src/emulator/index.js';
import { CLI, ROOT } from './child.js';

export interface Counters {
  readonly total: number;
  readonly operations: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
}

export interface Standalone {
  readonly endpoint: string;
  readonly caFile: string;
  /** KUSTODIAN_* variables that point the CLI at this emulator. */
  readonly env: Readonly<Record<string, string>>;
  reset(): Promise<void>;
  counters(): Promise<Counters>;
  /**
   * CPU time the emulator's process has used so far (user + system, ms), from Linux's
   * /proc/<pid>/stat; undefined elsewhere. The difference around a run is what answering it cost.
   */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

export async function startStandalone(seed: EmulatorSeed, dir: string): Promise<Standalone> {
  const seedFile = join(dir, 'seed.json');
  const caFile = join(dir, 'emulator-ca.pem');
  writeFileSync(seedFile, JSON.stringify(seed));
  const child: ChildProcess = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--seed', seedFile, '--ca-file', caFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`kustodian emulator exited with ${code} before listening: ${out}`)));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
  });
  child.removeAllListeners('exit');
  const ca = readFileSync(caFile, 'utf8');

  function control(method: string, path: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // A fresh connection per call (agent: false): a kept-alive one the emulator has since closed
      // would fail the next control call with "socket hang up".
      const req = request(`${endpoint}/_emulator/${path}`, { method, ca, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} /_emulator/${path}: ${res.statusCode} ${body}`));
          else resolve(body === '' ? undefined : JSON.parse(body));
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  return {
    endpoint,
    caFile,
    env: { KUSTODIAN_ENDPOINT: endpoint, KUSTODIAN_CA_FILE: caFile, KUSTODIAN_CREDENTIAL: 'emulator' },
    reset: async () => {
      await control('POST', 'reset');
    },
    counters: async () => (await control('GET', 'counters')) as Counters,
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ), asked once. */
let ticksPerSecond: number | undefined;

function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // Fields after the command name (which may hold spaces) start at the state: utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return undefined;
  }
}
