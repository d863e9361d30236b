/**
 * `kustodian apply`: prints the plan, checks every safety rule, asks for approval, then
 * carries the plan out and reports per change. `--plan FILE` applies exactly a saved plan.
 */
import type { Command } from 'commander';
import { assertNever } from '../../core/assert-never.js';
import type { SafetyOptions } from '../../plan/rules/safety.js';
import { type Diagnostic, hasErrors } from '../../core/diagnostics.js';
import { hasChanges, type Plan } from '../../plan/model.js';
import { renderApplyResult } from '../../render/apply-output.js';
import { toPublicPlan } from '../../plan/contract/to-public.js';
import { optInFlags } from '../../render/readiness.js';
import { type Style, styleFor } from '../../render/style.js';
import { type ApplyJobOutcome, type Approval, refusalDiagnostics, runApplyJob } from '../../workflow/apply-job.js';
import { checkStale } from '../../workflow/stale.js';
import { APPLY_CODES } from '../../workflow/codes.js';
import type { AzurePort } from '../../core/ports/azure-port.js';
import { askApproval } from '../process/approval.js';
import { addApplyOptions, type ApplyFlagValues, parallelismOf, safetyOf } from '../options/apply-options.js';
import { addAzureOptions, connect, type AzureOptionValues, type Connected } from '../options/azure-options.js';
import { addSelectionOptions, DEFAULT_PATHS, planningOf, type SelectionValues } from '../options/common-options.js';
import { EXIT } from '../process/exit-codes.js';
import { type CliIO, colorEnabled } from '../process/io.js';
import { printDiagnostics } from '../output/output.js';
import { readPlanFile, writePlanText } from '../output/plan-output.js';
import { planFromManifests } from '../plan-runner.js';
import { createProgress, prepareProgress } from '../output/progress.js';
import { watchInterrupts } from '../process/signals.js';
import { commandSummary } from '../command-catalog.js';
import { checkIngestion, verifyDurationOf } from '../ingestion-check.js';
import type { CheckTarget } from '../../workflow/prerequisite-job.js';
import type { ApplyResult } from '../../apply/events.js';

export interface ApplyValues extends AzureOptionValues, SelectionValues, ApplyFlagValues {
  readonly plan?: string;
  readonly dryRun?: boolean;
  readonly autoApprove?: boolean;
  readonly detailedExitcode?: boolean;
  /** `--verify-ingestion` alone (true) or with a duration. */
  readonly verifyIngestion?: boolean | string;
}

export function registerApplyCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('apply')
    .summary(commandSummary('apply'))
    .description('print the plan, then create, update, replace and delete data connections to match it')
    .argument('[paths...]', 'manifest files or folders', DEFAULT_PATHS)
    .option('--plan <file>', 'apply this saved plan (refused if stale)')
    .option('--dry-run', 'print the plan and stop, writing nothing')
    .option('--auto-approve', 'do not ask (required without a terminal)')
    .option('--detailed-exitcode', 'with --dry-run: exit 2 on changes')
    .option('--verify-ingestion [duration]', 'then watch ingestion (default 2m)');
  addApplyOptions(cmd);
  addSelectionOptions(cmd);
  addAzureOptions(cmd);
  cmd.action(async (paths: string[], values: ApplyValues) => setExit(await runApply(paths, values, io)));
}

async function loadSavedPlan(file: string, port: AzurePort, io: CliIO): Promise<{ plan?: Plan; diagnostics: readonly Diagnostic[] }> {
  const parsed = await readPlanFile(file, io, '--plan ');
  if (!parsed.ok) return { diagnostics: [parsed.diagnostic] };
  const stale = await checkStale(parsed.plan, port);
  if (stale.diagnostics.length > 0) return { diagnostics: stale.diagnostics };
  return { plan: parsed.plan, diagnostics: [] };
}

const OPT_IN_FLAGS = [
  ['allowReplace', '--allow-replace'],
  ['allowDelete', '--allow-delete'],
  ['allowEmptyDatabase', '--allow-empty-database'],
] as const;

