/** One line that says how a reconcile round ended, for logs and terminals. */
import { assertNever } from '../core/assert-never.js';
import type { FailedStage, RoundOutcome } from '../reconcile/outcome.js';
import type { Style } from './style.js';

const STAGE: Readonly<Record<FailedStage, string>> = {
  plan: 'could not plan; nothing was changed',
  safety: 'a safety rule refused the plan; nothing was changed',
  apply: 'not every change succeeded',
  error: 'an unexpected error',
};

/** `--skip-refused`: how many changes the safety rules held back (reported above the line). */
function refusedPart(outcome: RoundOutcome): string {
  const held = new Set(outcome.refusals.flatMap((r) => r.addresses)).size;
  return held === 0 ? '' : `, except ${held} refused change${held === 1 ? '' : 's'} (left alone; see the refusals above)`;
}

export function roundSummaryLine(outcome: RoundOutcome, style: Style): string {
  const seconds = `${(outcome.durationMs / 1000).toFixed(1)} s`;
  switch (outcome.result) {
    case 'converged':
      if (outcome.refusals.length > 0) return style.yellow(`Reconcile converged${refusedPart(outcome)} after ${seconds}.`);
      return style.green(`Reconcile converged: nothing to do (${outcome.plan.summary.noOp} in sync) after ${seconds}.`);
    case 'changed':
      if (outcome.refusals.length > 0) {
        return style.yellow(`Reconcile converged after changes: ${outcome.apply.succeeded} of ${outcome.apply.results.length} changes applied${refusedPart(outcome)} in ${seconds}.`);
      }
      return style.green(`Reconcile converged after changes: ${outcome.apply.succeeded} of ${outcome.apply.results.length} changes applied in ${seconds}.`);
    case 'failed': {
      const applied = outcome.apply ? ` (${outcome.apply.succeeded} of ${outcome.apply.results.length} changes applied, ${outcome.apply.failed} failed, ${outcome.apply.skipped} skipped, ${outcome.apply.interrupted} interrupted)` : '';
      return style.red(`Reconcile failed: ${STAGE[outcome.stage]}${applied} after ${seconds}.`);
    }
    default:
      return assertNever(outcome, 'round outcome');
  }
}
