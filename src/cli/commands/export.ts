/**
 * `kustodian export`: manifests for the live data connections of databases (named, or found
 * under clusters, resource groups and subscriptions), written under --dir (`-o files`) or printed
 * as one YAML stream (`-o yaml`). Everything is read and checked first; a file is written only when none is refused.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { parseScope, scopeShapes } from '../../azure/arm/arm-ids.js';
import { type Diagnostic, hasErrors } from '../../core/diagnostics.js';
import type { ArmScope, ScopeLevel } from '../../core/scope.js';
import { exportStream } from '../../export/export.js';
import { DEFAULT_MANIFEST_PATH, loadManifestTexts } from '../../manifest/load.js';
import { runExportJob } from '../../workflow/export-job.js';
import { addAzureOptions, connect, connectionArgs, type AzureOptionValues } from '../options/azure-options.js';
import { UsageError } from '../process/usage-error.js';
import { collect } from '../options/common-options.js';
import { addDeprecatedSpelling } from '../options/deprecated-option.js';
import { EXIT } from '../process/exit-codes.js';
import { addInventoryOption, graphOf, type InventoryValues } from '../options/inventory-option.js';
import type { CliIO } from '../process/io.js';
import { printDiagnostics } from '../output/output.js';
import { modelineSchema } from '../output/schema-modeline.js';
import { shellWord } from '../options/shell-word.js';
import { otherManifests, otherManifestsWarning, refusals, targetsOf, writeTargets } from '../output/export-files.js';
import { printable } from '../../core/printable.js';
import { commandSummary } from '../command-catalog.js';

interface ExportValues extends AzureOptionValues, InventoryValues {
  readonly subscription?: string[];
  readonly resourceGroup?: string[];
  readonly cluster?: string[];
  readonly database?: string[];
  readonly dir: string;
  readonly force?: boolean;
  readonly output: ExportFormat;
}

const EXPORT_FORMATS = ['files', 'yaml'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

const SCOPE_FLAGS: readonly { readonly level: ScopeLevel; readonly flag: string; readonly value: (v: ExportValues) => string[] | undefined }[] = [
  { level: 'subscription', flag: '--subscription', value: (v) => v.subscription },
  { level: 'resourceGroup', flag: '--resource-group', value: (v) => v.resourceGroup },
  { level: 'cluster', flag: '--cluster', value: (v) => v.cluster },
  { level: 'database', flag: '--database', value: (v) => v.database },
];

export function registerExportCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('export')
    .summary(commandSummary('export'))
    .description('write manifests for the live data connections of databases, clusters, resource groups or subscriptions')
    .addOption(new Option('--database <id>', `a database: ARM ID or ${scopeShapes('database').address} (repeatable)`).argParser(collect))
    .addOption(new Option('--cluster <id>', `each database of a cluster: ARM ID or ${scopeShapes('cluster').address}`).argParser(collect))
    .addOption(new Option('--resource-group <id>', `each cluster of a resource group: ARM ID or ${scopeShapes('resourceGroup').address}`).argParser(collect))
    .addOption(new Option('--subscription <id>', 'each cluster of a subscription: its ID').argParser(collect))
    .addOption(new Option('--dir <dir>', 'where to write the manifests').default(DEFAULT_MANIFEST_PATH))
    .option('--force', 'overwrite manifest files that exist')
    .addOption(new Option('-o, --output <format>', 'files under --dir, or yaml: one YAML stream on stdout').choices(EXPORT_FORMATS).default('files'));
  addDeprecatedSpelling(cmd, { flags: '--stdout', sets: { attribute: 'output', flag: '-o' }, value: () => 'yaml' });
  addInventoryOption(cmd, 'default', 'faster, lags; only databases with connections');
  addAzureOptions(cmd);
  cmd.action(async (values: ExportValues) => setExit(await runExport(values, io, connectionArgs(cmd))));
}

/** The scopes the flags name, or a UsageError listing every flag that is wrong. */
function scopesOf(values: ExportValues): ArmScope[] {
  const scopes: ArmScope[] = [];
  const problems: string[] = [];
  for (const { level, flag, value } of SCOPE_FLAGS) {
    for (const text of value(values) ?? []) {
      const parsed = parseScope(level, text);
      if (parsed.ok) scopes.push(parsed.scope);
      else problems.push(`${flag} ${parsed.problem}`);
    }
  }
  if (problems.length > 0) throw new UsageError([...problems, "(copy an ID from the Azure portal's JSON view, or from az kusto database show --query id)"]);
  if (scopes.length === 0) throw new UsageError('export needs at least one of --database, --cluster, --resource-group or --subscription');
  return scopes;
}

function shownPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

async function runExport(values: ExportValues, io: CliIO, connectionFlags: readonly string[]): Promise<number> {
  const scopes = scopesOf(values);
  const dir = path.resolve(io.cwd, values.dir);
  const dirShown = printable(shownPath(dir, io.cwd));
  if (values.output === 'files' && existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(`--dir ${dirShown} is a file, not a directory: choose a directory (it is created when missing)`);
  }
  const connection = await connect(values, io);
  const graph = graphOf(values, connection);
  let result: Awaited<ReturnType<typeof runExportJob>>;
  try {
    result = await runExportJob({
      scopes,
      inventory: connection.inventory,
      port: connection.port,
      ...(graph ? { graph } : {}),
      loadTexts: loadManifestTexts,
      schemaPath: modelineSchema(dir, io.cwd),
      now: new Date().toISOString(),
    });
  } finally {
    await connection.close();
  }
  const exported = result.exported;
  if (exported === undefined || hasErrors(result.diagnostics)) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.error;
  }
  if (exported.summary.databases === 0) {
    printDiagnostics(io, result.diagnostics);
    io.stderr.write(
      graph
        ? 'Nothing to export: Azure Resource Graph holds no data connection under the subscriptions, resource groups, clusters and databases given.\n'
        : 'Nothing to export: the subscriptions, resource groups and clusters given hold no Kusto database.\n',
    );
    return EXIT.ok;
  }
  if (values.output === 'yaml') {
    printDiagnostics(io, result.diagnostics);
    io.stdout.write(exportStream(exported.files, dirShown));
    return EXIT.ok;
  }

  const targets = targetsOf(exported.files, dir, io.cwd);
  const refused = await refusals(targets, values.force === true);
  if (refused.length > 0) {
    printDiagnostics(io, [...result.diagnostics, ...refused]);
    return EXIT.error;
  }
  const others = await otherManifests(dir, targets, io.cwd);
  const notes: Diagnostic[] = others.length > 0 ? [otherManifestsWarning(dirShown, others)] : [];
  const failed = await writeTargets(targets);
  printDiagnostics(io, [...result.diagnostics, ...notes, ...failed]);
  if (failed.length > 0) return EXIT.error;
  const { connections, databases, skipped } = exported.summary;
  io.stdout.write(
    `Exported ${connections} data connection${connections === 1 ? '' : 's'} of ${databases} database${databases === 1 ? '' : 's'} to ${dirShown}/ (${targets.length} files)` +
      (skipped > 0 ? `; ${skipped} left out (see the warnings)` : '') +
      `.\nNext: kustodian validate ${shellWord(dirShown)} && ${['kustodian', 'plan', shellWord(dirShown), ...connectionFlags].join(' ')}\n`,
  );
  return EXIT.ok;
}
