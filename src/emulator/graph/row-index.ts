/**
 * What Resource Graph has indexed: the data connections as they were `lagMs` ago. Resource
 * Graph is eventually consistent; a change made through ARM shows there after a delay. Every
 * change the store makes is recorded with its time and becomes visible once the lag has
 * passed on the emulator's clock (0, the default, shows each change to the next query). A
 * loaded seed or state file is visible at once: it stands for what existed before.
 *
 * Rows are kept sorted by lower-cased resource ID, so a page is a binary search away.
 */
import { dataConnectionId, type DatabaseAddress } from '../arm/ids.js';
import type { Store, StoredConnection } from '../state/store.js';

export interface IndexedConnection {
  /** The lower-cased resource ID: the sort key and the paging key. */
  readonly key: string;
  readonly subscription: string;
  readonly conn: StoredConnection;
}

interface PendingChange {
  readonly at: number;
  readonly key: string;
  readonly entry: IndexedConnection | undefined;
}

function keyOf(db: DatabaseAddress, name: string): string {
  return dataConnectionId(db, name).toLowerCase();
}

export class GraphIndex {
  private readonly visible = new Map<string, IndexedConnection>();
  private pending: PendingChange[] = [];
  private sorted: IndexedConnection[] | undefined;
  /** The last query's selection, while nothing changed (paging asks the same query for every page). */
  private selected: { readonly fingerprint: string; readonly rows: readonly IndexedConnection[] } | undefined;

  constructor(
    store: Store,
    private readonly clock: { now(): number },
    private lagMs = 0,
  ) {
    store.listen((db, name, conn) => {
      const key = keyOf(db, name);
      const change = { at: this.clock.now(), key, entry: conn === undefined ? undefined : { key, subscription: conn.db.subscription.toLowerCase(), conn } };
      // Without lag (and nothing older waiting), a change shows at once: no queue grows between queries.
      if (this.lagMs === 0 && this.pending.length === 0) this.apply(change);
      else this.pending.push(change);
    });
  }

  private apply(change: PendingChange): void {
    if (change.entry === undefined) this.visible.delete(change.key);
    else this.visible.set(change.key, change.entry);
    this.changed();
  }

  /** A new lag for the changes from now on: those already due under the old one stay visible. */
  setLag(ms: number): void {
    this.rows(this.clock.now());
    this.lagMs = ms;
  }

  /** Shows exactly what the store holds now, with no change pending (a seed, a state file). */
  catchUp(store: Store): void {
    this.visible.clear();
    this.pending = [];
    for (const conn of store.all()) {
      const key = keyOf(conn.db, conn.name);
      this.visible.set(key, { key, subscription: conn.db.subscription.toLowerCase(), conn });
    }
    this.changed();
  }

  private changed(): void {
    this.sorted = undefined;
    this.selected = undefined;
  }

  /** Every visible connection at `now`, sorted by key. */
  rows(now: number): readonly IndexedConnection[] {
    let applied = 0;
    for (const change of this.pending) {
      if (change.at + this.lagMs > now) break;
      this.apply(change);
      applied += 1;
    }
    if (applied > 0) this.pending = this.pending.slice(applied);
    this.sorted ??= [...this.visible.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.sorted;
  }

  /** The rows `select` picks from those visible at `now`; computed again only when the query or a visible row changed. */
  selection(now: number, fingerprint: string, select: (rows: readonly IndexedConnection[]) => readonly IndexedConnection[]): readonly IndexedConnection[] {
    const all = this.rows(now);
    if (this.selected?.fingerprint !== fingerprint) this.selected = { fingerprint, rows: select(all) };
    return this.selected.rows;
  }
}
