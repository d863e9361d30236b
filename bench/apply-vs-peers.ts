/**
 * Creating an estate from nothing, side by side in one run: the real kustodian CLI (`apply
 * --auto-approve`, default flags), the Terraform-style peer and the serial peer, each as a child
 * process (start-up included) against the same standalone emulator with its default settings,
 * reset to the same seed (and full buckets) before each; the CPU time of each contestant's
 * process and of the emulator's while it ran are measured too. The serial peer creates one connection
 * about every two seconds whatever the estate, so it runs on a sample and its time is projected
 * linearly (its start-up once, then its measured time per create).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, type ChildOptions, type ChildRun, runChild } from './child.js';
import { connections, databases, seed, writeRunInputs, type EstateSpec } from './estate.js';
import { applyBoundMs } from './lower-bound.js';
import type { PeerReport } from './peers/common.js';
import { type Counters, type Standalone, startStandalone } from './standalone.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The emulator's default operation duration (`kustodian emulator --help`). */
export const OPERATION_MS = 100;

export interface Contestant {
  readonly name: string;
  readonly wallMs: number;
  /** CPU time of the contestant's process (user + system), ms. */
  readonly cpuMs: number;
  /** CPU time the emulator's process used while the contestant ran (ms; undefined off Linux). */
  readonly emulatorCpuMs: number | undefined;
  /** Creates this run asked for (the serial peer's sample). */
  readonly creates: number;
  /** Its time projected to every create of the estate (the serial peer), else its wall time. */
  readonly projectedMs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly writes: number;
  readonly reads: number;
  readonly throttled: number;
  /** Answers of 400 and above other than 429 (the Terraform-style refresh's 404s included). */
  readonly errors: number;
  readonly error?: string;
}

export interface ApplyScenario {
  readonly connections: number;
  readonly databases: number;
  readonly subscriptions: number;
  readonly boundMs: number;
  readonly contestants: readonly Contestant[];
}

function tally(c: Counters): Pick<Contestant, 'writes' | 'reads' | 'throttled' | 'errors'> {
  const op = (k: string): number => c.operations[k] ?? 0;
  const errors = Object.entries(c.statuses).reduce((n, [status, count]) => (Number(status) >= 400 && status !== '429' ? n + count : n), 0);
  return { writes: op('createOrUpdate') + op('update'), reads: op('get') + op('list') + op('operationStatus') + op('listDatabases') + op('getDatabase') + op('getCluster') + op('listClusters'), throttled: c.statuses['429'] ?? 0, errors };
}

function peerReport(run: ChildRun): PeerReport {
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as PeerReport;
  } catch {
    throw new Error(`peer exited with ${run.code} and no report: ${run.stderr.slice(-2000)}`);
  }
}

/** Runs one contestant against the freshly reset emulator: its run, and the emulator's CPU meanwhile. */
async function contest(emu: Standalone, args: readonly string[], options: ChildOptions): Promise<{ run: ChildRun; emulatorCpuMs: number | undefined }> {
  await emu.reset();
  const before = emu.cpuMs();
  const run = await runChild(args, options);
  const after = emu.cpuMs();
  return { run, emulatorCpuMs: before !== undefined && after !== undefined ? after - before : undefined };
}

export async function applyVsPeers(spec: EstateSpec, serialSample: number): Promise<ApplyScenario> {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-bench-apply-'));
  let emu: Standalone | undefined;
  try {
    const { manifests, peerFile, all } = writeRunInputs(spec, dir);
    emu = await startStandalone(seed(spec), dir);
    const peerEnv = { PEER_ENDPOINT: emu.endpoint, PEER_CA_FILE: emu.caFile };
    const contestants: Contestant[] = [];

    const { run: k, emulatorCpuMs: ke } = await contest(emu, [CLI, 'apply', '--auto-approve', manifests], { cwd: dir, env: emu.env });
    const kc = tally(await emu.counters());
    const applied = /(\d+) succeeded/.exec(k.stdout);
    contestants.push({
      name: 'kustodian',
      wallMs: k.wallMs,
      cpuMs: k.cpuMs,
      emulatorCpuMs: ke,
      creates: all.length,
      projectedMs: k.wallMs,
      succeeded: applied?.[1] !== undefined ? Number(applied[1]) : 0,
      failed: k.code === 0 ? 0 : all.length,
      ...kc,
      ...(k.code !== 0 ? { error: `exit ${k.code}: ${k.stderr.slice(-500)}` } : {}),
    });

    const { run: t, emulatorCpuMs: te } = await contest(emu, [join(here, 'peers', 'terraform-style.js'), peerFile, 'apply'], { env: peerEnv });
    const tr = peerReport(t);
    contestants.push({ name: 'Terraform-style peer', wallMs: t.wallMs, cpuMs: t.cpuMs, emulatorCpuMs: te, creates: all.length, projectedMs: t.wallMs, succeeded: tr.created, failed: tr.failed, ...tally(await emu.counters()), ...(tr.firstError !== undefined ? { error: tr.firstError } : {}) });

    const sample = Math.min(serialSample, all.length);
    const { run: s, emulatorCpuMs: se } = await contest(emu, [join(here, 'peers', 'serial.js'), peerFile, String(sample)], { env: peerEnv });
    const sr = peerReport(s);
    const perCreate = (s.wallMs - sr.startupMs) / sample;
    contestants.push({
      name: 'serial peer (the article\u2019s script)',
      wallMs: s.wallMs,
      cpuMs: s.cpuMs,
      emulatorCpuMs: se,
      creates: sample,
      projectedMs: sr.startupMs + perCreate * all.length,
      succeeded: sr.created,
      failed: sr.failed,
      ...tally(await emu.counters()),
      ...(sr.firstError !== undefined ? { error: sr.firstError } : {}),
    });

    const perSubscription = new Map<string, number>();
    for (const c of all) perSubscription.set(c.db.subscriptionId, (perSubscription.get(c.db.subscriptionId) ?? 0) + 1);
    return {
      connections: all.length,
      databases: databases(spec).length,
      subscriptions: spec.subscriptions,
      boundMs: applyBoundMs({ perSubscription: [...perSubscription.values()], operationMs: OPERATION_MS }),
      contestants,
    };
  } finally {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
