/**
 * Benchmark 3: applying N creates against the emulator with a given long-running-operation
 * time and parallelism, ARM's write bucket time-scaled. Reports wall time over the lower bound
 * (operations × duration / parallelism, or the write bucket, whichever is larger) and the
 * requests lost to throttling (429s).
 */
import { applyPlan } from '../src/apply/applier.js';
import { createKustoPort } from '../src/azure/kusto-port.js';
import { DEFAULT_SETTINGS } from '../src/azure/settings.js';
import type { DesiredConnection } from '../src/core/model.js';
import { startEmulator } from '../src/emulator/index.js';
import { planChanges } from '../src/plan/planner.js';
import { connections, databases, seed, type EstateSpec } from './estate.js';
import { applyLowerBoundMs } from './lower-bound.js';

export interface ApplyBenchResult {
  readonly operations: number;
  readonly operationMs: number;
  readonly parallelism: number;
  readonly timeScale: number;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly ratio: number;
  readonly succeeded: number;
  readonly throttled: number;
  readonly requests: number;
}

export async function applyThrottled(spec: EstateSpec, operationMs: number, parallelism: number, timeScale: number, pollMs: number): Promise<ApplyBenchResult> {
  const emu = await startEmulator({ seed: seed(spec), operationDurationMs: operationMs, throttle: { timeScale } });
  try {
    const desired: DesiredConnection[] = connections(spec).map((c) => ({
      address: { ...c.db, name: c.name },
      kind: c.kind,
      location: 'West Europe',
      properties: c.properties,
      labels: {},
      annotations: {},
      source: { file: 'bench', line: 1, col: 1 },
      fieldSources: {},
    }));
    const live = databases(spec).map((address) => ({ address, connections: [] }));
    const { plan } = planChanges({ connections: desired, databases: [] }, live, { now: new Date().toISOString() });
    const port = createKustoPort({ ...DEFAULT_SETTINGS, endpoint: emu.endpoint, ca: emu.ca, credential: 'emulator', armRateFactor: timeScale, pollIntervalMs: pollMs, perSubscriptionConcurrency: parallelism });
    emu.control.clearRequests();
    const t0 = performance.now();
    const result = await applyPlan(plan, port, { parallelism }, () => undefined);
    const wallMs = performance.now() - t0;
    const bound = applyLowerBoundMs({ operations: plan.changes.length, operationMs, parallelism, writeBurst: 200, writesPerSecond: 10 * timeScale });
    const counters = emu.control.counters();
    return {
      operations: plan.changes.length,
      operationMs,
      parallelism,
      timeScale,
      wallMs,
      boundMs: bound,
      ratio: wallMs / bound,
      succeeded: result.succeeded,
      throttled: counters.statuses['429'] ?? 0,
      requests: counters.total,
    };
  } finally {
    await emu.stop();
  }
}