/**
 * The safety opt-ins of `apply --plan`: exactly those the saved plan was made with, so the
 * review of that plan was the approval of what it does; `--max-deletes` still bounds it. An
 * opt-in flag the plan was not made with is not used, and a warning (KD306) says so: it would
 * allow what the review did not see. A plan saved before plans recorded their opt-ins takes
 * them from the command line.
 */
function savedPlanSafety(plan: Plan, given: SafetyOptions): { safety: SafetyOptions; diagnostics: Diagnostic[] } {
  const recorded = plan.readiness?.optIns;
  if (recorded === undefined) return { safety: given, diagnostics: [] };
  const diagnostics = OPT_IN_FLAGS.filter(([key]) => given[key] && !recorded[key]).map(([, flag]): Diagnostic => ({
    severity: 'warning',
    code: APPLY_CODES.optInNotReviewed,
    message: `${flag} is not used: a saved plan is applied with the opt-ins it was made with (${optInFlags(recorded).join(', ')})`,
    hint: `to allow it, make the plan with ${flag} (kustodian plan ${flag} --out FILE), review it, and apply that plan`,
  }));
  return { safety: { ...recorded, maxDeletes: Math.min(recorded.maxDeletes, given.maxDeletes) }, diagnostics };
}

/** Approval as a person gives it: --auto-approve, or yes at a terminal. */
async function approval(values: ApplyValues, io: CliIO): Promise<Approval> {
  if (values.autoApprove) return 'approved';
  if (io.stdin.isTTY !== true) return 'no-terminal';
  return (await askApproval(io)) ? 'approved' : 'declined';
}

export async function runApply(paths: string[], values: ApplyValues, io: CliIO): Promise<number> {
  const parallelism = parallelismOf(values);
  const verifyMs = verifyDurationOf(values.verifyIngestion);
  const given = safetyOf(values);
  const style = styleFor(colorEnabled(io.stdout, io.env));
  const json = values.output === 'json';
  const planning = { ...planningOf(values, io), optIns: given };
  const connection = await connect(values, io, { logFormat: values.output });
  try {
    const planned = values.plan
      ? await loadSavedPlan(values.plan, connection.port, io)
      : await planFromManifests(paths, planning, connection.port, io);
    printDiagnostics(io, planned.diagnostics.filter((d) => d.severity === 'error' || !planned.plan));
    const plan = planned.plan;
    if (!plan || hasErrors(planned.diagnostics)) return EXIT.error;
    const { safety, diagnostics: unused } = values.plan ? savedPlanSafety(plan, given) : { safety: given, diagnostics: [] };

    // The text plan is written as it is rendered (plan-output.ts), never held as one string.
    if (json) io.stdout.write(`${JSON.stringify({ type: 'plan', plan: toPublicPlan(plan) })}\n`);
    else await writePlanText(plan, io, style);
    printDiagnostics(io, unused);
    if (!hasChanges(plan)) return EXIT.ok;
    if (values.dryRun) {
      if (!json) io.stdout.write('\nDry run: nothing was changed.\n');
      return values.detailedExitcode ? EXIT.changes : EXIT.ok;
    }
    return await carryOut(plan, safety, { values, io, style, json, parallelism, verifyMs, connection });
  } finally {
    await connection.close();
  }
}

/** What carrying out a printed plan needs from the command: its flags, output and connection. */
interface ApplyRun {
  readonly values: ApplyValues;
  readonly io: CliIO;
  readonly style: Style;
  readonly json: boolean;
  readonly parallelism: number | undefined;
  readonly verifyMs: number | undefined;
  readonly connection: Connected;
}

