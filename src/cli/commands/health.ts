/**
 * `kustodian health [paths...]`: whether the live connections the manifests declare ingest:
 * `.show ingestion failures` of each one's table over a look-back window (and, with --watch,
 * for a while longer). Exit 0 when none has failures, 1 when one has (or on an error).
 */
import { type Command, Option } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import { liveTargets } from '../../workflow/live-targets.js';
import { addAzureOptions, connect, type AzureOptionValues } from '../options/azure-options.js';
import { addTargetOptions, DEFAULT_PATHS, planningOf, type SelectionValues } from '../options/common-options.js';
import { parseDuration } from '../options/duration.js';
import { EXIT } from '../process/exit-codes.js';
import { checkIngestion } from '../ingestion-check.js';
import type { CliIO } from '../process/io.js';
import { printDiagnostics } from '../output/output.js';
import { planFromManifests } from '../plan-runner.js';
import { commandSummary } from '../command-catalog.js';

interface HealthValues extends AzureOptionValues, SelectionValues {
  readonly output: 'text' | 'json';
  readonly window: string;
  readonly watch?: string;
}

export function registerHealthCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('health')
    .summary(commandSummary('health'))
    .description('whether the declared live connections ingest: healthy, failures (with the first one), or no data seen')
    .argument('[paths...]', 'manifest files or folders', DEFAULT_PATHS)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--window <duration>', 'look back this far for ingestion failures and rows', '1h')
    .option('--watch <duration>', 'also keep watching for this long');
  addTargetOptions(cmd);
  addAzureOptions(cmd);
  cmd.action(async (paths: string[], values: HealthValues) => setExit(await runHealth(paths, values, io)));
}

async function runHealth(paths: string[], values: HealthValues, io: CliIO): Promise<number> {
  const windowMs = parseDuration(values.window, '--window');
  const watchMs = values.watch === undefined ? 0 : parseDuration(values.watch, '--watch');
  const planning = planningOf(values, io);
  const connection = await connect(values, io);
  try {
    const planned = await planFromManifests(paths, planning, connection.port, io);
    printDiagnostics(io, planned.diagnostics.filter((d) => d.severity === 'error' || !planned.plan));
    if (!planned.plan || !planned.desired || hasErrors(planned.diagnostics)) return EXIT.error;
    const targets = liveTargets(planned.plan, planned.desired);
    if (targets.length === 0) {
      io.stderr.write('No declared connection is live: nothing to check.\n');
      return EXIT.ok;
    }
    const since = new Date(Date.now() - windowMs).toISOString();
    const health = await checkIngestion(targets, connection.prerequisites, { since, durationMs: watchMs, json: values.output === 'json', heading: 'Ingestion of the declared connections' }, io);
    return health.some((h) => h.status === 'failures') ? EXIT.error : EXIT.ok;
  } finally {
    await connection.close();
  }
}
