/** `kustodian plan`: what apply would change, as text, JSON or markdown; optionally saved. */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { Diagnostic } from '../../core/diagnostics.js';
import { PLAN_CODES } from '../../plan/codes.js';
import { hasChanges, type Plan } from '../../plan/model.js';
import { describeRefusal } from '../../plan/rules/safety.js';
import { addSafetyOptions, type SafetyFlagValues, safetyOf } from '../options/apply-options.js';
import { addAzureOptions, connectionArgs, connect, type AzureOptionValues } from '../options/azure-options.js';
import { shellWord } from '../options/shell-word.js';
import { addSelectionOptions, DEFAULT_PATHS, planningOf, type SelectionValues } from '../options/common-options.js';
import { EXIT } from '../process/exit-codes.js';
import { addInventoryOption, graphOf, type InventoryValues, usesGraph } from '../options/inventory-option.js';
import type { CliIO } from '../process/io.js';
import { printDiagnostics } from '../output/output.js';
import { checkMarkdownKey, PLAN_FORMATS, type PlanFormat, printPlan } from '../output/plan-output.js';
import { planOrReport } from '../plan-runner.js';
import { addPrerequisiteOptions, prerequisiteDiagnostics, type PrerequisiteMode, prerequisiteMode, type PrerequisiteValues } from '../options/prerequisite-options.js';
import { checkOutputFile } from '../output/report-file.js';
import { writeFileSafely } from '../../fs/safe-write.js';
import { UsageError } from '../process/usage-error.js';
import { packageVersion } from '../process/version.js';
import { printable } from '../../core/printable.js';
import { commandSummary } from '../command-catalog.js';

interface PlanValues extends AzureOptionValues, SelectionValues, InventoryValues, SafetyFlagValues, PrerequisiteValues {
  readonly output: PlanFormat;
  readonly out?: string;
  readonly detailedExitcode?: boolean;
  /** true (or `error`): what the service refuses fails the plan; `warn`: it is only shown. */
  readonly validateRemote?: boolean | string;
  readonly markdownKey?: string;
}

/** `--validate-remote[=error|warn]`. */
function remoteMode(value: boolean | string | undefined): 'off' | 'error' | 'warn' {
  if (value === undefined || value === false) return 'off';
  if (value === true || value === 'error') return 'error';
  if (value === 'warn') return 'warn';
  throw new UsageError(`--validate-remote takes no value, or error or warn; got "${value}"`);
}

export function registerPlanCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('plan')
    .summary(commandSummary('plan'))
    .description('show what apply would change (create, update, replace, delete), field by field')
    .argument('[paths...]', 'manifest files or folders', DEFAULT_PATHS)
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAN_FORMATS).default('text'))
    .option('--out <file>', 'save the plan for `apply --plan FILE`')
    .option('--detailed-exitcode', 'exit 2 on changes, 3 if apply would refuse some')
    .option('--validate-remote [mode]', 'the service validates each write (=warn: no exit 1)')
    .option('--markdown-key <key>', 'tell apart several plans in one pull request');
  addPrerequisiteOptions(cmd);
  addSafetyOptions(cmd);
  addSelectionOptions(cmd);
  addInventoryOption(cmd, 'default', 'faster, lags; no --out');
  addAzureOptions(cmd);
  cmd.action(async (paths: string[], values: PlanValues) => setExit(await runPlan(paths, values, io, connectionArgs(cmd))));
}

async function runPlan(paths: string[], values: PlanValues, io: CliIO, connectionFlags: readonly string[]): Promise<number> {
  if (values.out !== undefined && usesGraph(values)) {
    throw new UsageError(
      `--out ${values.out} cannot be used with --inventory resource-graph: a saved plan is applied only if ARM still answers what it was planned against, ` +
        'and Resource Graph lags behind ARM. Save plans read from ARM (drop --inventory, or --inventory arm); use Resource Graph for reports.',
    );
  }
  const remote = remoteMode(values.validateRemote);
  const prerequisites = prerequisiteMode(values);
  const planning = { ...planningOf(values, io), optIns: safetyOf(values) };
  checkMarkdownKey(values.markdownKey);
  checkOutputFile(io, '--out', values.out);
  const connection = await connect(values, io);
  try {
    const plan = await planOrReport(paths, planning, connection.port, io, graphOf(values, connection), prerequisites !== 'off' ? connection.prerequisites : undefined);
    if (!plan) return EXIT.error;
    await printPlan(plan, values.output, io, values.markdownKey);
    // The text shows the plan's warnings; JSON holds them; markdown has no place for them.
    if (values.output === 'markdown') printDiagnostics(io, plan.warnings);
    if (values.out) {
      // Loaded when used: plan-file.ts brings the saved plan's validator (see plan-output.ts).
      const { serialisePlanFile } = await import('../../plan/contract/plan-file.js');
      writeFileSafely(resolve(io.cwd, values.out), serialisePlanFile(plan, `kustodian ${packageVersion()}`));
      const apply = printable(['kustodian', 'apply', '--plan', shellWord(values.out), ...connectionFlags].join(' '));
      io.stderr.write(`Saved the plan to ${printable(values.out)}; apply exactly it with: ${apply}\n`);
    }
    if (prerequisitesFail(plan, prerequisites, values.output, io)) return EXIT.error;
    return planExitCode(plan, remote, values.detailedExitcode === true, io);
  } finally {
    await connection.close();
  }
}

/**
 * Whether a prerequisite check fails the plan (exit 1): one that failed, or with
 * --require-prerequisites one that could not run. The text plan shows them; after JSON or
 * markdown they are repeated on stderr, for the CI log.
 */
function prerequisitesFail(plan: Plan, mode: PrerequisiteMode, output: PlanFormat, io: CliIO): boolean {
  if (mode === 'off' || plan.prerequisites === undefined) return false;
  const diagnostics = prerequisiteDiagnostics(plan.prerequisites, mode);
  if (output !== 'text') printDiagnostics(io, diagnostics);
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * 1 when the service refuses a write (--validate-remote, unless =warn); with
 * --detailed-exitcode, 3 when apply would refuse some change, 2 when there are changes, else 0.
 */
function planExitCode(plan: Plan, remote: 'off' | 'error' | 'warn', detailed: boolean, io: CliIO): number {
  const refusals = plan.readiness?.refusals ?? [];
  const service = refusals.filter((r) => r.rule === 'service-refuses');
  if (remote === 'error' && service.length > 0) {
    printDiagnostics(io, service.map((r): Diagnostic => ({
      severity: 'error',
      code: PLAN_CODES.serviceRefuses,
      message: describeRefusal(r),
      hint: 'apply would fail on it; to see the plan without failing, use --validate-remote=warn',
    })));
    return EXIT.error;
  }
  if (!detailed) return EXIT.ok;
  if (refusals.length > 0) return EXIT.refused;
  return hasChanges(plan) ? EXIT.changes : EXIT.ok;
}
