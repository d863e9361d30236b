/**
 * Benchmark 5: reading the live state of a large estate for a report, from Azure Resource Graph
 * (paged queries under the per-user quota) against one ARM list per database (under each
 * subscription's read bucket), both against the emulator with the same latency per call,
 * time-scaled. Reports calls, wall time and each reader's lower bound.
 */
import { GRAPH_PAGE_SIZE, createGraphPort } from '../src/azure/graph/port.js';
import { createKustoPort } from '../src/azure/arm/kusto-port.js';
import { DEFAULT_SETTINGS, type AzureSettings } from '../src/azure/settings.js';
import { hasErrors } from '../src/core/diagnostics.js';
import type { LiveDatabase } from '../src/core/model.js';
import { startEmulator } from '../src/emulator/index.js';
import { readLiveFromGraph } from '../src/workflow/read-graph.js';
import { readLiveState } from '../src/workflow/read-live.js';
import { connections, databases, seed, type EstateSpec } from './estate.js';
import { graphLowerBoundMs, readBoundMs } from './lower-bound.js';

/** ARM's read bucket and Resource Graph's documented per-user quota, unscaled. */
const READS = { burst: 250, perSecond: 25 } as const;
const QUOTA = { perWindow: 15, windowMs: 5_000 } as const;

export interface ReaderResult {
  readonly calls: number;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly throttled: number;
}

export interface GraphBenchResult {
  readonly connections: number;
  readonly databases: number;
  readonly subscriptions: number;
  readonly timeScale: number;
  readonly latencyMs: number;
  readonly arm: ReaderResult;
  readonly graph: ReaderResult;
}

function count(live: readonly LiveDatabase[]): number {
  return live.reduce((n, db) => n + db.connections.length, 0);
}

export async function graphVsLists(spec: EstateSpec, timeScale: number, realLatencyMs: number): Promise<GraphBenchResult> {
  const latencyMs = realLatencyMs / timeScale;
  const emu = await startEmulator({ seed: seed(spec), operationDurationMs: 0, throttle: { timeScale } });
  try {
    // Fill the estate directly: the benchmark measures reading, not creating.
    for (const c of connections(spec)) emu.control.putDataConnection({ ...c.db, name: c.name }, { kind: c.kind, properties: c.properties });
    emu.control.injectFault({ method: 'GET', path: '/dataConnections$', action: { type: 'latency', ms: latencyMs } });
    emu.control.injectFault({ method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources$', action: { type: 'latency', ms: latencyMs } });
    const dbs = databases(spec);
    const settings: AzureSettings = { ...DEFAULT_SETTINGS, endpoint: emu.endpoint, ca: emu.ca, credential: 'emulator', armRateFactor: timeScale };

    emu.control.clearRequests();
    let t0 = performance.now();
    const lists = await readLiveState(createKustoPort(settings), dbs);
    const armWall = performance.now() - t0;
    if (lists.diagnostics.length > 0 || count(lists.live) !== spec.connections) throw new Error(`ARM lists failed: ${lists.diagnostics[0]?.message ?? 'connections missing'}`);
    const armCounters = emu.control.counters();

    emu.control.clearRequests();
    t0 = performance.now();
    // Resource Graph paces itself by its quota headers alone: no rate factor to set.
    const graph = await readLiveFromGraph(createGraphPort(settings), dbs);
    const graphWall = performance.now() - t0;
    if (hasErrors(graph.diagnostics) || count(graph.live) !== spec.connections) throw new Error(`Resource Graph failed: ${graph.diagnostics.find((d) => d.severity === 'error')?.message ?? 'connections missing'}`);
    const graphCounters = emu.control.counters();

    const perSubscription = Math.ceil(dbs.length / spec.subscriptions);
    const pages = Math.ceil(spec.connections / GRAPH_PAGE_SIZE);
    return {
      connections: spec.connections,
      databases: dbs.length,
      subscriptions: spec.subscriptions,
      timeScale,
      latencyMs,
      arm: {
        calls: armCounters.operations.list,
        wallMs: armWall,
        boundMs: readBoundMs({ perSubscription: [perSubscription], latencyMs, timeScale }),
        throttled: armCounters.statuses['429'] ?? 0,
      },
      graph: {
        calls: graphCounters.operations.resourceGraph,
        wallMs: graphWall,
        boundMs: graphLowerBoundMs({ pages, perWindow: QUOTA.perWindow, windowMs: QUOTA.windowMs / timeScale, latencyMs }),
        throttled: graphCounters.statuses['429'] ?? 0,
      },
    };
  } finally {
    await emu.stop();
  }
}
