/**
 * `--target` / `--exclude`: narrow a plan by name glob or by label. A label selector only
 * matches declared connections (live ones carry no labels).
 */
import { isValidNameGlob, matchesNameGlob } from '../../core/name-glob.js';
import { LABEL_RULES } from '../../core/names.js';
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

/** The forms a selector takes, for the message that refuses one. */
export const SELECTOR_FORMS = 'a name glob (letters, digits, " ", ".", "-", with * and ?; e.g. legacy-*) or label:key=value (e.g. label:team=weather)';

/**
 * `name-glob` or `label:key=value`, or why the text is neither. An empty or malformed selector
 * is refused rather than read as a glob that matches nothing: `--target ''` planning nothing and
 * saying "No changes." would hide a typo in a CI job.
 */
export function parseSelector(text: string): Selector | { readonly problem: string } {
  if (text.startsWith('label:')) {
    const label = /^label:([^=]*)=(.*)$/su.exec(text);
    if (!label) return { problem: 'a label selector is label:key=value (the "=" is missing)' };
    const key = label[1] ?? '';
    const value = label[2] ?? '';
    if (!new RegExp(LABEL_RULES.key.pattern, 'u').test(key)) return { problem: `the label key must be ${LABEL_RULES.key.explain}` };
    if (!new RegExp(LABEL_RULES.value.pattern, 'u').test(value)) return { problem: `the label value must be ${LABEL_RULES.value.explain}` };
    return { by: 'label', key, value };
  }
  if (text === '') return { problem: 'it is empty' };
  if (!isValidNameGlob(text)) return { problem: 'a name glob holds at most 100 characters: letters, digits, " ", ".", "-", "*" and "?"' };
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
