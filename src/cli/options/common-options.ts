/** Options shared by the planning commands: paths, variables, selection, replacement strategy. */
import { type Command, Option } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import type { Env } from '../../manifest/variables/interpolate.js';
import { resolveVariables } from '../../manifest/variables/variables.js';
import { SELECTOR_FORMS, type Selection, type Selector, parseSelector } from '../../plan/rules/select.js';
import { parseShard } from '../../plan/rules/shard.js';
import { DiagnosticError } from '../process/diagnostic-error.js';
import { UsageError } from '../process/usage-error.js';
import type { ReplaceStrategy } from '../../plan/model.js';
import type { SafetyOptions } from '../../plan/rules/safety.js';

/** Commander argParser for a repeatable option: every value, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export interface VariableValues {
  readonly var?: string[];
  readonly varFile?: string[];
}

/**
 * `--var NAME=VALUE` and `--var-file FILE` (both repeatable), on every command that loads
 * manifests. Precedence, lowest first: the environment, each --var-file in order, each --var in
 * order (src/manifest/variables/variables.ts).
 */
export function addVariableOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--var <NAME=VALUE>', 'set ${NAME} (repeatable; wins over --var-file)').argParser(collect))
    .addOption(
      new Option('--var-file <file>', 'values for ${NAME}: .yaml or .env (repeatable)').argParser(collect),
    );
}

/**
 * The values `${NAME}` reads. The var files are read and checked here, before anything else
 * starts: a problem in any of them is thrown as diagnostics (main prints them, exit 1).
 */
export function variablesOf(values: VariableValues, io: { readonly cwd: string; readonly env: Env }): Env {
  const resolved = resolveVariables({ cwd: io.cwd, env: io.env, files: values.varFile ?? [], assignments: values.var ?? [] });
  const [first, ...more] = resolved.diagnostics;
  if (first !== undefined && hasErrors(resolved.diagnostics)) throw new DiagnosticError(first, ...more);
  return resolved.variables;
}

export interface SelectionValues extends VariableValues {
  readonly target?: string[];
  readonly exclude?: string[];
  readonly gapFree?: boolean;
  readonly shard?: string;
}

/** `--var`, `--var-file`, `--target`, `--exclude` and `--shard`: what a command plans from. */
export function addTargetOptions(cmd: Command): Command {
  return addVariableOptions(cmd)
    .addOption(new Option('--target <selector>', 'only connections matching glob or label:k=v').argParser(collect))
    .addOption(new Option('--exclude <selector>', 'skip connections matching glob or label:k=v').argParser(collect))
    .addOption(new Option('--shard <K/N>', 'only the databases of shard K of N'));
}

/** The target options, and `--gap-free` for commands whose plans may replace. */
export function addSelectionOptions(cmd: Command): Command {
  return addTargetOptions(cmd).addOption(
    new Option('--gap-free', 'replace without losing data (resume at delete)'),
  );
}

/** The selectors of one flag, or a UsageError naming each that is wrong and the accepted forms. */
function selectorsOf(texts: readonly string[] | undefined, flag: string): Selector[] {
  const selectors: Selector[] = [];
  const problems: string[] = [];
  for (const text of texts ?? []) {
    const parsed = parseSelector(text);
    if ('problem' in parsed) problems.push(`${flag} ${JSON.stringify(text)}: ${parsed.problem}`);
    else selectors.push(parsed);
  }
  if (problems.length > 0) throw new UsageError([...problems, `(${flag} takes ${SELECTOR_FORMS})`]);
  return selectors;
}

export function selectionOf(values: SelectionValues): Selection {
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  return { targets: selectorsOf(values.target, '--target'), excludes: selectorsOf(values.exclude, '--exclude'), ...(shard ? { shard } : {}) };
}

export function replaceStrategyOf(values: SelectionValues): ReplaceStrategy | undefined {
  return values.gapFree ? 'gap-free' : undefined;
}

/** What a plan is asked for, read from the flags before anything is started or connected. */
export interface Planning {
  readonly selection: Selection;
  readonly strategy?: ReplaceStrategy;
  readonly validateRemote?: boolean;
  /** The ARM api-version the plan must fit (its properties checked against it). */
  readonly apiVersion?: string;
  /** The values of `${NAME}` (--var, --var-file, the environment); the environment when absent. */
  readonly variables?: Env;
  /** The safety opt-ins: the plan records them and what apply would refuse with them. */
  readonly optIns?: SafetyOptions;
}

/**
 * The planning flags, checked, and the var files read: a UsageError or a var file's diagnostics
 * here come before any emulator or Azure call.
 */
export function planningOf(
  values: SelectionValues & { readonly validateRemote?: boolean | string; readonly apiVersion?: string },
  io: { readonly cwd: string; readonly env: Env },
): Planning {
  const strategy = replaceStrategyOf(values);
  return {
    variables: variablesOf(values, io),
    selection: selectionOf(values),
    ...(strategy ? { strategy } : {}),
    ...(values.validateRemote ? { validateRemote: true } : {}),
    ...(values.apiVersion ? { apiVersion: values.apiVersion } : {}),
  };
}

export const DEFAULT_PATHS = ['manifests'];
