/**
 * `kustodian report merge FILE...`: one report from the JSON reports of sharded jobs (or of
 * separate manifest trees): drift reports into a drift report, reconcile reports into a
 * reconcile summary. Exit codes follow the merged report as its command's would: drift 0, or 2
 * when anything drifted; reconcile 0, or 1 when a change failed (changes applied are success, as
 * `reconcile` without --detailed-exitcode).
 */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import { mergeDriftReports, REPORT_CODES } from '../../drift/merge.js';
import { hasDrift } from '../../drift/report.js';
import { mergeReconcileReports } from '../../reconcile/merge.js';
import { PLAIN, styleFor } from '../../render/style.js';
import { DRIFT_FORMATS, type DriftFormat, driftFormatOfFile, renderDrift } from '../output/drift-output.js';
import { EXIT } from '../process/exit-codes.js';
import { type CliIO, colorEnabled } from '../process/io.js';
import { writeFileSafely } from '../../fs/safe-write.js';
import { printDiagnostics } from '../output/output.js';
import { checkOutputFile } from '../output/report-file.js';
import { readReportFile } from '../output/report-files.js';
import { packageVersion } from '../process/version.js';
import { commandSummary } from '../command-catalog.js';

interface MergeValues {
  readonly output: DriftFormat;
  readonly out?: string;
}

export function registerReportCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const report = program.command('report').summary(commandSummary('report')).description('work with the JSON reports of drift and reconcile (e.g. merge sharded jobs)');
  report
    .command('merge')
    .description('merge the JSON reports of sharded (or separate) drift or reconcile runs into one')
    .argument('<files...>', 'drift reports (drift -o json) or reconcile reports (reconcile --report)')
    .addOption(new Option('-o, --output <format>', 'output format (drift reports: text, json, markdown, junit; reconcile reports: text, json)').choices([...DRIFT_FORMATS]).default('text'))
    .option('--out <file>', 'also write the merged report to a file (format from its extension)')
    .action((files: string[], values: MergeValues) => setExit(runMerge(files, values, io)));
}

function runMerge(files: string[], values: MergeValues, io: CliIO): number {
  checkOutputFile(io, '--out', values.out);
  const reports = files.map((f) => readReportFile(f, io.cwd));
  const problems = reports.flatMap((r) => (r.kind === 'unusable' ? [r.diagnostic] : []));
  if (problems.length > 0) {
    printDiagnostics(io, problems);
    return EXIT.error;
  }
  const kinds = new Set(reports.map((r) => r.kind));
  if (kinds.size > 1) {
    printDiagnostics(io, [{ severity: 'error', code: REPORT_CODES.mixedKinds, message: 'drift reports and reconcile reports cannot be merged together', hint: 'merge each kind separately' }]);
    return EXIT.error;
  }
  const style = styleFor(colorEnabled(io.stdout, io.env));
  if (reports.every((r) => r.kind === 'drift')) {
    const result = mergeDriftReports(reports.flatMap((r) => (r.kind === 'drift' ? [{ file: r.file, report: r.report }] : [])));
    printDiagnostics(io, result.diagnostics);
    if (!result.merged || hasErrors(result.diagnostics)) return EXIT.error;
    io.stdout.write(renderDrift(result.merged, values.output, style));
    // A file is read later, elsewhere: never with the terminal's colours.
    if (values.out) writeFileSafely(resolve(io.cwd, values.out), renderDrift(result.merged, driftFormatOfFile(values.out), PLAIN));
    return hasDrift(result.merged) ? EXIT.changes : EXIT.ok;
  }
  const result = mergeReconcileReports(
    reports.flatMap((r) => (r.kind === 'reconcile' ? [{ file: r.file, report: r.report }] : [])),
    `kustodian ${packageVersion()}`,
  );
  printDiagnostics(io, result.diagnostics);
  if (!result.merged || hasErrors(result.diagnostics)) return EXIT.error;
  const m = result.merged;
  const json = `${JSON.stringify(m, null, 2)}\n`;
  const ok = m.changes.filter((c) => c.status === 'succeeded').length;
  const text = `Reconcile (${reports.length} reports${m.shards.length ? `, shards ${m.shards.join(', ')}` : ''}): ${m.result}; ${ok} of ${m.changes.length} changes succeeded, ${m.refusals.length} refusals.\n`;
  io.stdout.write(values.output === 'json' ? json : text);
  if (values.out) writeFileSafely(resolve(io.cwd, values.out), json);
  return m.result === 'failed' ? EXIT.error : EXIT.ok;
}
