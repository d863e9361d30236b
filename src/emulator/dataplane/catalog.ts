/**
 * What the Kusto databases hold, as the data plane and the service's own checks see it: tables
 * (name, folder, docstring) and their ingestion mappings (name, kind, mapping text, last
 * update). Starts as the seed's and changes through the control API (tables and mappings are
 * made with Kusto commands on a real cluster; the emulator's data plane only reads). Table and
 * mapping names are case-sensitive, as in Kusto.
 */
import { databaseKey, type DatabaseAddress } from '../arm/ids.js';
import { allDatabases, derivedPrincipalId, type World } from '../state/world.js';
import type { MappingKind } from './mapping-kinds.js';

export interface MappingEntry {
  readonly name: string;
  readonly kind: MappingKind;
  readonly mapping: string;
  /** Epoch milliseconds. */
  readonly lastUpdatedOn: number;
}

/** One ingested extent: when it was created (the `ingestion_time()` of its rows) and how many rows it holds. */
export interface ExtentEntry {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly rows: number;
}

/** The newest extents a table keeps for `ingestion_time()` queries; older ones still count in the totals. */
export const MAX_LOGGED_EXTENTS = 10_000;

/** What has been ingested into a table: one extent per batch (dataplane/ingestion.ts). */
export interface TableData {
  readonly extents: number;
  readonly rows: number;
  readonly originalSize: number;
  readonly extentSize: number;
  /** Epoch milliseconds of the first and last extents' creation; absent while the table is empty. */
  readonly minCreated?: number;
  readonly maxCreated?: number;
  /** The newest extents, oldest first (at most MAX_LOGGED_EXTENTS); absent in state files written before. */
  readonly log?: readonly ExtentEntry[];
}

const EMPTY: TableData = { extents: 0, rows: 0, originalSize: 0, extentSize: 0 };

/** The data after one more extent of `rows` rows created at `at`. */
function withExtent(d: TableData, at: number, rows: number): TableData {
  const log = [...(d.log ?? []), { at, rows }].sort((a, b) => a.at - b.at);
  return {
    extents: d.extents + 1,
    rows: d.rows + rows,
    originalSize: d.originalSize + rows * 100,
    extentSize: d.extentSize + rows * 20,
    minCreated: Math.min(d.minCreated ?? at, at),
    maxCreated: Math.max(d.maxCreated ?? at, at),
    log: log.length > MAX_LOGGED_EXTENTS ? log.slice(log.length - MAX_LOGGED_EXTENTS) : log,
  };
}

export interface TableEntry {
  readonly name: string;
  /** The table's ID (`TableId` of `.show table T details`): stable for its name and database. */
  readonly id: string;
  readonly folder: string;
  readonly docString: string;
  readonly mappings: ReadonlyMap<string, MappingEntry>;
  readonly data: TableData;
}

function tableId(db: DatabaseAddress, name: string): string {
  return derivedPrincipalId(`table:${databaseKey(db)}/${name}`);
}

/** The catalog as the state file keeps it. */
export interface CatalogSnapshot {
  readonly databases: readonly { readonly db: DatabaseAddress; readonly tables: readonly (Omit<TableEntry, 'mappings'> & { readonly mappings: readonly MappingEntry[] })[] }[];
}

export class Catalog {
  private dbs = new Map<string, Map<string, TableEntry>>();
  /** The addresses of the databases, by key, for the snapshot. */
  private addresses = new Map<string, DatabaseAddress>();

  /** The world's tables and mappings, forgetting every change since. */
  reset(world: World, now: number): void {
    this.dbs = new Map();
    this.addresses = new Map();
    for (const db of allDatabases(world)) {
      this.addresses.set(databaseKey(db.address), db.address);
      const tables = new Map<string, TableEntry>();
      for (const t of db.tables.values()) {
        const mappings = new Map<string, MappingEntry>();
        for (const m of t.mappings.values()) mappings.set(m.name, { ...m, lastUpdatedOn: now });
        // The seed's extents: data the table held before the emulator started (default: at load).
        const data = t.extents.reduce((d, e) => withExtent(d, e.at ?? now, e.rows), EMPTY);
        tables.set(t.name, { name: t.name, id: tableId(db.address, t.name), folder: t.folder, docString: t.docString, mappings, data });
      }
      this.dbs.set(databaseKey(db.address), tables);
    }
  }

  tables(db: DatabaseAddress): readonly TableEntry[] {
    return [...(this.dbs.get(databaseKey(db))?.values() ?? [])];
  }

  table(db: DatabaseAddress, name: string): TableEntry | undefined {
    return this.dbs.get(databaseKey(db))?.get(name);
  }

  /** Creates a table, or changes its folder and docstring; its mappings stay. */
  putTable(db: DatabaseAddress, name: string, folder = '', docString = ''): TableEntry {
    const tables = this.dbs.get(databaseKey(db)) ?? new Map<string, TableEntry>();
    this.dbs.set(databaseKey(db), tables);
    if (!this.addresses.has(databaseKey(db))) this.addresses.set(databaseKey(db), db);
    const existing = tables.get(name);
    const entry: TableEntry = { name, id: tableId(db, name), folder, docString, mappings: existing?.mappings ?? new Map(), data: existing?.data ?? EMPTY };
    tables.set(name, entry);
    return entry;
  }

  dropTable(db: DatabaseAddress, name: string): boolean {
    return this.dbs.get(databaseKey(db))?.delete(name) ?? false;
  }

  /** Creates or alters a mapping of an existing table; false when the table does not exist. */
  putMapping(db: DatabaseAddress, table: string, mapping: MappingEntry): boolean {
    const entry = this.table(db, table);
    if (entry === undefined) return false;
    const mappings = new Map(entry.mappings);
    mappings.set(mapping.name, mapping);
    this.dbs.get(databaseKey(db))?.set(table, { ...entry, mappings });
    return true;
  }

  /** Records one ingested extent of `rows` rows on a table (no-op when the table is gone). */
  recordExtent(db: DatabaseAddress, table: string, at: number, rows: number): void {
    const entry = this.table(db, table);
    if (entry === undefined) return;
    this.dbs.get(databaseKey(db))?.set(table, { ...entry, data: withExtent(entry.data, at, rows) });
  }

  dropMapping(db: DatabaseAddress, table: string, name: string): boolean {
    const entry = this.table(db, table);
    if (entry === undefined || !entry.mappings.has(name)) return false;
    const mappings = new Map(entry.mappings);
    mappings.delete(name);
    this.dbs.get(databaseKey(db))?.set(table, { ...entry, mappings });
    return true;
  }

  snapshot(): CatalogSnapshot {
    return {
      databases: [...this.dbs].map(([key, tables]) => ({
        db: this.addresses.get(key) ?? { subscription: '', resourceGroup: '', cluster: '', database: '' },
        tables: [...tables.values()].map((t) => ({ ...t, mappings: [...t.mappings.values()] })),
      })),
    };
  }

  /** Replaces every database's tables with a snapshot's (databases the snapshot lacks keep theirs). */
  restore(snapshot: CatalogSnapshot): void {
    for (const { db, tables } of snapshot.databases) {
      this.addresses.set(databaseKey(db), db);
      const entries = tables.map((t): [string, TableEntry] => {
        // Files written before tables had data and IDs lack them.
        const partial = t as Partial<Pick<TableEntry, 'data' | 'id'>>;
        return [t.name, { ...t, id: partial.id ?? tableId(db, t.name), data: partial.data ?? EMPTY, mappings: new Map(t.mappings.map((m) => [m.name, m])) }];
      });
      this.dbs.set(databaseKey(db), new Map(entries));
    }
  }
}
