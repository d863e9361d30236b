/**
 * The standalone emulator every contestant of a scenario runs against: `kustodian emulator` in a
 * process of its own with its default settings (ARM's buckets, operations of 100 ms), seeded
 * with the scenario's world. `reset()` goes back to the seed with full buckets between
 * contestants; `counters()` reads what it answered.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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
      const req = request(`${endpoint}/_emulator/${path}`, { method, ca }, (res) => {
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
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
