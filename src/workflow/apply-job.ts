/**
 * The apply job, the one path from a plan to written changes that `apply` and every reconcile
 * round share (as cli-utils has one Applier.Run): check every safety rule, then either refuse
 * the whole plan (a single refusal writes nothing) or, with `skip-refused`, set the refused
 * changes and those waiting for them aside; ask for approval; apply; report. The callers differ
 * only in what they pass in: how approval is given, and which mode.
 */
import { applyPlan } from '../apply/applier.js';
import type { ApplyEvent, ApplyResult } from '../apply/events.js';
import type { AzurePort } from '../core/ports/azure-port.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { hasChanges, type Plan } from '../plan/model.js';
import { checkSafety, describeRefusal, type Refusal, type SafetyOptions } from '../plan/rules/safety.js';
import { refusedSubset } from '../plan/rules/subset.js';
import { APPLY_CODES } from './codes.js';

/** `all-or-nothing`: any refusal refuses the plan (apply). `skip-refused`: apply the rest (reconcile --skip-refused). */
export type RefusalMode = 'all-or-nothing' | 'skip-refused';

export type Approval = 'approved' | 'declined' | 'no-terminal';

export interface ApplyJobInput {
  readonly plan: Plan;
  readonly port: AzurePort;
  readonly safety: SafetyOptions;
  readonly mode: RefusalMode;
  readonly parallelism: number | undefined;
  /** Asked once the plan (or the part that may run) passed the safety rules. */
  readonly approve: (toApply: Plan) => Promise<Approval>;
  readonly clock?: () => Date;
  /** No new change starts once this is aborted. */
  readonly stop?: AbortSignal;
  /** Running changes stop being waited for once this is aborted. */
  readonly abort?: AbortSignal;
  readonly onEvent?: (event: ApplyEvent) => void;
}

export type ApplyJobOutcome =
  /** The plan had no change at all. */
  | { readonly status: 'nothing-to-do'; readonly refusals: readonly Refusal[] }
  /** All or nothing, and something was refused: nothing was written. */
  | { readonly status: 'refused'; readonly refusals: readonly Refusal[] }
  | { readonly status: 'not-approved'; readonly approval: Exclude<Approval, 'approved'>; readonly refusals: readonly Refusal[] }
  /** What was allowed ran (with skip-refused, the refusals were set aside and not written). */
  | { readonly status: 'applied'; readonly applied: Plan; readonly apply: ApplyResult; readonly refusals: readonly Refusal[] };

/** Refusals as the diagnostics every caller prints or reports (KD302). */
export function refusalDiagnostics(refusals: readonly Refusal[]): Diagnostic[] {
  return refusals.map((r): Diagnostic => ({
    severity: 'error',
    code: APPLY_CODES.refused,
    message: `refused: ${describeRefusal(r)}`,
  }));
}

export async function runApplyJob(input: ApplyJobInput): Promise<ApplyJobOutcome> {
  const refused = checkSafety(input.plan, input.safety);
  if (refused.length > 0 && input.mode === 'all-or-nothing') return { status: 'refused', refusals: refused };
  const { plan: toApply, refusals } = refusedSubset(input.plan, refused);
  if (!hasChanges(toApply)) return { status: 'nothing-to-do', refusals };
  const approval = await input.approve(toApply);
  if (approval !== 'approved') return { status: 'not-approved', approval, refusals };
  const apply = await applyPlan(
    toApply,
    input.port,
    {
      parallelism: input.parallelism,
      ...(input.clock ? { clock: input.clock } : {}),
      ...(input.stop ? { stop: input.stop } : {}),
      ...(input.abort ? { abort: input.abort } : {}),
    },
    (e) => input.onEvent?.(e),
  );
  return { status: 'applied', applied: toApply, apply, refusals };
}
