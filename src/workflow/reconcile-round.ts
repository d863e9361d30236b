/**
 * One reconcile round: plan, then the apply job (the same path and guards as `apply`): by
 * default a single refusal means nothing is written; with `skip-refused` the refused changes
 * are set aside and reported, the rest applied. The round never throws: whatever goes wrong is
 * a failed outcome with diagnostics, so a continuous reconciler can log it and go on.
 */
import { type ApplyEvent, type ApplyResult, skipReasonText } from '../apply/events.js';
import type { Refusal, SafetyOptions } from '../plan/rules/safety.js';
import { assertNever } from '../core/assert-never.js';
import type { AzurePort } from '../core/ports/azure-port.js';
import { type Diagnostic, hasErrors } from '../core/diagnostics.js';
import type { Plan } from '../plan/model.js';
import { refusalDiagnostics, type RefusalMode, runApplyJob } from './apply-job.js';
import { APPLY_CODES } from './codes.js';
import type { RoundBase, RoundOutcome } from '../reconcile/outcome.js';
import type { PlanJobResult } from './plan-job.js';

export interface RoundInput {
  /** Plans against the live state (the plan job with the loader and options bound). */
  readonly plan: () => Promise<PlanJobResult>;
  readonly port: AzurePort;
  readonly safety: SafetyOptions;
  readonly mode: RefusalMode;
  readonly parallelism: number | undefined;
  readonly clock: () => Date;
  /** No new change starts once this is aborted. */
  readonly stop?: AbortSignal;
  /** Running changes stop being waited for once this is aborted. */
  readonly abort?: AbortSignal;
  readonly onPlan?: (plan: Plan) => void | Promise<void>;
  readonly onEvent?: (event: ApplyEvent) => void;
}

export async function reconcileRound(input: RoundInput): Promise<RoundOutcome> {
  const started = input.clock();
  const timing = (): Omit<RoundBase, 'diagnostics'> => {
    const finished = input.clock();
    return { startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime() };
  };
  try {
    const job = await input.plan();
    const plan = job.plan;
    if (!plan || hasErrors(job.diagnostics)) {
      return { ...timing(), result: 'failed', stage: 'plan', refusals: [], diagnostics: job.diagnostics.filter((d) => d.severity === 'error') };
    }
    await input.onPlan?.(plan);
    const applied = await runApplyJob({
      plan,
      port: input.port,
      safety: input.safety,
      mode: input.mode,
      parallelism: input.parallelism,
      approve: async () => 'approved',
      clock: input.clock,
      ...(input.stop ? { stop: input.stop } : {}),
      ...(input.abort ? { abort: input.abort } : {}),
      ...(input.onEvent ? { onEvent: input.onEvent } : {}),
    });
    switch (applied.status) {
      case 'nothing-to-do':
      case 'not-approved':
        return { ...timing(), result: 'converged', plan, refusals: applied.refusals, diagnostics: [...plan.warnings, ...refusalDiagnostics(applied.refusals)] };
      case 'refused':
        return { ...timing(), result: 'failed', stage: 'safety', plan, refusals: applied.refusals, diagnostics: refusalDiagnostics(applied.refusals) };
      case 'applied': {
        const { apply, refusals } = applied;
        if (apply.failed + apply.skipped + apply.interrupted > 0) {
          // What the plan warned of (a prerequisite missing, say) often explains the failure: kept.
          return { ...timing(), result: 'failed', stage: 'apply', plan, apply, refusals, diagnostics: [...applyDiagnostics(apply), ...refusalDiagnostics(refusals), ...plan.warnings] };
        }
        return { ...timing(), result: 'changed', plan, apply, refusals, diagnostics: [...plan.warnings, ...refusalDiagnostics(refusals)] };
      }
      default:
        return assertNever(applied, 'apply job outcome');
    }
  } catch (e) {
    return { ...timing(), ...unexpected(e) };
  }
}

/** A failed outcome for an exception that escaped a round (the loop's last line of defence). */
export function unexpected(e: unknown): { readonly result: 'failed'; readonly stage: 'error'; readonly refusals: readonly Refusal[]; readonly diagnostics: readonly Diagnostic[] } {
  return {
    result: 'failed',
    stage: 'error',
    refusals: [],
    diagnostics: [{
      severity: 'error',
      code: APPLY_CODES.roundFailed,
      message: `the reconcile round failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'the next round starts afresh; if this repeats, report it with the log',
    }],
  };
}

function applyDiagnostics(apply: ApplyResult): Diagnostic[] {
  return apply.results.flatMap((r): Diagnostic[] => {
    const o = r.outcome;
    const about = { severity: 'error' as const, code: APPLY_CODES.changeFailed, address: r.address };
    switch (o.status) {
      case 'succeeded':
        return [];
      case 'failed': {
        const code = [o.error.status, o.error.code].filter((x) => x !== undefined).join(' ');
        return [{ ...about, message: `${r.action} failed at its ${o.step} step: ${code ? `${code}: ` : ''}${o.error.message}`, hint: 'fix the cause; the next round plans only what is still to do' }];
      }
      case 'skipped':
        return [{
          ...about,
          message: `${r.action} not started: ${skipReasonText(o.reason)}`,
          hint: 'the next round plans it again',
        }];
      case 'interrupted':
        return [{ ...about, message: `${r.action} interrupted during its ${o.step} step; the service may still finish it`, hint: 'the next round sees where it ended' }];
      default:
        return assertNever(o, 'change outcome');
    }
  });
}
