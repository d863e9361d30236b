/**
 * What parsing one manifest file yields, and the limits that hostile input meets. Shared by the
 * full YAML reader (`parse.ts`) and its fast path for plain block documents (`block-reader.ts`).
 */
import type { LMap } from './tree.js';

/** Deeper than any manifest needs (they use four or five levels). */
export const MAX_DEPTH = 32;
/** Nodes one document may hold once its aliases are expanded. */
export const MAX_NODES = 20_000;
/** Alias uses one document may hold. */
export const MAX_ALIASES = 100;

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedDocument {
  readonly file: string;
  /** 0-based index of the document in its file. */
  readonly index: number;
  readonly root: LMap;
}
