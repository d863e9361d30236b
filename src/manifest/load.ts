/**
 * Loads the manifests under the given paths into the desired state. All the reading happens
 * here; what comes out is plain values for the planner.
 *
 *   discover → read → parse → (per document) credentials → ${VAR} → credentials again →
 *   control characters → apiVersion/kind → enum spelling → schema → value checks →
 *   (per directory) Defaults → required fields → model → (across documents) duplicates and
 *   exclusive pairs
 *
 * It never throws on bad input: every problem is a diagnostic with a position and a hint, and
 * `state` holds only the documents without errors. A caller that acts on the state (plan, apply)
 * must refuse to when any diagnostic is an error: a connection whose manifest is invalid is
 * missing from the state and would otherwise look like one to prune.
 */
import path from 'node:path';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../core/diagnostics.js';
import type { DesiredConnection, DesiredState, ManagedDatabase, SourcePosition } from '../core/model.js';
import { checkAnnotationValues } from './annotation-checks.js';
import { buildConnection, buildManagedDatabase } from './build.js';
import { stripCredentials } from './credentials.js';
import { type DefaultsDocument, applyDefaults, checkComplete, defaultsChain, indexDefaults } from './defaults.js';
import { type ManifestFile, discoverManifestFiles } from './discover.js';
import { type DocumentKind, specProperties } from './documents.js';
import { canonicaliseSpec } from './canonical.js';
import { checkCharacters } from './characters.js';
import { readHeader } from './header.js';
import { type Env, interpolateTree } from './interpolate.js';
import { parseManifestText } from './parse.js';
import { readManifestFile } from './read.js';
import { checkSchema } from './schema.js';
import { type Candidate, checkAcrossDocuments } from './semantic.js';
import { type LMap, type LNode, type PathSegment, entry, walk, withEntry, withoutEntry } from './tree.js';
import { checkValues } from './value-checks.js';

/** Where manifests are looked for when no path is given. */
export const DEFAULT_MANIFEST_PATH = 'manifests';

export interface LoadOptions {
  /** Paths are resolved against it, and diagnostics name files relative to it. */
  readonly cwd: string;
  /** Values for `${VAR}`. */
  readonly env: Env;
}

export interface LoadedDocument {
  readonly kind: string;
  readonly source: SourcePosition;
}

export interface LoadResult {
  /** The valid connections and managed databases, in file and document order. */
  readonly state: DesiredState;
  /** Every problem found, sorted by file, line and column. */
  readonly diagnostics: Diagnostic[];
  /** The manifest files found, as shown in diagnostics (relative to cwd), sorted. */
  readonly files: string[];
  /** Every document whose apiVersion and kind were recognised, valid or not. */
  readonly documents: LoadedDocument[];
}

interface Doc {
  readonly id: number;
  readonly file: ManifestFile;
  readonly kind: DocumentKind;
  readonly root: LMap;
  readonly hasErrors: boolean;
  readonly invalidPaths: readonly PathSegment[][];
}

