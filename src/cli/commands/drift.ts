/**
 * `kustodian drift [paths...]`: every connection of the referenced databases classified as in
 * sync, drifted (with each field's expected and actual value), missing, unmanaged, in progress
 * or failed. Built on the plan, so drift is exactly what an apply would change. Exit 0 in sync,
 * 2 drift found, 1 error (as `plan --detailed-exitcode`).
 */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { driftReport, hasDrift } from '../../drift/report.js';
import { PLAIN, styleFor } from '../../render/style.js';
import { addAzureOptions, connect, type AzureOptionValues } from '../options/azure-options.js';
import { addTargetOptions, DEFAULT_PATHS, planningOf, type SelectionValues } from '../options/common-options.js';
import { DRIFT_FORMATS, type DriftFormat, driftFormatOfFile, renderDrift } from '../output/drift-output.js';
import { EXIT } from '../process/exit-codes.js';
import { addInventoryOption, graphOf, type InventoryValues } from '../options/inventory-option.js';
import { type CliIO, colorEnabled } from '../process/io.js';
import { checkOutputFile } from '../output/report-file.js';
import { writeFileSafely } from '../../fs/safe-write.js';
import { printDiagnostics } from '../output/output.js';
import { planOrReport } from '../plan-runner.js';
import { commandSummary } from '../command-catalog.js';
import { addPrerequisiteOptions, prerequisiteDiagnostics, prerequisiteMode, type PrerequisiteValues } from '../options/prerequisite-options.js';

interface DriftValues extends AzureOptionValues, SelectionValues, InventoryValues, PrerequisiteValues {
  readonly output: DriftFormat;
  readonly out?: string;
}

export function registerDriftCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('drift')
    .summary(commandSummary('drift'))
    .description('compare the manifests with the live state: in sync, drifted, missing, unmanaged, in progress, failed')
    .argument('[paths...]', 'manifest files or folders', DEFAULT_PATHS)
    .addOption(new Option('-o, --output <format>', 'output format').choices(DRIFT_FORMATS).default('text'))
    .option('--out <file>', 'also write the report here (.txt, .json, .md, .xml JUnit)');
  addPrerequisiteOptions(cmd);
  addTargetOptions(cmd);
  addInventoryOption(cmd, 'default', 'faster, lags');
  addAzureOptions(cmd);
  cmd.action(async (paths: string[], values: DriftValues) => setExit(await runDrift(paths, values, io)));
}

async function runDrift(paths: string[], values: DriftValues, io: CliIO): Promise<number> {
  // A bad --out is a usage error before any Azure call.
  const fileFormat = values.out === undefined ? undefined : driftFormatOfFile(values.out);
  const planning = planningOf(values, io);
  const prerequisites = prerequisiteMode(values);
  checkOutputFile(io, '--out', values.out);
  const connection = await connect(values, io);
  try {
    const plan = await planOrReport(paths, planning, connection.port, io, graphOf(values, connection), prerequisites !== 'off' ? connection.prerequisites : undefined);
    if (!plan) return EXIT.error;
    // The report has no place for them: what the read could not promise, and what the drifted
    // connections' fixes would lack (--check-prerequisites), go to stderr.
    const missing = plan.prerequisites === undefined ? [] : prerequisiteDiagnostics(plan.prerequisites, prerequisites);
    printDiagnostics(io, [...plan.warnings, ...missing]);
    const report = driftReport(plan);
    io.stdout.write(renderDrift(report, values.output, styleFor(colorEnabled(io.stdout, io.env))));
    if (values.out !== undefined && fileFormat !== undefined) writeFileSafely(resolve(io.cwd, values.out), renderDrift(report, fileFormat, PLAIN));
    if (missing.some((d) => d.severity === 'error')) return EXIT.error;
    return hasDrift(report) ? EXIT.changes : EXIT.ok;
  } finally {
    await connection.close();
  }
}
