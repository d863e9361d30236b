/**
 * `kustodian reconcile [paths...]`: plan and apply in one non-interactive step, for cron jobs and
 * controllers, with the same safety guards as apply. Exit 0 converged (changes applied or none
 * needed; 2 after changes with --detailed-exitcode), 3 converged except what --skip-refused left,
 * 1 failed (a safety refusal included: then nothing is written), 130 interrupted.
 * `--interval` keeps reconciling (and `--metrics-port` serves Prometheus metrics) until
 * SIGINT/SIGTERM; a failed round is logged and reported, and the next one runs.
 */
import { type Command, Option } from 'commander';
import { assertNever } from '../../core/assert-never.js';
import { NO_ROUNDS, type ReconcileMetrics, recordRound } from '../../reconcile/metrics.js';
import type { RoundOutcome } from '../../reconcile/outcome.js';
import { reconcileReport, type RoundTotals } from '../../reconcile/report.js';
import { renderReconcileMetrics } from '../../render/metrics.js';
import { styleFor } from '../../render/style.js';
import { reconcileLoop } from '../../workflow/reconcile-loop.js';
import { reconcileRound } from '../../workflow/reconcile-round.js';
import { addApplyOptions, type ApplyFlagValues, parallelismOf, safetyOf, wholeNumber } from '../options/apply-options.js';
import { addAzureOptions, connect, type AzureOptionValues } from '../options/azure-options.js';
import { UsageError } from '../process/usage-error.js';
import { addSelectionOptions, DEFAULT_PATHS, planningOf, type SelectionValues } from '../options/common-options.js';
import { parseDuration } from '../options/duration.js';
import { EXIT } from '../process/exit-codes.js';
import { type CliIO, colorEnabled } from '../process/io.js';
import { startMetricsServer, type MetricsServer } from '../metrics-server.js';
import { prepareProgress } from '../output/progress.js';
import { planFromManifests } from '../plan-runner.js';
import { addPrerequisiteOptions, type PrerequisiteValues, withPrerequisiteWarnings } from '../options/prerequisite-options.js';
import { checkOutputFile, writeReportFile } from '../output/report-file.js';
import { type Interrupts, watchInterrupts } from '../process/signals.js';
import { RoundPrinter } from '../output/reconcile-printer.js';
import { abortableSleep } from '../process/sleep.js';
import { packageVersion } from '../process/version.js';
import { commandSummary } from '../command-catalog.js';

interface ReconcileValues extends AzureOptionValues, SelectionValues, ApplyFlagValues, PrerequisiteValues {
  readonly report?: string;
  readonly interval?: string;
  readonly metricsPort?: string;
  readonly metricsHost: string;
  readonly skipRefused?: boolean;
  readonly detailedExitcode?: boolean;
}

/** What tests replace: the wait between rounds, its randomness, and the signals. */
export interface ReconcileHooks {
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly interrupts?: (io: CliIO) => Interrupts;
}

export function registerReconcileCommand(program: Command, io: CliIO, setExit: (code: number) => void, hooks: ReconcileHooks = {}): void {
  const cmd = program
    .command('reconcile')
    .summary(commandSummary('reconcile'))
    .description('plan and apply in one non-interactive step (cron jobs), with the safety guards of apply; --interval keeps going')
    .argument('[paths...]', 'manifest files or folders', DEFAULT_PATHS)
    .option('--report <file>', 'write a JSON report of each round to this file')
    .option('--interval <duration>', 'keep going: wait this long (±10%) after each round')
    .option('--metrics-port <n>', 'with --interval: Prometheus metrics on this port')
    .addOption(new Option('--metrics-host <host>', 'interface for --metrics-port').default('127.0.0.1'))
    .option('--detailed-exitcode', 'exit 2 when the round applied changes')
    .option('--skip-refused', 'apply what safety allows, report the rest (exit 3)');
  addApplyOptions(cmd);
  addPrerequisiteOptions(cmd, true);
  addSelectionOptions(cmd);
  addAzureOptions(cmd);
  cmd.action(async (paths: string[], values: ReconcileValues) => setExit(await runReconcile(paths, values, io, hooks)));
}

/**
 * 0 success (converged, changes applied or not), 2 for a round that applied changes only with
 * --detailed-exitcode, 3 when --skip-refused left refused changes, 1 failed.
 */
