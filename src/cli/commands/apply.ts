/**
 * `kustodian apply`: prints the plan, checks every safety rule, asks for approval, then
 * carries the plan out and reports per change. `--plan FILE` applies exactly a saved plan.
 */
import type { Command } from 'commander';
import { applyPlan } from '../../apply/applier.js';
import { checkSafety, describeRefusal } from '../../apply/safety.js';
import { type Diagnostic, hasErrors } from '../../core/diagnostics.js';
import { hasChanges, type Plan } from '../../plan/model.js';
import { renderApplyResult } from '../../render/apply-output.js';
import { styleFor } from '../../render/style.js';
import { renderPlanText } from '../../render/text.js';
import { checkStale } from '../../workflow/stale.js';
import { APPLY_CODES } from '../../workflow/codes.js';
import type { AzurePort } from '../../core/azure-port.js';
import { askApproval } from '../approval.js';
import { addApplyOptions, type ApplyFlagValues, parallelismOf, safetyOf } from '../apply-options.js';
import { addAzureOptions, connect, type AzureOptionValues } from '../azure-options.js';
import { addSelectionOptions, DEFAULT_PATHS, planningOf, type SelectionValues } from '../common-options.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, colorEnabled } from '../io.js';
import { printDiagnostics } from '../output.js';
import { readPlanFile } from '../plan-output.js';
import { planFromManifests } from '../plan-runner.js';
import { createProgress, prepareProgress } from '../progress.js';
import { watchInterrupts } from '../signals.js';

export interface ApplyValues extends AzureOptionValues, SelectionValues, ApplyFlagValues {
  readonly plan?: string;
  readonly dryRun?: boolean;
  readonly autoApprove?: boolean;
  readonly detailedExitcode?: boolean;
}

export function registerApplyCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('apply')
    .description('print the plan, then create, update, replace and delete data connections to match it')
    .argument('[paths...]', 'manifest files or directories', DEFAULT_PATHS)
    .option('--plan <file>', 'apply exactly this saved plan (refused if the live state moved since)')
    .option('--dry-run', 'print the plan and stop: no write request at all')
    .option('--auto-approve', 'do not ask for confirmation (required without a terminal)')
    .option('--detailed-exitcode', 'with --dry-run, exit 2 when there are changes');
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

export async function runApply(paths: string[], values: ApplyValues, io: CliIO): Promise<number> {
  const parallelism = parallelismOf(values);
  const safety = safetyOf(values);
  const style = styleFor(colorEnabled(io.stdout, io.env));
  const json = values.logFormat === 'json';
  const planning = planningOf(values, io);
  const connection = await connect(values, io);
  try {
    const planned = values.plan
      ? await loadSavedPlan(values.plan, connection.port, io)
      : await planFromManifests(paths, planning, connection.port, io);
    printDiagnostics(io, planned.diagnostics.filter((d) => d.severity === 'error' || !planned.plan));
    const plan = planned.plan;
    if (!plan || hasErrors(planned.diagnostics)) return EXIT.error;

    io.stdout.write(json ? `${JSON.stringify({ type: 'plan', plan })}\n` : renderPlanText(plan, style));
    if (!hasChanges(plan)) return EXIT.ok;
    if (values.dryRun) {
      if (!json) io.stdout.write('\nDry run: nothing was changed.\n');
      return values.detailedExitcode ? EXIT.changes : EXIT.ok;
    }

    const refusals = checkSafety(plan, safety);
    if (refusals.length > 0) {
      printDiagnostics(io, refusals.map((r) => ({ severity: 'error', code: APPLY_CODES.refused, message: `refused: ${describeRefusal(r)}` })));
      io.stderr.write('Nothing was changed.\n');
      return EXIT.error;
    }

    if (!values.autoApprove) {
      if (io.stdin.isTTY !== true) {
        printDiagnostics(io, [{
          severity: 'error',
          code: APPLY_CODES.notApproved,
          message: 'no terminal to ask for approval, so nothing was changed',
          hint: 'review the plan above, then run again with --auto-approve (or apply a reviewed saved plan with --plan FILE --auto-approve)',
        }]);
        return EXIT.error;
      }
      if (!(await askApproval(io))) {
        io.stderr.write('Apply cancelled: nothing was changed.\n');
        return EXIT.error;
      }
    }

    const interrupts = watchInterrupts(io);
    await prepareProgress(io, values.logFormat);
    const progress = createProgress(io, plan.changes.length, values.logFormat, style);
    try {
      if (!json) io.stdout.write('\n');
      const result = await applyPlan(plan, connection.port, { parallelism, stop: interrupts.stop, abort: interrupts.abort }, progress.onEvent);
      progress.close();
      io.stdout.write(json ? `${JSON.stringify({ type: 'result', ...result })}\n` : renderApplyResult(result, style));
      return result.failed + result.skipped + result.interrupted > 0 ? EXIT.error : EXIT.ok;
    } finally {
      progress.close();
      interrupts.dispose();
    }
  } finally {
    await connection.close();
  }
}
