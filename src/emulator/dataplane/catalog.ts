/**
 * What the Kusto databases hold, as the data plane and the service's own checks see it: tables
 * (name, folder, docstring) and their ingestion mappings (name, kind, mapping text, last
 * update). Starts as the seed's and changes through the control API (tables and mappings are
 * made with Kusto commands on a real cluster; the emulator's data plane only reads). Table and
 * mapping names are case-sensitive, as in Kusto.
 */
import { databaseKey, type DatabaseAddress } from '../arm/ids.js';
import { allDatabases, type World } from '../state/world.js';
import type { MappingKind } from './mapping-kinds.js';

export interface MappingEntry {
  readonly name: string;
  readonly kind: MappingKind;
  readonly mapping: string;
  /** Epoch milliseconds. */
  readonly lastUpdatedOn: number;
}

export interface TableEntry {
  readonly name: string;
  readonly folder: string;
  readonly docString: string;
  readonly mappings: ReadonlyMap<string, MappingEntry>;
}

export class Catalog {
  private dbs = new Map<string, Map<string, TableEntry>>();

  /** The world's tables and mappings, forgetting every change since. */
  reset(world: World, now: number): void {
    this.dbs = new Map();
    for (const db of allDatabases(world)) {
      const tables = new Map<string, TableEntry>();
      for (const t of db.tables.values()) {
        const mappings = new Map<string, MappingEntry>();
        for (const m of t.mappings.values()) mappings.set(m.name, { ...m, lastUpdatedOn: now });
        tables.set(t.name, { name: t.name, folder: t.folder, docString: t.docString, mappings });
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
    const entry: TableEntry = { name, folder, docString, mappings: tables.get(name)?.mappings ?? new Map() };
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

  dropMapping(db: DatabaseAddress, table: string, name: string): boolean {
    const entry = this.table(db, table);
    if (entry === undefined || !entry.mappings.has(name)) return false;
    const mappings = new Map(entry.mappings);
    mappings.delete(name);
    this.dbs.get(databaseKey(db))?.set(table, { ...entry, mappings });
    return true;
  }
}
