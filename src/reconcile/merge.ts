/**
 * `kustodian report merge` for reconcile reports: one summary of the rounds of sharded jobs.
 * The merged result is the worst of the inputs (failed, then changed, then converged).
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { DriftStatus } from '../drift/report.js';
import { coverageDiagnostics, duplicateAddresses, type Merged, type Sourced } from '../drift/merge.js';
import type { PlanSummary } from '../plan/model.js';
import { shardCoverage } from '../plan/rules/shard.js';
import type { RoundResult } from './outcome.js';
import { RECONCILE_REPORT_KIND, RECONCILE_REPORT_VERSION, type ReconcileReport } from './report.js';

const RANK: Readonly<Record<RoundResult, number>> = { converged: 0, changed: 1, failed: 2 };

function sum<K extends string>(items: readonly (Readonly<Record<K, number>> | undefined)[]): Record<K, number> | undefined {
  const present = items.filter((i): i is Readonly<Record<K, number>> => i !== undefined);
  if (present.length === 0) return undefined;
  const out = {} as Record<K, number>;
  for (const item of present) for (const [k, v] of Object.entries(item) as [K, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function mergeReconcileReports(inputs: readonly Sourced<ReconcileReport>[], writtenBy: string): Merged<ReconcileReport & { readonly shards: readonly string[] }> {
  const coverage = shardCoverage(inputs.map((i) => ({ file: i.file, ...(i.report.plan?.shard ? { shard: i.report.plan.shard } : {}) })));
  const count = Math.max(0, ...inputs.map((i) => i.report.plan?.shard?.count ?? 0));
  const diagnostics: Diagnostic[] = [
    ...coverageDiagnostics(coverage, count),
    ...duplicateAddresses(inputs.map((i) => ({ file: i.file, addresses: i.report.changes.map((c) => c.address) }))),
  ];
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const worst = [...inputs].sort((a, b) => RANK[b.report.result] - RANK[a.report.result])[0];
  const startedAt = inputs.map((i) => i.report.startedAt).sort()[0] ?? new Date(0).toISOString();
  const finishedAt = inputs.map((i) => i.report.finishedAt).sort().at(-1) ?? startedAt;
  const planSummary = sum<keyof PlanSummary>(inputs.map((i) => i.report.plan?.summary));
  const drift = sum<DriftStatus>(inputs.map((i) => i.report.drift));
  const narrowed = inputs.some((i) => i.report.plan?.narrowed === true);
  const result = worst?.report.result ?? 'converged';
  return {
    diagnostics,
    merged: {
      kind: RECONCILE_REPORT_KIND,
      formatVersion: RECONCILE_REPORT_VERSION,
      writtenBy,
      round: 1,
      result,
      ...(result === 'failed' && worst?.report.failedStage ? { failedStage: worst.report.failedStage } : {}),
      startedAt,
      finishedAt,
      durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
      ...(planSummary
        ? { plan: { createdAt: startedAt, partial: narrowed || !coverage.complete, narrowed, summary: planSummary } }
        : {}),
      ...(drift ? { drift } : {}),
      changes: inputs.flatMap((i) => i.report.changes),
      refusals: inputs.flatMap((i) => i.report.refusals),
      diagnostics: inputs.flatMap((i) => i.report.diagnostics),
      shards: coverage.shards,
    },
  };
}
