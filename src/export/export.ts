/**
 * `kustodian export`'s pure part: the live state of some databases → manifest files (path →
 * YAML text), laid out as a person would write them:
 *
 *   <cluster>/<database>/defaults.yaml     Defaults: the database's address and common location
 *   <cluster>/<database>/database.yaml     ManagedDatabase, prune off
 *   <cluster>/<database>/<connection>.yaml one data connection
 *
 * No I/O: the caller reads the live state, checks the result and writes the files.
 */
import { posix } from 'node:path';
import { databaseKey, type DatabaseAddress } from '../core/address.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { LiveDatabase } from '../core/model.js';
import { compareText } from '../core/order.js';
import { exportDatabase, type DatabaseDocuments } from './database.js';
import { uniqueStems } from './names.js';
import { type DocumentModel, renderDocument } from './yaml.js';

export const DEFAULTS_FILE = 'defaults.yaml';
export const MANAGED_DATABASE_FILE = 'database.yaml';

/** Directory names the loader would skip. */
const RESERVED_DIRS: ReadonlySet<string> = new Set(['node_modules']);
/** Connection file stems that the database's own files use. */
const RESERVED_FILES: ReadonlySet<string> = new Set([DEFAULTS_FILE, MANAGED_DATABASE_FILE].map((f) => f.replace(/\.yaml$/, '')));

export interface ExportOptions {
  /** The manifest JSON Schema, relative to the export root (`/`-separated) or absolute: the modeline's target. */
  readonly schemaPath: string;
}

export interface ExportedFile {
  /** Relative to the export root, `/`-separated. */
  readonly path: string;
  readonly text: string;
  readonly document: DocumentModel;
}

export interface ExportResult {
  /** Sorted by path. */
  readonly files: readonly ExportedFile[];
  /** Warnings about connections left out or exported with a remark. */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: { readonly databases: number; readonly connections: number; readonly skipped: number };
}

function clusterKey(a: DatabaseAddress): string {
  return `${a.subscriptionId}/${a.resourceGroup}/${a.cluster}`.toLowerCase();
}

/** The modeline's schema path as seen from the file at `path`. */
function schemaFrom(path: string, schemaPath: string): string {
  if (/^(?:[A-Za-z]:)?\//.test(schemaPath)) return schemaPath; // absolute (on another drive, on Windows)
  const depth = path.split('/').length - 1;
  return posix.normalize(`${'../'.repeat(depth)}${schemaPath}`);
}

/** `<cluster>/<database>` for each database, by database key. */
function databaseDirs(dbs: readonly DatabaseDocuments[]): Map<string, string> {
  const clusters = uniqueStems(
    [...new Map(dbs.map((d) => [clusterKey(d.address), d.address.cluster])).entries()].map(([key, name]) => ({ key, name })),
    RESERVED_DIRS,
  );
  const dirs = new Map<string, string>();
  for (const [key, clusterDir] of clusters) {
    const inCluster = dbs.filter((d) => clusterKey(d.address) === key);
    const stems = uniqueStems(inCluster.map((d) => ({ key: databaseKey(d.address), name: d.address.database })), RESERVED_DIRS);
    for (const [dbKey, stem] of stems) dirs.set(dbKey, `${clusterDir}/${stem}`);
  }
  return dirs;
}

export function exportManifests(live: readonly LiveDatabase[], options: ExportOptions): ExportResult {
  const unique = [...new Map(live.map((db) => [databaseKey(db.address), db])).values()];
  const dbs = unique.map(exportDatabase);
  const dirs = databaseDirs(dbs);
  const files: ExportedFile[] = [];
  const file = (path: string, document: DocumentModel): void => {
    files.push({ path, document, text: renderDocument(document, [`yaml-language-server: $schema=${schemaFrom(path, options.schemaPath)}`]) });
  };
  for (const db of dbs) {
    const dir = dirs.get(databaseKey(db.address)) ?? '';
    file(`${dir}/${DEFAULTS_FILE}`, db.defaults);
    file(`${dir}/${MANAGED_DATABASE_FILE}`, db.managedDatabase);
    // Connection names are unique in a database whatever their case (Azure compares them so).
    const stems = uniqueStems(db.connections.map((c) => ({ key: c.name.toLowerCase(), name: c.name })), RESERVED_FILES);
    for (const c of db.connections) file(`${dir}/${stems.get(c.name.toLowerCase()) ?? ''}.yaml`, c.document);
  }
  files.sort((a, b) => compareText(a.path, b.path));
  const connections = dbs.reduce((n, d) => n + d.connections.length, 0);
  const liveCount = unique.reduce((n, d) => n + d.connections.length, 0);
  return {
    files,
    diagnostics: dbs.flatMap((d) => d.diagnostics),
    summary: { databases: dbs.length, connections, skipped: liveCount - connections },
  };
}

/** Every document in one multi-document YAML stream, each headed by the file it would be written to. */
export function exportStream(files: readonly ExportedFile[], root: string): string {
  return files.map((f) => `---\n${renderDocument(f.document, [posix.join(root, f.path)])}`).join('');
}
