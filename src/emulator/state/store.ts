/**
 * The mutable state: data connections indexed by database (then by lower-cased name), and the
 * long-running operations. Lookups never scan: a list touches only its database's
 * connections, a get touches one. `work` counts the records each read touched, so tests can
 * prove the index is used without timing anything.
 */
import type { DatabaseAddress } from '../arm/ids.js';
import { databaseKey } from '../arm/ids.js';
import type { Kind, ProvisioningState } from '../kusto/kinds.js';
import type { ArmErrorBody } from '../arm/errors.js';

export type PropertyValue = string | boolean | readonly string[];
export type Properties = Readonly<Record<string, PropertyValue>>;

export interface StoredConnection {
  /** The database, in the seed's casing. */
  readonly db: DatabaseAddress;
  /** The casing of the first creation. */
  readonly name: string;
  readonly kind: Kind;
  /** Display name: `Central US`. */
  readonly location: string;
  /** Writable properties, normalised, with the service's defaults filled in. */
  readonly properties: Properties;
  readonly managedIdentityObjectId?: string;
  readonly provisioningState: ProvisioningState;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** The operation running on it, if any. */
  readonly operationId?: string;
}

export type OperationKind = 'create' | 'update' | 'delete' | 'validate';
export type OperationStatus = 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

export type OperationOutcome =
  | { readonly status: 'Succeeded'; readonly result?: unknown }
  | { readonly status: 'Failed'; readonly error: ArmErrorBody };

export interface OperationRecord {
  readonly id: string;
  readonly kind: OperationKind;
  readonly subscription: string;
  /** Programmatic region name used in the operation URL: `centralus`. */
  readonly region: string;
  readonly startTime: number;
  /** When it ends; null for an operation that never finishes. */
  readonly dueTime: number | null;
  /** What it ends with. */
  readonly outcome: OperationOutcome;
  status: OperationStatus;
  endTime?: number;
  /** The connection it works on (absent for validation). */
  readonly target?: { readonly db: DatabaseAddress; readonly name: string };
  /** The connection as it was before an update or delete, restored if the operation fails. */
  readonly previous?: StoredConnection;
}

/** Told of every change to a connection: the stored value, or undefined once removed. */
export type StoreListener = (db: DatabaseAddress, name: string, conn: StoredConnection | undefined) => void;

export class Store {
  private readonly byDatabase = new Map<string, Map<string, StoredConnection>>();
  private readonly listeners: StoreListener[] = [];
  readonly operations = new Map<string, OperationRecord>();
  /** Operations still running, so finishing due ones never scans the history. */
  readonly running = new Set<string>();
  /** Records touched by reads (list/get): the index test's measure. */
  work = 0;
  /** Set by every change; whoever persists clears it. */
  dirty = false;

  list(db: DatabaseAddress): StoredConnection[] {
    const conns = this.byDatabase.get(databaseKey(db));
    if (conns === undefined) return [];
    this.work += conns.size;
    return [...conns.values()];
  }

  get(db: DatabaseAddress, name: string): StoredConnection | undefined {
    const conn = this.byDatabase.get(databaseKey(db))?.get(name.toLowerCase());
    if (conn !== undefined) this.work += 1;
    return conn;
  }

  /** Follows every put and remove from now on (the Resource Graph view does). */
  listen(listener: StoreListener): void {
    this.listeners.push(listener);
  }

  /** Stores a connection under its database; replaces one of the same name (any casing). */
  put(conn: StoredConnection): void {
    const key = databaseKey(conn.db);
    let conns = this.byDatabase.get(key);
    if (conns === undefined) {
      conns = new Map();
      this.byDatabase.set(key, conns);
    }
    conns.set(conn.name.toLowerCase(), conn);
    this.dirty = true;
    for (const l of this.listeners) l(conn.db, conn.name, conn);
  }

  remove(db: DatabaseAddress, name: string): boolean {
    const key = databaseKey(db);
    const conns = this.byDatabase.get(key);
    const removed = conns?.delete(name.toLowerCase()) ?? false;
    if (conns !== undefined && conns.size === 0) this.byDatabase.delete(key);
    if (removed) {
      this.dirty = true;
      for (const l of this.listeners) l(db, name, undefined);
    }
    return removed;
  }

  /** Every connection of a cluster (for the event hub / consumer group rule). */
  *inCluster(db: DatabaseAddress): Generator<StoredConnection> {
    const prefix = `${db.subscription}/${db.resourceGroup}/${db.cluster}/`.toLowerCase();
    for (const [key, conns] of this.byDatabase) {
      if (key.startsWith(prefix)) yield* conns.values();
    }
  }

  *all(): Generator<StoredConnection> {
    for (const conns of this.byDatabase.values()) yield* conns.values();
  }

  addOperation(op: OperationRecord): void {
    this.operations.set(op.id, op);
    if (op.status === 'Running') this.running.add(op.id);
    this.dirty = true;
  }

  clear(): void {
    this.byDatabase.clear();
    this.operations.clear();
    this.running.clear();
    this.dirty = true;
  }
}
