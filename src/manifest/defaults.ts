/**
 * Defaults documents: values for the documents in their directory and below.
 *
 * - One Defaults per directory (a second is an error; the first is used).
 * - A nearer Defaults overrides a farther one field by field; a document's own value wins.
 * - `metadata` subscriptionId/resourceGroup/cluster/database apply to every document kind;
 *   `labels` and `annotations` merge key by key into each connection's own.
 * - A `spec` field applies to each connection whose kind has that property (`location` to all).
 *
 * Values taken from a Defaults document keep their own positions, so a diagnostic or a plan
 * about them points into the Defaults file.
 */
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { CONNECTION_KINDS, type ConnectionKind, KIND_PROPERTY_LIST } from '../core/kinds.js';
import type { SourcePosition } from '../core/model.js';
import { KD, report } from './codes.js';
import { DATABASE_FIELDS, type DocumentKind } from './documents.js';
import { type LEntry, type LMap, entry, formatPath, formatPosition, mapAt, withEntry } from './yaml/tree.js';

export interface DefaultsDocument {
  /** Absolute directory the document applies to (its file's directory). */
  readonly dir: string;
  readonly root: LMap;
}

/** Adds a Defaults document to the index by directory: one per directory, an extra one is reported. */
export function addDefaults(byDir: Map<string, DefaultsDocument>, d: DefaultsDocument, diagnostics: Diagnostic[]): void {
  const first = byDir.get(d.dir);
  if (first === undefined) byDir.set(d.dir, d);
  else {
    const kindPos = entry(d.root, 'kind')?.value.pos ?? d.root.pos;
    diagnostics.push(report(KD.duplicateDefaults, kindPos, path.posix.dirname(d.root.pos.file), formatPosition(first.root.pos)));
  }
}

/** The Defaults that apply to a file in `dir`, nearest first. */
export function defaultsChain(byDir: ReadonlyMap<string, DefaultsDocument>, dir: string): DefaultsDocument[] {
  const chain: DefaultsDocument[] = [];
  let current = dir;
  for (;;) {
    const d = byDir.get(current);
    if (d !== undefined) chain.push(d);
    const parent = path.dirname(current);
    if (parent === current) return chain;
    current = parent;
  }
}


function emptyMap(pos: SourcePosition): LMap {
  return { type: 'map', pos, entries: new Map() };
}

/** The first value of `field` in `sectionName` along the chain (nearest first). */
function inherited(chain: readonly DefaultsDocument[], sectionName: string, field: string): LEntry | undefined {
  for (const d of chain) {
    const e = entry(mapAt(d.root, sectionName), field);
    if (e !== undefined) return e;
  }
  return undefined;
}

/** Fills the fields `fields` of `sectionName` that the document leaves out. */
function fillSection(root: LMap, sectionName: string, fields: readonly string[], chain: readonly DefaultsDocument[]): LMap {
  const own = entry(root, sectionName);
  if (own !== undefined && own.value.type !== 'map') return root; // a type error, already reported
  const map = own?.value.type === 'map' ? own.value : emptyMap(root.pos);
  let filled: Map<string, LEntry> | undefined; // one copy, made at the first inherited field
  for (const f of fields) {
    if (map.entries.has(f)) continue;
    const e = inherited(chain, sectionName, f);
    if (e !== undefined) (filled ??= new Map(map.entries)).set(f, e);
  }
  if (filled === undefined) return root;
  return withEntry(root, { key: sectionName, keyPos: own?.keyPos ?? root.pos, value: { ...map, entries: filled } });
}

/** Merges a key/value map (labels, annotations) along the chain: farthest first, own last. */
function mergeMap(root: LMap, field: string, chain: readonly DefaultsDocument[]): LMap {
  const metadata = mapAt(root, 'metadata');
  if (metadata === undefined) return root;
  const own = entry(metadata, field);
  if (own !== undefined && own.value.type !== 'map') return root;
  const entries = new Map<string, LEntry>();
  let pos: SourcePosition | undefined;
  for (const d of [...chain].reverse()) {
    const m = entry(mapAt(d.root, 'metadata'), field)?.value;
    if (m?.type !== 'map') continue;
    pos = m.pos;
    for (const [k, e] of m.entries) entries.set(k, e);
  }
  if (own?.value.type === 'map') {
    pos = own.value.pos;
    for (const [k, e] of own.value.entries) entries.set(k, e);
  }
  if (pos === undefined) return root;
  const merged: LMap = { type: 'map', pos, entries };
  return withEntry(root, {
    key: 'metadata',
    keyPos: entry(root, 'metadata')?.keyPos ?? root.pos,
    value: withEntry(metadata, { key: field, keyPos: own?.keyPos ?? pos, value: merged }),
  });
}

/** Per kind, `location` and the kind's properties: the spec fields a Defaults document can fill. */
const SPEC_FIELDS = byKind((kind) => ['location', ...KIND_PROPERTY_LIST[kind].map(([name]) => name)]);
/** Per kind, `location` and the required properties: what a connection must have once Defaults are applied. */
const REQUIRED_SPEC_FIELDS = byKind((kind) => ['location', ...KIND_PROPERTY_LIST[kind].filter(([, p]) => p.required).map(([name]) => name)]);

function byKind(fields: (kind: ConnectionKind) => readonly string[]): ReadonlyMap<ConnectionKind, readonly string[]> {
  return new Map(CONNECTION_KINDS.map((kind) => [kind, fields(kind)]));
}

/** The document with the chain's values filled in where it has none of its own. */
export function applyDefaults(root: LMap, kind: DocumentKind, chain: readonly DefaultsDocument[]): LMap {
  if (chain.length === 0) return root;
  let merged = fillSection(root, 'metadata', DATABASE_FIELDS, chain);
  if (kind.type === 'connection') {
    merged = mergeMap(merged, 'labels', chain);
    merged = mergeMap(merged, 'annotations', chain);
    merged = fillSection(merged, 'spec', SPEC_FIELDS.get(kind.kind) ?? [], chain);
  }
  return merged;
}

/**
 * The fields a document must have once Defaults are applied, each missing one reported at the
 * document's own `metadata` or `spec` key (or the document, when it has none).
 */
export function checkComplete(own: LMap, merged: LMap, kind: DocumentKind): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const need = (sectionName: string, fields: readonly string[]): void => {
    const have = mapAt(merged, sectionName);
    const at = entry(own, sectionName)?.keyPos ?? own.pos;
    for (const f of fields) {
      if (have?.entries.has(f) === true) continue;
      if (entry(own, sectionName) !== undefined && have === undefined) continue; // not a mapping: reported
      diagnostics.push(report(KD.missingField, at, formatPath([sectionName, f]), kind.manifestKind, true));
    }
  };
  switch (kind.type) {
    case 'connection': {
      need('metadata', DATABASE_FIELDS);
      need('spec', REQUIRED_SPEC_FIELDS.get(kind.kind) ?? []);
      break;
    }
    case 'managedDatabase':
      need('metadata', DATABASE_FIELDS);
      break;
    case 'defaults':
      break;
  }
  return diagnostics;
}
