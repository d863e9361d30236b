/**
 * A plan of an estate that already exists, side by side in one run: the real `kustodian plan`
 * (one list per database) and the Terraform-style peer's refresh (one GET per connection, 10 at
 * a time), each as a child process against the same standalone emulator (default settings,
 * the connections seeded as they exist), reset before each. The physical floor is the read
 * bucket for kustodian's lists (within the burst here, so one request's time) on top of starting
 * a Node process at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorSeed } from '../src/emulator/index.js';
import { CLI, runChild } from './child.js';
import { connections, databases, seed, writeRunInputs, type EstateSpec } from './estate.js';
import type { PeerReport } from './peers/common.js';
import { startStandalone } from './standalone.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface PlanScenario {
  readonly connections: number;
  readonly databases: number;
  readonly kustodian: { readonly wallMs: number; readonly reads: number; readonly inSync: boolean; readonly peakRssMB: number };
  readonly peer: { readonly wallMs: number; readonly reads: number; readonly unchanged: number; readonly throttled: number };
}

/** The estate's seed with every connection already there, as the service would answer it. */
export function seedWithConnections(spec: EstateSpec): EmulatorSeed {
  const world = seed(spec) as unknown as { subscriptions: Array<{ id: string; resourceGroups: Array<{ clusters: Array<{ name: string; databases: Array<{ name: string; dataConnections?: unknown[] }> }> }> }> };
  const byDb = new Map<string, unknown[]>();
  for (const c of connections(spec)) {
    const key = `${c.db.subscriptionId}/${c.db.cluster}/${c.db.database}`;
    byDb.set(key, [...(byDb.get(key) ?? []), { name: c.name, kind: c.kind, location: 'West Europe', properties: { ...c.properties, provisioningState: 'Succeeded' } }]);
  }
  for (const sub of world.subscriptions)
    for (const rg of sub.resourceGroups) for (const cl of rg.clusters) for (const db of cl.databases) db.dataConnections = byDb.get(`${sub.id}/${cl.name}/${db.name}`) ?? [];
  return world as unknown as EmulatorSeed;
}

export async function planVsPeer(spec: EstateSpec): Promise<PlanScenario> {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-bench-plan-'));
  const emu = await startStandalone(seedWithConnections(spec), dir);
  try {
    const { manifests, peerFile, all } = writeRunInputs(spec, dir);
    const reads = (c: { operations: Readonly<Record<string, number>> }): number => (c.operations['list'] ?? 0) + (c.operations['get'] ?? 0);

    await emu.reset();
    const k = await runChild([CLI, 'plan', '--detailed-exitcode', manifests], { cwd: dir, env: emu.env });
    if (k.code !== 0 && k.code !== 2) throw new Error(`kustodian plan exited with ${k.code}: ${k.stderr.slice(-1000)}`);
    const kc = await emu.counters();

    await emu.reset();
    const p = await runChild([join(here, 'peers', 'terraform-style.js'), peerFile, 'plan'], { env: { PEER_ENDPOINT: emu.endpoint, PEER_CA_FILE: emu.caFile } });
    const pr = JSON.parse(p.stdout.trim().split('\n').pop() ?? '{}') as PeerReport;
    const pc = await emu.counters();
    return {
      connections: all.length,
      databases: databases(spec).length,
      kustodian: { wallMs: k.wallMs, reads: reads(kc), inSync: k.code === 0, peakRssMB: k.peakRssMB },
      peer: { wallMs: p.wallMs, reads: reads(pc), unchanged: pr.unchanged, throttled: pc.statuses['429'] ?? 0 },
    };
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
