/** Options shared by the planning commands: paths, selection, replacement strategy. */
import { type Command, Option } from 'commander';
import { type Selection, parseSelector } from '../plan/select.js';
import type { ReplaceStrategy } from '../plan/model.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export interface SelectionValues {
  readonly target?: string[];
  readonly exclude?: string[];
  readonly gapFree?: boolean;
}

/** `--target` and `--exclude`: which connections a command looks at. */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--target <selector>', 'only connections whose name matches the glob, or `label:key=value` (repeatable)').argParser(collect))
    .addOption(new Option('--exclude <selector>', 'leave out connections matching the glob or `label:key=value` (repeatable)').argParser(collect));
}

/** The target options, and `--gap-free` for commands whose plans may replace. */
export function addSelectionOptions(cmd: Command): Command {
  return addTargetOptions(cmd).addOption(
    new Option('--gap-free', 'replacements set retrievalStartDate to the moment of deletion (no data lost, duplicates possible)'),
  );
}

export function selectionOf(values: SelectionValues): Selection {
  return { targets: (values.target ?? []).map(parseSelector), excludes: (values.exclude ?? []).map(parseSelector) };
}

export function replaceStrategyOf(values: SelectionValues): ReplaceStrategy | undefined {
  return values.gapFree ? 'gap-free' : undefined;
}

export const DEFAULT_PATHS = ['manifests'];
