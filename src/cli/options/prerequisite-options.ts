/**
 * `--check-prerequisites` and `--require-prerequisites`, shared by plan, drift and reconcile:
 * what each written connection depends on is checked, a failing check fails the command, and a
 * check that could not run fails it only when required.
 */
import { type Command, Option } from 'commander';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ConnectionPrerequisites } from '../../plan/prerequisites.js';
import type { PlanJobResult } from '../../workflow/plan-job.js';
import { prerequisiteProblems } from '../../plan/prerequisites.js';

export interface PrerequisiteValues {
  readonly checkPrerequisites?: boolean;
  readonly requirePrerequisites?: boolean;
}

export type PrerequisiteMode = 'off' | 'check' | 'require';

/** `--check-prerequisites`, and (unless `reportOnly`: reconcile reports them and goes on) `--require-prerequisites`. */
export function addPrerequisiteOptions(cmd: Command, reportOnly = false): Command {
  cmd.addOption(
    new Option(
      '--check-prerequisites',
      reportOnly
        ? 'check what written connections need (warnings)'
        : 'check what written connections need (fail: exit 1)',
    ),
  );
  if (!reportOnly) cmd.addOption(new Option('--require-prerequisites', 'as above; a check that cannot run also exits 1'));
  return cmd;
}

export function prerequisiteMode(values: PrerequisiteValues): PrerequisiteMode {
  if (values.requirePrerequisites === true) return 'require';
  return values.checkPrerequisites === true ? 'check' : 'off';
}

/**
 * Each check that did not pass as a diagnostic: an error when it fails (or could not run and the
 * checks are required), else a warning.
 */
export function prerequisiteDiagnostics(all: readonly ConnectionPrerequisites[], mode: PrerequisiteMode): Diagnostic[] {
  return prerequisiteProblems(all).map(({ address, check }) => ({
    severity: check.status === 'fail' || mode === 'require' ? 'error' : 'warning',
    code: check.code,
    address,
    message: `${check.subject}: ${check.message ?? check.status}`,
    ...(check.hint !== undefined ? { hint: check.hint } : {}),
  }));
}

/** A plan job's result with each prerequisite problem also a warning of its plan (reconcile's round report carries the plan's warnings). */
export function withPrerequisiteWarnings(result: PlanJobResult): PlanJobResult {
  const plan = result.plan;
  if (plan?.prerequisites === undefined) return result;
  const warnings = prerequisiteDiagnostics(plan.prerequisites, 'check').map((d) => ({ ...d, severity: 'warning' as const }));
  return { ...result, plan: { ...plan, warnings: [...plan.warnings, ...warnings] } };
}
