/**
 * `kustodian render [paths...]`: the manifests as the planner sees them (variables substituted,
 * Defaults applied), one YAML stream on stdout, each document headed by its source; like
 * `kustomize build` or `helm template`. Exits 1 with the diagnostics, printing nothing, when a
 * manifest or a variable is wrong. Reads no live state.
 */
import type { Command } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import { renderResolvedManifests } from '../../export/resolved.js';
import { DEFAULT_MANIFEST_PATH, loadManifests } from '../../manifest/load.js';
import { addVariableOptions, type VariableValues, variablesOf } from '../options/common-options.js';
import { EXIT } from '../process/exit-codes.js';
import type { CliIO } from '../process/io.js';
import { printDiagnostics } from '../output/output.js';
import { commandSummary } from '../command-catalog.js';

export function registerRenderCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('render')
    .summary(commandSummary('render'))
    .description('print the manifests as plan sees them (${VAR}s and Defaults applied) as one YAML stream')
    .argument('[paths...]', `manifest files or directories (default: ${DEFAULT_MANIFEST_PATH}/)`);
  addVariableOptions(cmd).action(async (paths: string[], values: VariableValues) => {
    const loaded = await loadManifests(paths, { cwd: io.cwd, env: variablesOf(values, io) });
    printDiagnostics(io, loaded.diagnostics);
    if (hasErrors(loaded.diagnostics)) return setExit(EXIT.error);
    io.stdout.write(renderResolvedManifests(loaded.state));
    setExit(EXIT.ok);
  });
}