export function exitCodeOf(outcome: RoundOutcome, detailed = false): number {
  switch (outcome.result) {
    case 'converged':
      return outcome.refusals.length > 0 ? EXIT.refused : EXIT.ok;
    case 'changed':
      return outcome.refusals.length > 0 ? EXIT.refused : detailed ? EXIT.changes : EXIT.ok;
    case 'failed':
      return EXIT.error;
    default:
      return assertNever(outcome, 'round outcome');
  }
}

function totalsOf(m: ReconcileMetrics): RoundTotals {
  const { converged, changed, failed } = m.rounds;
  return { rounds: converged + changed + failed, converged, changed, failed, ...(m.lastSuccessAt !== undefined ? { lastSuccessAt: m.lastSuccessAt } : {}) };
}

async function runReconcile(paths: string[], values: ReconcileValues, io: CliIO, hooks: ReconcileHooks): Promise<number> {
  const parallelism = parallelismOf(values);
  const safety = safetyOf(values);
  const intervalMs = values.interval === undefined ? undefined : parseDuration(values.interval, '--interval');
  if (values.metricsPort !== undefined && intervalMs === undefined) {
    throw new UsageError('--metrics-port needs --interval: metrics are served while reconcile keeps running');
  }
  const metricsPort = values.metricsPort === undefined ? undefined : wholeNumber(values.metricsPort, '--metrics-port', 0, 65_535);
  const continuous = intervalMs !== undefined;
  const out = new RoundPrinter(io, values.output === 'json', styleFor(colorEnabled(io.stdout, io.env)));
  await prepareProgress(io, values.output);

  const planning = { ...planningOf(values, io), optIns: safety };
  checkOutputFile(io, '--report', values.report);
  const connection = await connect(values, io, { logFormat: values.output });
  const interrupts = (hooks.interrupts ?? watchInterrupts)(io);
  let server: MetricsServer | undefined;
  let metrics: ReconcileMetrics = NO_ROUNDS;
  try {
    if (metricsPort !== undefined) {
      server = await startMetricsServer(values.metricsHost, metricsPort, () => renderReconcileMetrics(metrics));
      out.serving(server.url);
    }
    const round = (n: number): Promise<RoundOutcome> => {
      out.startRound(n, continuous);
      return reconcileRound({
        plan: async () =>
          withPrerequisiteWarnings(
            await planFromManifests(paths, planning, connection.port, io, interrupts.abort, undefined, values.checkPrerequisites === true ? connection.prerequisites : undefined),
          ),
        port: connection.port,
        safety,
        mode: values.skipRefused ? 'skip-refused' : 'all-or-nothing',
        parallelism,
        clock: () => new Date(),
        stop: interrupts.stop,
        abort: interrupts.abort,
        onPlan: (plan) => out.plan(n, plan),
        onEvent: (e) => out.event(n, e),
      });
    };
    /** Metrics, log and report of a finished round; true when the report could be written. */
    const finish = (outcome: RoundOutcome, n: number): boolean => {
      metrics = recordRound(metrics, outcome);
      const report = reconcileReport(outcome, { round: n, writtenBy: `kustodian ${packageVersion()}`, ...(continuous ? { totals: totalsOf(metrics) } : {}) });
      out.finishRound(outcome, report);
      if (values.report === undefined) return true;
      const problem = writeReportFile(io, values.report, report);
      if (problem !== undefined) out.problem(problem);
      return problem === undefined;
    };

    if (intervalMs === undefined) {
      const outcome = await round(1);
      if (!finish(outcome, 1)) return EXIT.error;
      // Ctrl-C stopped the round part-way: what ran is reported above; the next round converges.
      return interrupts.stop.aborted && outcome.result === 'failed' ? EXIT.interrupted : exitCodeOf(outcome, values.detailedExitcode === true);
    }
    const summary = await reconcileLoop({
      round,
      intervalMs,
      sleep: hooks.sleep ?? abortableSleep,
      random: hooks.random ?? Math.random,
      clock: () => new Date(),
      stop: interrupts.stop,
      onRound: (outcome, n) => void finish(outcome, n),
      onWait: (ms, next) => out.waiting(ms, next),
    });
    out.stopped(summary.rounds);
    return EXIT.ok;
  } finally {
    interrupts.dispose();
    await server?.close();
    await connection.close();
  }
}
