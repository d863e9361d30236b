/** Options shared by the planning commands: paths, selection, replacement strategy. */
import { type Command, Option } from 'commander';
import { SELECTOR_FORMS, type Selection, type Selector, parseSelector } from '../plan/select.js';
import { parseShard } from '../plan/shard.js';
import { UsageError } from './usage-error.js';
import type { ReplaceStrategy } from '../plan/model.js';
import type { SafetyOptions } from '../plan/safety.js';

/** Commander argParser for a repeatable option: every value, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export interface SelectionValues {
  readonly target?: string[];
  readonly exclude?: string[];
  readonly gapFree?: boolean;
  readonly shard?: string;
}

/** `--target` and `--exclude`: which connections a command looks at. */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--target <selector>', 'only connections whose name matches the glob, or `label:key=value` (repeatable)').argParser(collect))
    .addOption(new Option('--exclude <selector>', 'leave out connections matching the glob or `label:key=value` (repeatable)').argParser(collect))
    .addOption(new Option('--shard <K/N>', 'only the databases of shard K of N (a stable partition: N jobs cover every database once)'));
}

/** The target options, and `--gap-free` for commands whose plans may replace. */
export function addSelectionOptions(cmd: Command): Command {
  return addTargetOptions(cmd).addOption(
    new Option('--gap-free', 'replacements set retrievalStartDate to the moment of deletion (no data lost, duplicates possible)'),
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
  /** The safety opt-ins: the plan records them and what apply would refuse with them. */
  readonly optIns?: SafetyOptions;
}

/** The planning flags, checked: a UsageError here comes before any emulator or Azure call. */
export function planningOf(values: SelectionValues & { readonly validateRemote?: boolean | string; readonly apiVersion?: string }): Planning {
  const strategy = replaceStrategyOf(values);
  return {
    selection: selectionOf(values),
    ...(strategy ? { strategy } : {}),
    ...(values.validateRemote ? { validateRemote: true } : {}),
    ...(values.apiVersion ? { apiVersion: values.apiVersion } : {}),
  };
}

export const DEFAULT_PATHS = ['manifests'];
