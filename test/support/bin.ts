/**
 * The built CLI (bin/kustodian.js over dist/, which `npm test` builds first) as a subprocess:
 * what a user or a CI job runs, exit code and streams included.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'kustodian.js');

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningBin {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<BinResult>;
}

/** Starts `node bin/kustodian.js ...args` with only the given environment (plus PATH). */
export function startBin(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningBin {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'], NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<BinResult>((done) => child.on('close', (code) => done({ code, stdout: out, stderr: err })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export function runBin(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<BinResult> {
  return startBin(args, options).exited;
}
