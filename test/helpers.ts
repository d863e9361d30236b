/** Test helpers: temporary trees on disk and a CliIO that records what a command printed. */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import type { CliIO } from '../src/cli/process/io.js';

/** A fresh directory holding `files` (path → text or bytes); removed by `cleanup`. */
export function makeTree(files: Readonly<Record<string, string | Uint8Array>>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-test-'));
  writeTree(dir, files);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A `tree(files)` for one test file: each tree it makes is removed after each test. */
export function tempTrees(): (files: Readonly<Record<string, string | Uint8Array>>) => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  return (files) => {
    const t = makeTree(files);
    cleanups.push(t.cleanup);
    return t.dir;
  };
}

export function writeTree(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Every file under `dir` (none when it does not exist), relative and `/`-separated, sorted. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
}

export function captureIO(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env,
    cwd,
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}

/** A valid IoT Hub connection document, with `extra` lines appended to its spec. */
export function iotHubManifest(name = 'storm-events-iothub', extra = ''): string {
  return `apiVersion: kustodian.io/v1
kind: IotHubDataConnection
metadata:
  name: ${name}
  subscriptionId: 00000000-0000-0000-0000-000000000000
  resourceGroup: testrg
  cluster: mykustocluster
  database: mykustodatabase
spec:
  location: Central US
  iotHubResourceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.Devices/IotHubs/myhub
  consumerGroup: $Default
  sharedAccessPolicyName: iothubforread
${extra}`;
}
