/**
 * Start-up and memory of the real CLI, as a user meets them: `kustodian --version` and `--help`
 * against `node -e 0` (runs interleaved, medians), and the peak RSS of `kustodian plan` on a
 * large estate against the standalone emulator (default heap).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runChild } from './child.js';
import { databases, seed, writeManifests, type EstateSpec } from './estate.js';
import { startStandalone } from './standalone.js';

export interface StartupResult {
  readonly runs: number;
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly helpMs: number;
  readonly spread: { readonly node: [number, number]; readonly version: [number, number] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function startup(runs: number): Promise<StartupResult> {
  const node: number[] = [];
  const version: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push((await runChild(['-e', '0'])).wallMs);
    version.push((await runChild([CLI, '--version'])).wallMs);
    help.push((await runChild([CLI, '--help'])).wallMs);
  }
  return {
    runs,
    nodeMs: median(node),
    versionMs: median(version),
    helpMs: median(help),
    spread: { node: [Math.min(...node), Math.max(...node)], version: [Math.min(...version), Math.max(...version)] },
  };
}

export interface MemoryResult {
  readonly connections: number;
  readonly databases: number;
  readonly subscriptions: number;
  readonly wallMs: number;
  readonly peakRssMB: number;
  readonly outputBytes: number;
}

/** `kustodian plan` of an estate none of which exists yet: every connection a create, the largest plan to render. */
export async function planMemory(spec: EstateSpec): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-bench-memory-'));
  const emu = await startStandalone(seed(spec), dir);
  try {
    const manifests = join(dir, 'manifests');
    mkdirSync(manifests);
    writeManifests(spec, manifests);
    // One emulator process answers 5,000 lists, 400 at a time: on a busy machine it may take longer than the default 20 s per request.
    const run = await runChild([CLI, 'plan', '--request-timeout', '2m', manifests], { cwd: dir, env: emu.env });
    if (run.code !== 0) throw new Error(`kustodian plan exited with ${run.code}: ${run.stderr.slice(-1000)}`);
    return { connections: spec.connections, databases: databases(spec).length, subscriptions: spec.subscriptions, wallMs: run.wallMs, peakRssMB: run.peakRssMB, outputBytes: run.stdoutBytes };
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
