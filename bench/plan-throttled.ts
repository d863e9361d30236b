/**
 * Benchmark 2 and 4: reading the live state of an estate for a plan, against the emulator with
 * read latency and ARM's token bucket, time-scaled. Reports wall time over the lower bound the
 * bucket and the latency allow, and the ARM calls made against the one-GET-per-connection
 * refresh of Terraform and Pulumi.
 */
import { createKustoPort } from '../src/azure/arm/kusto-port.js';
import { DEFAULT_SETTINGS } from '../src/azure/settings.js';
import { startEmulator } from '../src/emulator/index.js';
import { readLiveState } from '../src/workflow/read-live.js';
import { databases, seed, type EstateSpec } from './estate.js';
import { readBoundMs } from './lower-bound.js';

export interface PlanBenchResult {
  readonly databases: number;
  readonly connections: number;
  readonly subscriptions: number;
  readonly timeScale: number;
  readonly latencyMs: number;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly ratio: number;
  readonly listCalls: number;
  readonly throttled: number;
  readonly perResourceCalls: number;
  readonly perResourceBoundMs: number;
}

export async function planThrottled(spec: EstateSpec, timeScale: number, realLatencyMs: number): Promise<PlanBenchResult> {
  const latencyMs = realLatencyMs / timeScale;
  const emu = await startEmulator({ seed: seed(spec), operationDurationMs: 0, throttle: { timeScale } });
  try {
    // Fill the estate directly: the benchmark measures reading, not creating.
    const { connections } = await import('./estate.js');
    for (const c of connections(spec)) emu.control.putDataConnection({ ...c.db, name: c.name }, { kind: c.kind, properties: c.properties });
    emu.control.injectFault({ method: 'GET', path: '/dataConnections$', action: { type: 'latency', ms: latencyMs } });
    emu.control.clearRequests();
    // kustodian's defaults: no cap on requests at once, the read budget paces them.
    const port = createKustoPort({ ...DEFAULT_SETTINGS, endpoint: emu.endpoint, ca: emu.ca, credential: 'emulator', armRateFactor: timeScale });
    const dbs = databases(spec);
    const t0 = performance.now();
    const read = await readLiveState(port, dbs);
    const wallMs = performance.now() - t0;
    if (read.diagnostics.length > 0) throw new Error(`reading failed: ${read.diagnostics[0]?.message}`);
    const perSub = Math.ceil(dbs.length / spec.subscriptions);
    const bound = readBoundMs({ perSubscription: [perSub], latencyMs, timeScale });
    const counters = emu.control.counters();
    const perResourceCalls = spec.connections;
    return {
      databases: dbs.length,
      connections: spec.connections,
      subscriptions: spec.subscriptions,
      timeScale,
      latencyMs,
      wallMs,
      boundMs: bound,
      ratio: wallMs / bound,
      listCalls: counters.operations.list,
      throttled: counters.statuses['429'] ?? 0,
      perResourceCalls,
      // in unscaled seconds, what one GET per connection would cost under the same bucket
      perResourceBoundMs: readBoundMs({ perSubscription: [Math.ceil(perResourceCalls / spec.subscriptions)], latencyMs: realLatencyMs }),
    };
  } finally {
    await emu.stop();
  }
}
