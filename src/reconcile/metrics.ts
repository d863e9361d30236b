/**
 * What continuous reconciliation exposes to Prometheus, as plain values: rounds by result, the
 * last round's duration, the drift each database had when last planned, and when a round last
 * succeeded. `recordRound` folds each outcome in; src/render/metrics.ts writes the text format.
 */
import { databaseOf, formatDatabaseAddress } from '../core/address.js';
import type { RoundOutcome, RoundResult } from './outcome.js';

export interface ReconcileMetrics {
  readonly rounds: Readonly<Record<RoundResult, number>>;
  readonly lastDurationSeconds?: number;
  /** When the last round that did not fail finished (ISO-8601). */
  readonly lastSuccessAt?: string;
  /**
   * Connections an apply would change, per database address, as the last plan found them
   * (before that round applied anything). Kept from the last round that planned.
   */
  readonly driftByDatabase: Readonly<Record<string, number>>;
  /** Changes the safety rules held back in the last round (reconcile --skip-refused, or a refused round). */
  readonly refusedChanges: number;
}

export const NO_ROUNDS: ReconcileMetrics = { rounds: { converged: 0, changed: 0, failed: 0 }, driftByDatabase: {}, refusedChanges: 0 };

export function recordRound(metrics: ReconcileMetrics, outcome: RoundOutcome): ReconcileMetrics {
  const plan = outcome.plan;
  let drift = metrics.driftByDatabase;
  if (plan) {
    const counts: Record<string, number> = Object.fromEntries(plan.databases.map((db) => [db.address, 0]));
    for (const c of plan.changes) {
      const db = formatDatabaseAddress(databaseOf(c.target));
      counts[db] = (counts[db] ?? 0) + 1;
    }
    drift = counts;
  }
  return {
    rounds: { ...metrics.rounds, [outcome.result]: metrics.rounds[outcome.result] + 1 },
    lastDurationSeconds: outcome.durationMs / 1000,
    ...(outcome.result !== 'failed' ? { lastSuccessAt: outcome.finishedAt } : metrics.lastSuccessAt !== undefined ? { lastSuccessAt: metrics.lastSuccessAt } : {}),
    driftByDatabase: drift,
    refusedChanges: new Set(outcome.refusals.flatMap((r) => r.addresses)).size,
  };
}
