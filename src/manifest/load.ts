/**
 * Loads the manifests under the given paths into the desired state. All the reading happens
 * here; what comes out is plain values for the planner.
 *
 *   discover → read → parse → (per document) credentials → ${VAR} → credentials again →
 *   control characters → apiVersion/kind → enum spelling → schema → value checks →
 *   (per directory) Defaults → required fields → model → (across documents) duplicates and
 *   exclusive pairs
 *
 * One problem is reported once: a variable with no value is one diagnostic (at its first use,
 * naming the others), and a value that holds one is checked no further — nor is a document that
 * inherits such a value from a Defaults document.
 *
 * It never throws on bad input: every problem is a diagnostic with a position and a hint, and
 * `state` holds only the documents without errors. A caller that acts on the state (plan, apply)
 * must refuse to when any diagnostic is an error: a connection whose manifest is invalid is
 * missing from the state and would otherwise look like one to prune.
 */
import path from 'node:path';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../core/diagnostics.js';
import type { DesiredConnection, DesiredState, ManagedDatabase, SourcePosition } from '../core/model.js';
import { checkAnnotationValues } from './checks/annotation-checks.js';
import { buildConnection, buildManagedDatabase } from './build.js';
import { stripCredentials } from './checks/credentials.js';
import { type DefaultsDocument, addDefaults, applyDefaults, checkComplete, defaultsChain } from './defaults.js';
import { compareText } from '../core/order.js';
import { type ManifestFile, discoverManifestFiles } from './files/discover.js';
import { type DocumentKind, specProperties } from './documents.js';
import { canonicaliseSpec } from './canonical.js';
import { checkCharacters } from './checks/characters.js';
import { readHeader } from './checks/header.js';
import { type Env, interpolateTree, UnsetVariables } from './variables/interpolate.js';
import { parseManifestText } from './yaml/parse.js';
import { type ReadResult, readManifestFile } from './files/read.js';
import { checkSchema } from './schema/schema.js';
import { type Candidate, checkAcrossDocuments } from './checks/semantic.js';
import { type LMap, type LNode, type PathSegment, entry, walk, withEntry } from './yaml/tree.js';
import { checkValues } from './checks/value-checks.js';

/** Where manifests are looked for when no path is given. */
export const DEFAULT_MANIFEST_PATH = 'manifests';

export interface LoadOptions {
  /** Paths are resolved against it, and diagnostics name files relative to it. */
  readonly cwd: string;
  /** Values for `${VAR}`: the environment, or the CLI's variables (src/manifest/variables/variables.ts). */
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
  /** Where the document stands in file and document order. */
  readonly order: number;
  readonly kind: DocumentKind;
  readonly root: LMap;
  readonly hasErrors: boolean;
  readonly invalidPaths: readonly PathSegment[][];
}

/** More than a file can hold (a document takes at least four bytes of a file of at most 1 MiB). */
const DOCUMENTS_PER_FILE = 2 ** 21;

/** A result of one document, kept with its place in file and document order. */
interface Ordered<T> {
  readonly order: number;
  readonly value: T;
}

export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const given = paths.length > 0 ? paths : [DEFAULT_MANIFEST_PATH];
  const found = await discoverManifestFiles(given, options.cwd);
  return loadFiles(found.files, found.diagnostics, options.env, (file) => readManifestFile(file.absolute, file.path));
}

/** A manifest file given as text, at a `/`-separated path relative to the tree's root. */
export interface ManifestText {
  readonly path: string;
  readonly text: string;
}

/**
 * Loads manifests given as texts, exactly as `loadManifests` loads the same files from disk, but
 * without touching the disk: export checks what it would write before writing anything, and
 * what it would write may hold a value the loader refuses (a credential) that must not reach
 * a file even for a moment.
 */
export function loadManifestTexts(texts: readonly ManifestText[], env: Env): LoadResult {
  const root = path.resolve(path.sep, 'in-memory-manifests');
  const byPath = new Map(texts.map((t) => [t.path, t.text]));
  const files = texts
    .map((t): ManifestFile => {
      const absolute = path.join(root, ...t.path.split('/'));
      return { path: t.path, absolute, real: absolute };
    })
    .sort((a, b) => compareText(a.path, b.path)); // discovery's order
  return loadFiles(files, [], env, (file) => ({ ok: true, text: byPath.get(file.path) ?? '' }));
}

