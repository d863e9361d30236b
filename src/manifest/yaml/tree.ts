/**
 * A YAML document as a small tree of plain values that remembers where each node was written.
 * Every later step (credentials, ${VAR}, schema, Defaults) works on this tree, so every problem
 * can point at the node it is about. Maps are `Map`s, never plain objects, so no key can reach
 * an object prototype.
 */
import type { SourcePosition } from '../../core/model.js';

export type ScalarValue = string | number | boolean | null;

export interface LScalar {
  readonly type: 'scalar';
  readonly pos: SourcePosition;
  readonly value: ScalarValue;
  /** Written in quotes or as a block scalar (so `${VAR}` results stay strings). */
  readonly quoted: boolean;
  /** The text as written, for a number or boolean (`0012`, `1e3`), to quote it back exactly. */
  readonly source?: string;
  /** A `${VAR}` in it had no value: checks of this value are skipped (the variable was reported). */
  readonly unresolved?: boolean;
}

export interface LEntry {
  readonly key: string;
  readonly keyPos: SourcePosition;
  readonly value: LNode;
}

export interface LMap {
  readonly type: 'map';
  readonly pos: SourcePosition;
  readonly entries: ReadonlyMap<string, LEntry>;
}

export interface LSeq {
  readonly type: 'seq';
  readonly pos: SourcePosition;
  readonly items: readonly LNode[];
}

export type LNode = LScalar | LMap | LSeq;

/** A JSON-like value built from a tree: objects have no prototype. */
export type Plain = ScalarValue | readonly Plain[] | { readonly [key: string]: Plain };

export function toPlain(node: LNode): Plain {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, Plain> = Object.create(null) as Record<string, Plain>;
      for (const [key, entry] of node.entries) out[key] = toPlain(entry.value);
      return out;
    }
  }
}

export function entry(node: LNode | undefined, key: string): LEntry | undefined {
  return node?.type === 'map' ? node.entries.get(key) : undefined;
}

/** The mapping at `map[key]`, when it is one. */
export function mapAt(node: LNode | undefined, key: string): LMap | undefined {
  const value = entry(node, key)?.value;
  return value?.type === 'map' ? value : undefined;
}

/** The string value of `map[key]`, when it is a string scalar. */
export function stringAt(node: LNode | undefined, key: string): string | undefined {
  const value = entry(node, key)?.value;
  return value?.type === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

/**
 * `map` with each entry replaced by what `f` returns for it (undefined removes it), copied only
 * if something changed: when `f` returns every entry as it was, the same map comes back.
 */
export function mapEntries(map: LMap, f: (e: LEntry) => LEntry | undefined): LMap {
  let entries: Map<string, LEntry> | undefined;
  for (const e of map.entries.values()) {
    const next = f(e);
    if (next !== e && entries === undefined) {
      entries = new Map();
      for (const before of map.entries.values()) {
        if (before === e) break;
        entries.set(before.key, before);
      }
    }
    if (entries !== undefined && next !== undefined) entries.set(next.key, next);
  }
  return entries === undefined ? map : { ...map, entries };
}

/** `seq` with each item replaced by what `f` returns for it, copied only if something changed. */
export function mapItems(seq: LSeq, f: (item: LNode, index: number) => LNode): LSeq {
  let items: LNode[] | undefined;
  seq.items.forEach((item, i) => {
    const next = f(item, i);
    if (next !== item) items ??= seq.items.slice(0, i);
    items?.push(next);
  });
  return items === undefined ? seq : { ...seq, items };
}

/** A copy of `map` with `key` set to `value` (appended when new). */
export function withEntry(map: LMap, value: LEntry): LMap {
  const entries = new Map(map.entries);
  entries.set(value.key, value);
  return { ...map, entries };
}

/** A copy of `map` without `key`. */
export function withoutEntry(map: LMap, key: string): LMap {
  const entries = new Map(map.entries);
  entries.delete(key);
  return { ...map, entries };
}

export type PathSegment = string | number;

/** The segments of a JSON pointer (`/spec/consumerGroup` → ['spec', 'consumerGroup']). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export interface Located {
  /** The node at the path, when the whole path exists. */
  readonly node?: LNode;
  /** The position of the key that holds the node (undefined for the root and list items). */
  readonly keyPos?: SourcePosition;
  /** The deepest node on the path that exists, and the key position that holds it. */
  readonly nearest: { readonly node: LNode; readonly keyPos?: SourcePosition; readonly depth: number };
}

/** Follows `path` from `root` as far as it exists. */
export function locate(root: LNode, path: readonly PathSegment[]): Located {
  let node: LNode = root;
  let keyPos: SourcePosition | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: LNode | undefined;
    let nextKeyPos: SourcePosition | undefined;
    if (node.type === 'map' && seg !== undefined) {
      const e = node.entries.get(String(seg));
      next = e?.value;
      nextKeyPos = e?.keyPos;
    } else if (node.type === 'seq' && seg !== undefined) {
      next = node.items[Number(seg)];
    }
    if (next === undefined) {
      return { nearest: { node, depth: i, ...(keyPos === undefined ? {} : { keyPos }) } };
    }
    node = next;
    keyPos = nextKeyPos;
  }
  return {
    node,
    ...(keyPos === undefined ? {} : { keyPos }),
    nearest: { node, depth: path.length, ...(keyPos === undefined ? {} : { keyPos }) },
  };
}

/** `spec.eventSystemProperties[1]`: how a path is written in messages. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number' || /^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(document)' : out;
}

/**
 * Visits every node, depth first, with its path. The path array is reused as the walk goes on:
 * a visitor that keeps it must copy it.
 */
export function walk(node: LNode, visit: (node: LNode, path: readonly PathSegment[], keyPos: SourcePosition | undefined) => void): void {
  const path: PathSegment[] = [];
  const go = (n: LNode, keyPos: SourcePosition | undefined): void => {
    visit(n, path, keyPos);
    if (n.type === 'map') {
      for (const e of n.entries.values()) {
        path.push(e.key);
        go(e.value, e.keyPos);
        path.pop();
      }
    } else if (n.type === 'seq') {
      n.items.forEach((item, i) => {
        path.push(i);
        go(item, undefined);
        path.pop();
      });
    }
  };
  go(node, undefined);
}

export function formatPosition(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.col}`;
}

export function describeNode(node: LNode): string {
  switch (node.type) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a list';
    case 'scalar':
      if (node.value === null) return 'empty (null)';
      if (typeof node.value === 'boolean') return `a boolean (${String(node.value)})`;
      if (typeof node.value === 'number') return 'a number';
      return 'a string';
  }
}
