/**
 * The reconcile report (`reconcile --report FILE`, and the `summary` record of
 * `-o json`): what one round found, did and refused, as a versioned JSON document
 * described by schemas/v1/reconcile-report.schema.json. Fields are only ever added within a
 * version.
 */
import type { FailureInfo, ReplacementOverlap, Step } from '../apply/events.js';
import type { Refusal } from '../plan/rules/safety.js';
import { assertNever } from '../core/assert-never.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { type DriftStatus, driftReport } from '../drift/report.js';
import type { ChangeAction, Plan, PlanSummary } from '../plan/model.js';
import type { FailedStage, RoundOutcome, RoundResult } from './outcome.js';

export const RECONCILE_REPORT_KIND = 'kustodian-reconcile-report';
export const RECONCILE_REPORT_VERSION = 1;

/** What became of one planned change; `not-run` when the round stopped before applying. */
export type ReportedChangeStatus = 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'not-run';

export interface ReportedChange {
  readonly address: string;
  readonly action: ChangeAction;
  readonly status: ReportedChangeStatus;
  /** The step that failed or was interrupted. */
  readonly step?: Step;
  readonly error?: FailureInfo;
  /** The change it waited for, when skipped because that one did not succeed. */
  readonly dependency?: string;
  /** A gap-free replacement: the window whose events may be ingested twice, as observed. */
  readonly overlap?: ReplacementOverlap;
}

/** The rounds so far, in continuous mode. */
export interface RoundTotals {
  readonly rounds: number;
  readonly converged: number;
  readonly changed: number;
  readonly failed: number;
  /** When the last round that did not fail finished. */
  readonly lastSuccessAt?: string;
}

export interface ReconcileReport {
  readonly kind: typeof RECONCILE_REPORT_KIND;
  readonly formatVersion: typeof RECONCILE_REPORT_VERSION;
  /** Tool version that wrote it, for people. */
  readonly writtenBy: string;
  /** 1 for a single reconcile; counts up in continuous mode. */
  readonly round: number;
  readonly result: RoundResult;
  readonly failedStage?: FailedStage;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Absent when the round failed before it had a plan. */
  readonly plan?: {
    readonly createdAt: string;
    readonly partial: boolean;
    readonly narrowed?: boolean;
    readonly shard?: { readonly index: number; readonly count: number };
    readonly summary: PlanSummary;
  };
  /** The drift the round found before it changed anything (see `kustodian drift`). */
  readonly drift?: Readonly<Record<DriftStatus, number>>;
  readonly changes: readonly ReportedChange[];
  readonly refusals: readonly Refusal[];
  readonly diagnostics: readonly Diagnostic[];
  readonly totals?: RoundTotals;
}

export interface ReportContext {
  readonly round: number;
  readonly writtenBy: string;
  readonly totals?: RoundTotals;
}

export function reconcileReport(outcome: RoundOutcome, context: ReportContext): ReconcileReport {
  const plan: Plan | undefined = outcome.plan;
  return {
    kind: RECONCILE_REPORT_KIND,
    formatVersion: RECONCILE_REPORT_VERSION,
    writtenBy: context.writtenBy,
    round: context.round,
    result: outcome.result,
    ...(outcome.result === 'failed' ? { failedStage: outcome.stage } : {}),
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    durationMs: outcome.durationMs,
    ...(plan
      ? {
          plan: { createdAt: plan.createdAt, partial: plan.partial, narrowed: plan.narrowed, ...(plan.shard ? { shard: plan.shard } : {}), summary: plan.summary },
          drift: driftReport(plan).summary,
        }
      : {}),
    changes: reportedChanges(outcome),
    refusals: outcome.refusals,
    diagnostics: outcome.diagnostics,
    ...(context.totals ? { totals: context.totals } : {}),
  };
}

function reportedChanges(outcome: RoundOutcome): ReportedChange[] {
  const apply = outcome.result === 'converged' ? undefined : outcome.apply;
  if (apply === undefined) return (outcome.plan?.changes ?? []).map((c) => ({ address: c.address, action: c.action, status: 'not-run' }));
  return apply.results.map((r): ReportedChange => {
    const o = r.outcome;
    const base = { address: r.address, action: r.action };
    switch (o.status) {
      case 'succeeded':
        return { ...base, status: 'succeeded', ...(o.overlap !== undefined ? { overlap: o.overlap } : {}) };
      case 'failed':
        return { ...base, status: 'failed', step: o.step, error: o.error };
      case 'skipped':
        return { ...base, status: o.reason.kind === 'interrupted' ? 'interrupted' : 'skipped', ...(o.reason.kind === 'dependency-failed' ? { dependency: o.reason.dependency } : {}) };
      case 'interrupted':
        return { ...base, status: 'interrupted', step: o.step };
      default:
        return assertNever(o, 'change outcome');
    }
  });
}