/** Asks for approval, carries the plan out with progress and interrupts, and answers the exit code. */
async function carryOut(plan: Plan, safety: SafetyOptions, run: ApplyRun): Promise<number> {
  const { values, io } = run;
  // Ctrl-C is the terminal's until the changes start (at the prompt it just ends kustodian);
  // from then on it stops new operations, then stops waiting (signals.ts).
  let interrupts: ReturnType<typeof watchInterrupts> | undefined;
  const stop = new AbortController();
  const abort = new AbortController();
  let progress: ReturnType<typeof createProgress> | undefined;
  let changedSince = new Date().toISOString();
  try {
    const outcome = await runApplyJob({
      plan,
      port: run.connection.port,
      safety,
      mode: 'all-or-nothing',
      parallelism: run.parallelism,
      approve: async (toApply) => {
        const answer = await approval(values, io);
        if (answer === 'approved') {
          changedSince = new Date().toISOString();
          interrupts = watchInterrupts(io);
          interrupts.stop.addEventListener('abort', () => stop.abort(), { once: true });
          interrupts.abort.addEventListener('abort', () => abort.abort(), { once: true });
          await prepareProgress(io, values.output);
          progress = createProgress(io, toApply.changes.length, values.output, run.style);
          if (!run.json) io.stdout.write('\n');
        }
        return answer;
      },
      stop: stop.signal,
      abort: abort.signal,
      onEvent: (e) => progress?.onEvent(e),
    });
    progress?.close();
    return await exitOf(outcome, plan, { stop: stop.signal, changedSince }, run);
  } finally {
    progress?.close();
    interrupts?.dispose();
  }
}

/** Reports the apply job's outcome (and, when asked, the ingestion of what it wrote) and answers the exit code. */
async function exitOf(outcome: ApplyJobOutcome, plan: Plan, after: { stop: AbortSignal; changedSince: string }, run: ApplyRun): Promise<number> {
  const { io } = run;
  switch (outcome.status) {
    case 'nothing-to-do':
      return EXIT.ok;
    case 'refused':
      printDiagnostics(io, refusalDiagnostics(outcome.refusals));
      io.stderr.write('Nothing was changed.\n');
      return EXIT.error;
    case 'not-approved':
      if (outcome.approval === 'declined') io.stderr.write('Apply cancelled: nothing was changed.\n');
      else printDiagnostics(io, [NO_TERMINAL]);
      return EXIT.error;
    case 'applied':
      return appliedExit(outcome.apply, plan, after, run);
    default:
      return assertNever(outcome, 'apply job outcome');
  }
}

/** Prints the result of an applied plan, then verifies ingestion when asked; the exit code of both. */
async function appliedExit(result: ApplyResult, plan: Plan, after: { stop: AbortSignal; changedSince: string }, run: ApplyRun): Promise<number> {
  const { io, json, verifyMs } = run;
  io.stdout.write(json ? `${JSON.stringify({ type: 'result', ...result })}\n` : renderApplyResult(result, run.style));
  if (after.stop.aborted && result.succeeded < result.results.length) return EXIT.interrupted;
  const applyExit = result.failed + result.skipped + result.interrupted > 0 ? EXIT.error : EXIT.ok;
  const written = verifyMs === undefined ? [] : writtenTargets(plan, result);
  if (verifyMs === undefined || written.length === 0) return applyExit;
  const health = await checkIngestion(written, run.connection.prerequisites, { since: after.changedSince, durationMs: verifyMs, json, heading: '\nIngestion of the changed connections', signal: after.stop }, io);
  return health.some((h) => h.status === 'failures') ? EXIT.error : applyExit;
}

/**
 * The connections a create, update or replace of the plan wrote successfully. A gap-free
 * replacement is watched from when the new connection reached Succeeded: what arrives then
 * is data after the overlap its result states.
 */
function writtenTargets(plan: Plan, result: ApplyResult): CheckTarget[] {
  // Each written connection, by address, with the overlap its replacement observed (if any).
  const done = new Map(result.results.flatMap((r) => (r.outcome.status === 'succeeded' && r.action !== 'delete' ? [[r.address, r.outcome.overlap] as const] : [])));
  return plan.changes.flatMap((c) => {
    if (c.action === 'delete' || !done.has(c.address)) return [];
    const overlap = done.get(c.address);
    const watchFrom = overlap !== undefined ? { watchFrom: { at: overlap.newSucceededAt, why: 'when the gap-free replacement reached Succeeded, after its overlap' } } : {};
    return [{ address: c.address, database: c.target, body: c.after, ...watchFrom }];
  });
}

const NO_TERMINAL: Diagnostic = {
  severity: 'error',
  code: APPLY_CODES.notApproved,
  message: 'no terminal to ask for approval, so nothing was changed',
  hint: 'review the plan above, then run again with --auto-approve (or apply a reviewed saved plan with --plan FILE --auto-approve)',
};
