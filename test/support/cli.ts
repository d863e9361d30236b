/**
 * Runs the built CLI (bin/kustodian.js → dist/) as a subprocess, as a user would, pointed at
 * an emulator started by the test. `npm test` builds dist/ before vitest runs.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { FIXTURE_MANIFESTS } from './fixtures.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kustodian.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<CliRun> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...options.env };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A scratch directory holding a copy of the example manifests (test/fixtures/manifests), or nothing. */
export function workspace(withExamples = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-e2e-'));
  if (withExamples) cpSync(FIXTURE_MANIFESTS, join(dir, 'manifests'), { recursive: true });
  return dir;
}

/** Environment that points the CLI at a running emulator. */
export function emulatorEnv(emu: RunningEmulator, dir: string): Record<string, string> {
  const ca = join(dir, 'emulator-ca.pem');
  writeFileSync(ca, emu.ca);
  return { KUSTODIAN_ENDPOINT: emu.endpoint, KUSTODIAN_CA_FILE: ca, KUSTODIAN_CREDENTIAL: 'emulator' };
}

/** Requests that change something (anything but reads). */
export function writesIn(emu: RunningEmulator): string[] {
  return emu.control
    .requests()
    .filter((r) => ['PUT', 'PATCH', 'DELETE', 'POST'].includes(r.method) && r.operation !== 'validate' && r.operation !== 'checkNameAvailability')
    .map((r) => `${r.method} ${r.path}`);
}

export interface LiveCli {
  /** Resolves once stdout has matched the pattern. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** What it has printed on stdout so far. */
  stdout(): string;
  signal(name: NodeJS.Signals): void;
  readonly done: Promise<CliRun>;
}

/** Starts the CLI and hands back the running process, for tests that interrupt or kill it. */
export function startCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): LiveCli {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...options.env };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const l of listeners) l();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    done,
    stdout: () => stdout,
    signal: (name) => child.kill(name),
    waitFor: (pattern, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(stdout)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}
