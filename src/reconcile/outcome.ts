/**
 * The outcome of one reconcile round: converged (nothing to do), changed (changes applied, all
 * succeeded) or failed (and where it stopped). With --skip-refused a converged or changed round
 * may still carry refusals: the changes the safety rules held back, not written ("converged
 * except refused"). Plain values: the CLI turns them into exit codes, log records, a report
 * file and metrics.
 */
import type { ApplyResult } from '../apply/events.js';
import type { Refusal } from '../plan/rules/safety.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Plan } from '../plan/model.js';

export type RoundResult = 'converged' | 'changed' | 'failed';

/** Where a failed round stopped. */
export type FailedStage =
  /** Manifests invalid, live state unreadable, or the plan unusable: nothing was written. */
  | 'plan'
  /** A safety rule refused the plan: nothing was written. */
  | 'safety'
  /** Some changes failed, were skipped or interrupted. */
  | 'apply'
  /** Something unexpected (a bug, or the process running out of something). */
  | 'error';

export interface RoundBase {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Errors of a failed round; warnings of the plan otherwise. */
  readonly diagnostics: readonly Diagnostic[];
}

export type RoundOutcome =
  | (RoundBase & { readonly result: 'converged'; readonly plan: Plan; readonly refusals: readonly Refusal[] })
  | (RoundBase & { readonly result: 'changed'; readonly plan: Plan; readonly apply: ApplyResult; readonly refusals: readonly Refusal[] })
  | (RoundBase & {
      readonly result: 'failed';
      readonly stage: FailedStage;
      readonly plan?: Plan;
      readonly apply?: ApplyResult;
      readonly refusals: readonly Refusal[];
    });
