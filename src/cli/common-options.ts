/** Options shared by the planning commands: paths, selection, replacement strategy. */
import { type Command, Option } from 'commander';
import { type Selection, parseSelector } from '../plan/select.js';
import { parseShard } from '../plan/shard.js';
import { UsageError } from './usage-error.js';
import type { ReplaceStrategy } from '../plan/model.js';

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

export function selectionOf(values: SelectionValues): Selection {
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  return { targets: (values.target ?? []).map(parseSelector), excludes: (values.exclude ?? []).map(parseSelector), ...(shard ? { shard } : {}) };
}

export function replaceStrategyOf(values: SelectionValues): ReplaceStrategy | undefined {
  return values.gapFree ? 'gap-free' : undefined;
}

export const DEFAULT_PATHS = ['manifests'];
