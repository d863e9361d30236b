/**
 * `--target` / `--exclude`: narrow a plan by name glob or by label. A label selector only
 * matches declared connections (live ones carry no labels).
 */
import { matchesNameGlob } from '../core/name-glob.js';
import type { Shard } from './shard.js';

export type Selector =
  | { readonly by: 'name'; readonly glob: string }
  | { readonly by: 'label'; readonly key: string; readonly value: string };

export interface Selection {
  readonly targets: readonly Selector[];
  readonly excludes: readonly Selector[];
  /** Only the databases of this shard (`--shard K/N`). */
  readonly shard?: Shard;
}

export const SELECT_ALL: Selection = { targets: [], excludes: [] };

/** `name-glob` or `label:key=value`. */
export function parseSelector(text: string): Selector {
  const label = /^label:([^=]+)=(.*)$/.exec(text);
  if (label) return { by: 'label', key: label[1] ?? '', value: label[2] ?? '' };
  return { by: 'name', glob: text };
}

function matches(selector: Selector, name: string, labels: Readonly<Record<string, string>> | undefined): boolean {
  switch (selector.by) {
    case 'name':
      return matchesNameGlob(selector.glob, name);
    case 'label':
      return labels !== undefined && labels[selector.key] === selector.value;
  }
}

export function isSelected(
  selection: Selection,
  name: string,
  labels?: Readonly<Record<string, string>>,
): boolean {
  if (selection.targets.length > 0 && !selection.targets.some((s) => matches(s, name, labels))) return false;
  return !selection.excludes.some((s) => matches(s, name, labels));
}

/** `--target`/`--exclude` were given. */
export function isNarrowed(selection: Selection): boolean {
  return selection.targets.length > 0 || selection.excludes.length > 0;
}

export function isPartial(selection: Selection): boolean {
  return selection.targets.length > 0 || selection.excludes.length > 0 || (selection.shard !== undefined && selection.shard.count > 1);
}
