/**
 * Benchmark 1, one size per process: load + validate + normalise + diff + render of a
 * generated estate whose manifests were written beforehand (by `write-manifests.js`, in another
 * process, so generating them costs this one neither time nor memory). Prints one JSON line:
 * CPU and wall time per phase, peak RSS.
 *   node dist-bench/bench/local-work.js <connections> <databases> <dir>
 */
import { loadManifests } from '../src/manifest/load.js';
import { planChanges } from '../src/plan/planner.js';
import { renderPlanText } from '../src/render/text.js';
import { renderPlanJson } from '../src/render/json.js';
import { PLAIN } from '../src/render/style.js';
import { liveState, type EstateSpec } from './estate.js';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const spec: EstateSpec = { connections: Number(process.argv[2]), databases: Number(process.argv[3]), subscriptions: 1 };
  const dir = process.argv[4] ?? '';
  {
    const live = liveState(spec);
    const c0 = cpuMs();
    const t0 = performance.now();
    const loaded = await loadManifests([dir], { cwd: dir, env: {} });
    const c1 = cpuMs();
    const { plan } = planChanges(loaded.state, live, { now: new Date().toISOString() });
    const c2 = cpuMs();
    const text = renderPlanText(plan, PLAIN);
    const json = renderPlanJson(plan);
    const c3 = cpuMs();
    const t3 = performance.now();
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    process.stdout.write(
      `${JSON.stringify({
        connections: spec.connections,
        databases: spec.databases,
        loaded: loaded.state.connections.length,
        errors,
        changes: plan.changes.length,
        outputBytes: text.length + json.length,
        cpuMs: { load: c1 - c0, plan: c2 - c1, render: c3 - c2, total: c3 - c0 },
        wallMs: t3 - t0,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      })}\n`,
    );
  }
}

await main();
