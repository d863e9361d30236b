/**
 * File and directory names for exported manifests: made safe for every file system and for the
 * loader (which skips hidden entries and node_modules), unique per directory whatever the file
 * system's letter case, and the same on every run.
 */
import { compareText } from '../core/order.js';

/** Longest stem kept: database names reach 260 characters, file names stop at 255 bytes. */
const MAX_STEM = 80;

/** Names Windows refuses, whatever the extension. */
const WINDOWS_DEVICES = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])$/;

/**
 * A file-name stem for a resource name: lower case; each run of characters other than letters,
 * digits, `.`, `_` and `-` (spaces, for instance) becomes one `-`; no leading or trailing `.` or
 * `-`. `Storm Events` → `storm-events`, `.hidden` → `hidden`.
 */
export function safeStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_STEM)
    .replace(/[.-]+$/, '');
  return stem === '' ? 'unnamed' : stem;
}

export interface Named {
  /** Identity and order: items are numbered in the sorted order of their keys. */
  readonly key: string;
  readonly name: string;
}

/**
 * A unique stem for each item, by key. Each stem goes first to the item whose key sorts first;
 * the others get `-2`, `-3`, ... (never a stem another item has, nor a reserved one). Stems are
 * lower case, so names that differ only by case cannot collide on a case-insensitive disk.
 */
export function uniqueStems(items: readonly Named[], reserved: ReadonlySet<string> = new Set()): Map<string, string> {
  const sorted = [...items].sort((a, b) => compareText(a.key, b.key));
  const taken = new Set<string>();
  const isFree = (stem: string): boolean => !taken.has(stem) && !reserved.has(stem) && !WINDOWS_DEVICES.test(stem);
  const out = new Map<string, string>();
  const later: Named[] = [];
  for (const item of sorted) {
    const stem = safeStem(item.name);
    if (isFree(stem)) {
      taken.add(stem);
      out.set(item.key, stem);
    } else later.push(item);
  }
  // Plain stems are all claimed first, so a numbered one can never take a name's own stem.
  for (const item of later) {
    const base = safeStem(item.name);
    let n = 2;
    while (!isFree(`${base}-${n}`)) n += 1;
    taken.add(`${base}-${n}`);
    out.set(item.key, `${base}-${n}`);
  }
  return out;
}