/** Everything after finding the files: read, parse, check, apply Defaults, build. */
function loadFiles(
  found: readonly ManifestFile[],
  discoveryDiagnostics: readonly Diagnostic[],
  env: Env,
  readFile: (file: ManifestFile) => ReadResult,
): LoadResult {
  const diagnostics: Diagnostic[] = [...discoveryDiagnostics];
  const documents: Ordered<LoadedDocument>[] = [];
  const connections: Ordered<Candidate<DesiredConnection>>[] = [];
  const databases: Ordered<Candidate<ManagedDatabase>>[] = [];
  const defaults = new Map<string, DefaultsDocument>();
  const unset = new UnsetVariables();

  // One directory at a time, parents before children: the Defaults that apply to a directory's
  // documents are all known when they are built, and a directory's parsed trees are dropped once
  // they are, so memory holds one directory's trees rather than the whole estate's.
  for (const [dir, files] of byDirectory(found)) {
    const docs: Doc[] = [];
    for (const { file, index } of files) {
      const read = readFile(file);
      if (!read.ok) {
        diagnostics.push(read.diagnostic);
        continue;
      }
      const parsed = parseManifestText(read.text, file.path);
      diagnostics.push(...parsed.diagnostics);
      parsed.documents.forEach((p, n) => {
        const own: Diagnostic[] = [];
        const unsetBefore = unset.size;
        const doc = checkDocument(p.root, env, own, unset);
        diagnostics.push(...own);
        const failed = hasErrors(own) || unset.size > unsetBefore;
        if (doc !== undefined) docs.push({ order: index * DOCUMENTS_PER_FILE + n, ...doc, hasErrors: failed });
      });
    }
    for (const d of docs) if (d.kind.type === 'defaults') addDefaults(defaults, { dir, root: usable(d) }, diagnostics);
    const chain = defaultsChain(defaults, dir);
    // A Defaults value without a value of its own (reported there) passes to the documents below,
    // which are then left out without a word: a "required field missing" here would be a cascade.
    const chainUnresolved = chain.some((d) => hasUnresolved(d.root));
    for (const d of docs) {
      documents.push({ order: d.order, value: { kind: d.kind.manifestKind, source: d.root.pos } });
      if (d.kind.type === 'defaults') continue;
      const merged = applyDefaults(d.root, d.kind, chain);
      const missing = checkComplete(d.root, merged, d.kind);
      diagnostics.push(...missing);
      if (d.hasErrors || missing.length > 0 || (chainUnresolved && hasUnresolved(merged))) continue;
      const metadata = entry(d.root, 'metadata');
      switch (d.kind.type) {
        case 'connection': {
          const at = entry(metadata?.value, 'name')?.value.pos ?? d.root.pos;
          connections.push({ order: d.order, value: { id: d.order, value: buildConnection(merged, d.kind.kind), at } });
          break;
        }
        case 'managedDatabase': {
          const at = entry(d.root, 'kind')?.value.pos ?? d.root.pos;
          databases.push({ order: d.order, value: { id: d.order, value: buildManagedDatabase(merged), at } });
          break;
        }
      }
    }
  }

  diagnostics.push(...unset.diagnostics());
  const inOrder = <T>(items: Ordered<T>[]): T[] => items.sort((a, b) => a.order - b.order).map((i) => i.value);
  const candidates = { connections: inOrder(connections), databases: inOrder(databases) };
  const across = checkAcrossDocuments(candidates.connections, candidates.databases);
  diagnostics.push(...across.diagnostics);
  return {
    state: {
      connections: candidates.connections.filter((c) => !across.invalid.has(c.id)).map((c) => c.value),
      databases: candidates.databases.filter((d) => !across.invalid.has(d.id)).map((d) => d.value),
    },
    diagnostics: sortDiagnostics(diagnostics),
    files: found.map((f) => f.path),
    documents: inOrder(documents),
  };
}

/** The files grouped by directory, the directories sorted so that each comes before those inside it. */
function byDirectory(files: readonly ManifestFile[]): [string, { file: ManifestFile; index: number }[]][] {
  const groups = new Map<string, { file: ManifestFile; index: number }[]>();
  files.forEach((file, index) => {
    const dir = path.dirname(file.absolute);
    const group = groups.get(dir);
    if (group === undefined) groups.set(dir, [{ file, index }]);
    else group.push({ file, index });
  });
  // A directory's path is a prefix of those inside it, and a prefix sorts first.
  return [...groups].sort(([a], [b]) => compareText(a, b));
}

/** The checks of one document on its own; undefined when its apiVersion or kind is unusable. */
function checkDocument(
  parsed: LMap,
  env: Env,
  diagnostics: Diagnostic[],
  unset: UnsetVariables,
): { kind: DocumentKind; root: LMap; invalidPaths: PathSegment[][] } | undefined {
  // Credentials go first, so that no later message can quote one; and again once ${VAR} has
  // been expanded, since a variable can bring in a connection string or a signature.
  const interpolated = interpolateTree(stripCredentials(parsed, diagnostics), env, diagnostics, [], unset);
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

/**
 * A Defaults document as the documents below it inherit it. An invalid field (reported there)
 * stays, marked unresolved, as does a field with no value (a `${VAR}` with no value, a withheld
 * credential): the documents that inherit it are then left out quietly, instead of each
 * reporting the field as missing (a cascade of errors that point away from the one mistake).
 */
function usable(d: Doc): LMap {
  let root = d.root;
  for (const p of d.invalidPaths) root = withheld(root, p);
  return root;
}

function hasUnresolved(root: LMap): boolean {
  let found = false;
  walk(root, (node) => {
    if (node.type === 'scalar' && node.unresolved === true) found = true;
  });
  return found;
}

/** The document with the value at `p` replaced by an unresolved scalar at the same place. */
function withheld(root: LMap, p: readonly PathSegment[]): LMap {
  const [head, ...rest] = p;
  if (head === undefined) return root;
  const key = String(head);
  const e = root.entries.get(key);
  if (e === undefined) return root;
  if (rest.length > 0 && e.value.type === 'map') return withEntry(root, { ...e, value: withheld(e.value, rest) });
  return withEntry(root, { ...e, value: { type: 'scalar', pos: e.value.pos, value: null, quoted: false, unresolved: true } });
}
