/**
 * `kustodian validate [paths...]`: loads the manifests, reports every problem, exits 0 when
 * there is no error (warnings do not fail) and 1 otherwise. Reads no live state.
 */
import { type Command, Option } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import { DEFAULT_MANIFEST_PATH, loadManifests } from '../../manifest/load.js';
import { resolveVariables } from '../../manifest/variables/variables.js';
import { addVariableOptions, type VariableValues } from '../options/common-options.js';
import { renderDiagnosticsText } from '../../render/diagnostics.js';
import { type ValidateOutcome, validateReportJson, validateSummary } from '../../render/validate.js';
import { EXIT } from '../process/exit-codes.js';
import { type CliIO, colorEnabled } from '../process/io.js';
import { commandSummary } from '../command-catalog.js';

interface ValidateOptions extends VariableValues {
  readonly output: 'text' | 'json';
}

export function registerValidateCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('validate')
    .summary(commandSummary('validate'))
    .description('check manifests offline: YAML, schema, Defaults, ${VAR}, and rules across documents')
    .argument('[paths...]', `manifest files or directories (default: ${DEFAULT_MANIFEST_PATH}/)`)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
  addVariableOptions(cmd).action(async (paths: string[], options: ValidateOptions) => {
    // A wrong var file is reported in the command's own format, and no manifest is read.
    const vars = resolveVariables({ cwd: io.cwd, env: io.env, files: options.varFile ?? [], assignments: options.var ?? [] });
    const result = hasErrors(vars.diagnostics)
      ? { files: [], documents: [], diagnostics: [...vars.diagnostics] }
      : await loadManifests(paths, { cwd: io.cwd, env: vars.variables });
    const outcome: ValidateOutcome = {
      files: result.files,
      documentKinds: result.documents.map((d) => d.kind),
      diagnostics: result.diagnostics,
    };
    if (options.output === 'json') {
      io.stdout.write(`${JSON.stringify(validateReportJson(outcome), null, 2)}\n`);
    } else {
      io.stderr.write(renderDiagnosticsText(result.diagnostics, colorEnabled(io.stderr, io.env)));
      const failed = hasErrors(result.diagnostics);
      (failed ? io.stderr : io.stdout).write(validateSummary(outcome, colorEnabled(failed ? io.stderr : io.stdout, io.env)));
    }
    setExit(hasErrors(result.diagnostics) ? EXIT.error : EXIT.ok);
  });
}