export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const given = paths.length > 0 ? paths : [DEFAULT_MANIFEST_PATH];
  const found = await discoverManifestFiles(given, options.cwd);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const docs: Doc[] = [];
  const documents: LoadedDocument[] = [];

  for (const file of found.files) {
    const read = readManifestFile(file.absolute, file.path);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const parsed = parseManifestText(read.text, file.path);
    diagnostics.push(...parsed.diagnostics);
    for (const p of parsed.documents) {
      const own: Diagnostic[] = [];
      const doc = checkDocument(p.root, options.env, own);
      diagnostics.push(...own);
      if (doc === undefined) continue;
      documents.push({ kind: doc.kind.manifestKind, source: doc.root.pos });
      docs.push({ id: docs.length, file, ...doc, hasErrors: hasErrors(own) });
    }
  }

  const defaults = indexDefaults(
    docs.filter((d) => d.kind.type === 'defaults').map((d): DefaultsDocument => ({ dir: path.dirname(d.file.absolute), root: usable(d) })),
    diagnostics,
  );

  const connections: Candidate<DesiredConnection>[] = [];
  const databases: Candidate<ManagedDatabase>[] = [];
  for (const d of docs) {
    if (d.kind.type === 'defaults') continue;
    const merged = applyDefaults(d.root, d.kind, defaultsChain(defaults, path.dirname(d.file.absolute)));
    const missing = checkComplete(d.root, merged, d.kind);
    diagnostics.push(...missing);
    if (d.hasErrors || missing.length > 0) continue;
    const metadata = entry(d.root, 'metadata');
    switch (d.kind.type) {
      case 'connection': {
        const at = entry(metadata?.value, 'name')?.value.pos ?? d.root.pos;
        connections.push({ id: d.id, value: buildConnection(merged, d.kind.kind), at });
        break;
      }
      case 'managedDatabase': {
        const at = entry(d.root, 'kind')?.value.pos ?? d.root.pos;
        databases.push({ id: d.id, value: buildManagedDatabase(merged), at });
        break;
      }
    }
  }

  const across = checkAcrossDocuments(connections, databases);
  diagnostics.push(...across.diagnostics);
  return {
    state: {
      connections: connections.filter((c) => !across.invalid.has(c.id)).map((c) => c.value),
      databases: databases.filter((d) => !across.invalid.has(d.id)).map((d) => d.value),
    },
    diagnostics: sortDiagnostics(diagnostics),
    files: found.files.map((f) => f.path),
    documents,
  };
}

/** The checks of one document on its own; undefined when its apiVersion or kind is unusable. */
function checkDocument(
  parsed: LMap,
  env: Env,
  diagnostics: Diagnostic[],
): { kind: DocumentKind; root: LMap; invalidPaths: PathSegment[][] } | undefined {
  // Credentials go first, so that no later message can quote one; and again once ${VAR} has
  // been expanded, since a variable can bring in a connection string or a signature.
  const interpolated = interpolateTree(stripCredentials(parsed, diagnostics), env, diagnostics);
  let root = asMap(stripCredentials(interpolated, diagnostics), parsed);
  checkCharacters(root, diagnostics);
  const kind = readHeader(root, diagnostics);
  if (kind === undefined) return undefined;
  const properties = specProperties(kind);
  root = canonicaliseSpec(root, properties);
  const schema = checkSchema(root, kind.manifestKind);
  diagnostics.push(...schema.diagnostics);
  const values = checkValues(root, properties, schema.invalidPaths);
  diagnostics.push(...values.diagnostics);
  // A ManagedDatabase has no annotations (the schema reports any as an unknown field).
  const annotations =
    kind.type === 'managedDatabase'
      ? { diagnostics: [], invalidPaths: [] }
      : checkAnnotationValues(root, kind.type === 'connection' ? kind.manifestKind : 'any data connection kind', [...properties.keys()]);
  diagnostics.push(...annotations.diagnostics);
  return { kind, root, invalidPaths: [...schema.invalidPaths, ...values.invalidPaths, ...annotations.invalidPaths] };
}

function asMap(node: LNode, fallback: LMap): LMap {
  return node.type === 'map' ? node : fallback;
}

/** A Defaults document without its invalid or unresolved fields: the rest still applies. */
function usable(d: Doc): LMap {
  const drop: PathSegment[][] = [...d.invalidPaths];
  walk(d.root, (node, p) => {
    if (node.type === 'scalar' && node.unresolved === true) drop.push([...p]);
  });
  let root = d.root;
  for (const p of drop) root = removePath(root, p);
  return root;
}

function removePath(root: LMap, p: readonly PathSegment[]): LMap {
  const [head, ...rest] = p;
  if (head === undefined) return root;
  const key = String(head);
  const e = root.entries.get(key);
  if (e === undefined) return root;
  if (rest.length === 0 || e.value.type !== 'map') return withoutEntry(root, key);
  return withEntry(root, { ...e, value: removePath(e.value, rest) });
}
