/**
 * The values `${NAME}` reads, from three sources. Later wins, name by name:
 *
 *   1. the process environment (lowest),
 *   2. each `--var-file`, in the order given,
 *   3. each `--var NAME=VALUE`, in the order given (highest).
 *
 * So a var file holds an environment's values, a later var file overrides some of them, and
 * `--var` overrides everything for one run; the environment is the fallback (the one source
 * before var files existed). Every problem in every source is found before a manifest is read.
 * A variable may never be a credential: names such as *_SECRET, *_PASSWORD and *_KEY and values
 * that hold a key or a signature are refused without being echoed (see credentials.ts); the
 * environment's secret variables (AZURE_CLIENT_SECRET, ...) are refused by `${...}` itself.
 */
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Env } from './interpolate.js';
import { KD, report } from '../codes.js';
import { readManifestFile } from '../files/read.js';
import type { LEntry, LMap } from '../yaml/tree.js';
import { checkVariables, parseVarFile, type VariableEntry, varFileFormat } from './var-file.js';

export interface VariableSources {
  /** Var files are resolved against it and named as given. */
  readonly cwd: string;
  readonly env: Env;
  readonly files: readonly string[];
  /** `NAME=VALUE`, as given to --var. */
  readonly assignments: readonly string[];
}

export interface ResolvedVariables {
  /** Name → value, with no prototype (a name such as `constructor` is an ordinary name). */
  readonly variables: Env;
  /** Every problem in every source; `variables` is only to be used when there is none. */
  readonly diagnostics: readonly Diagnostic[];
}

export function resolveVariables(sources: VariableSources): ResolvedVariables {
  const diagnostics: Diagnostic[] = [];
  const layers: (readonly VariableEntry[])[] = [];
  for (const file of sources.files) {
    const read = readVarFile(sources.cwd, file);
    diagnostics.push(...read.diagnostics);
    layers.push(read.variables);
  }
  const flags = parseAssignments(sources.assignments);
  diagnostics.push(...flags.diagnostics);
  layers.push(flags.variables);
  return { variables: mergeVariables(sources.env, layers), diagnostics };
}

/** The environment, then each layer in order: a later value for a name replaces an earlier one. */
export function mergeVariables(env: Env, layers: readonly (readonly VariableEntry[])[]): Env {
  const out: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(env)) out[name] = value;
  for (const layer of layers) for (const v of layer) out[v.name] = v.value;
  return out;
}

function readVarFile(cwd: string, file: string): { variables: readonly VariableEntry[]; diagnostics: readonly Diagnostic[] } {
  const at = { file, line: 1, col: 1 };
  const format = varFileFormat(file);
  if (format === undefined) {
    return { variables: [], diagnostics: [report(KD.varFileSyntax, at, 'cannot tell the form of this var file from its name: name it *.yaml, *.yml or *.env')] };
  }
  // The manifest reader's limits hold here too: a regular UTF-8 text file of at most 1 MiB.
  const read = readManifestFile(path.resolve(cwd, file), file);
  if (!read.ok) {
    const d = read.diagnostic;
    return { variables: [], diagnostics: [d.code === KD.pathUnreadable.code ? { ...d, hint: 'check the --var-file path (relative to the working directory)' } : d] };
  }
  return parseVarFile(read.text, file, format);
}

/** `--var NAME=VALUE` values: checked like a var file's, each problem named by its argument. */
function parseAssignments(assignments: readonly string[]): { variables: readonly VariableEntry[]; diagnostics: readonly Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries: LEntry[] = [];
  assignments.forEach((text, i) => {
    const where = `--var (argument ${i + 1})`;
    const pos = { file: where, line: 1, col: 1 };
    const eq = text.indexOf('=');
    if (eq < 0) {
      diagnostics.push({ ...report(KD.varFileSyntax, undefined, 'a --var without `=`'), address: where });
      return;
    }
    entries.push({ key: text.slice(0, eq), keyPos: pos, value: { type: 'scalar', pos, value: text.slice(eq + 1), quoted: true } });
  });
  // A map keeps one entry per name; for --var the last one wins, so keep the last of each.
  const byName = new Map(entries.map((e) => [e.key, e]));
  const root: LMap = { type: 'map', pos: { file: '--var', line: 1, col: 1 }, entries: byName };
  const checked = checkVariables(root);
  // These positions are not in a file: the argument is named in the address instead.
  diagnostics.push(...checked.diagnostics.map(({ source, ...d }) => ({ ...d, address: source?.file ?? '--var' })));
  return { variables: checked.variables, diagnostics };
}
