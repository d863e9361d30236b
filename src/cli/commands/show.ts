/**
 * `kustodian show FILE`: renders a saved plan (`plan --out FILE`) as text, JSON or markdown,
 * without reading manifests or touching Azure, so a CI job plans once and renders the same plan
 * several ways (a pull-request comment, a step summary, a log).
 */
import { type Command, Option } from 'commander';
import { hasChanges } from '../../plan/model.js';
import { EXIT } from '../process/exit-codes.js';
import type { CliIO } from '../process/io.js';
import { printDiagnostics } from '../output/output.js';
import { checkMarkdownKey, PLAN_FORMATS, type PlanFormat, readPlanFile, printPlan } from '../output/plan-output.js';
import { commandSummary } from '../command-catalog.js';

interface ShowValues {
  readonly output: PlanFormat;
  readonly markdownKey?: string;
  readonly detailedExitcode?: boolean;
}

export function registerShowCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('show')
    .summary(commandSummary('show'))
    .description('render a saved plan (plan --out FILE) as text, JSON or markdown; no Azure access')
    .argument('<file>', 'a plan file written by `kustodian plan --out FILE`')
    .addOption(new Option('-o, --output <format>', 'output format').choices(PLAN_FORMATS).default('text'))
    .option('--markdown-key <key>', 'tell apart several plans posted to one pull request')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes (0 none, 1 error)')
    .action(async (file: string, values: ShowValues) => {
      checkMarkdownKey(values.markdownKey);
      const parsed = await readPlanFile(file, io, '');
      if (!parsed.ok) {
        printDiagnostics(io, [parsed.diagnostic]);
        setExit(EXIT.error);
        return;
      }
      await printPlan(parsed.plan, values.output, io, values.markdownKey);
      setExit(values.detailedExitcode && hasChanges(parsed.plan) ? EXIT.changes : EXIT.ok);
    });
}
