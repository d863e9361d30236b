/**
 * The data flowing through the data connections, kept simple and deterministic: every
 * connection in a terminal Succeeded state whose sources send (traffic.ts: all do unless marked
 * idle) "receives a batch" every `intervalMs` on the emulator's clock, the first one an interval
 * after it was created or last changed. A connection created with a `retrievalStartDate` before
 * that moment also reads what was enqueued since then: its first batch carries one batch's rows
 * for every interval between the two (the backlog a gap-free replacement reads again). A
 * connection whose sources are idle receives nothing: no rows and no failures.
 *
 * Each batch is ingested as the service would: when the connection names a table (single-database
 * routing) the table must exist, and when it names a mapping, the mapping must exist on that
 * table and be of a kind the data format reads (catalog.ts, mapping-kinds.ts). A batch that is
 * ingested adds one extent of ROWS_PER_BATCH rows (more with a backlog) to its table, created at
 * the batch's time (its rows' `ingestion_time()`; `.show table T details`); one that cannot be
 * ingested records an ingestion failure, as `.show ingestion failures` shows it (docs:
 * ".show ingestion failures command"; error codes from "Ingestion error codes":
 * BadRequest_TableNotExist, BadRequest_MappingReferenceWasNotFound,
 * BadRequest_InvalidMappingReference). Failures are kept 14 days, the service's retention.
 *
 * No timer runs: batches are played lazily up to "now" whenever someone looks (the data plane,
 * the control API), like the long-running operations; `tick()` plays one batch for every
 * connection at once (for tests).
 */
import { randomUUID } from 'node:crypto';
import { databaseKey, type DatabaseAddress } from '../arm/ids.js';
import type { Store, StoredConnection } from '../state/store.js';
import type { Catalog } from './catalog.js';
import { formatAcceptsKind } from './mapping-kinds.js';
import { Traffic } from './traffic.js';

export const DEFAULT_INGESTION_INTERVAL_MS = 5000;
const RETENTION_MS = 14 * 86_400_000;
/** Batches played per connection per catch-up; older missed ones are skipped (a long pause). */
const MAX_BATCHES_PER_CATCH_UP = 100;
const MAX_FAILURES = 10_000;
/** Rows each successful batch adds to its table (one extent). */
export const ROWS_PER_BATCH = 100;
/** A backlog reaches back at most this far: an event hub's default retention (1 day). */
const MAX_BACKLOG_MS = 86_400_000;

export interface IngestionFailure {
  readonly operationId: string;
  /** `subscription/resourceGroup/cluster`, lower-cased: whose `.show ingestion failures` lists it. */
  readonly cluster: string;
  readonly database: string;
  readonly table: string;
  readonly failedOn: number;
  readonly ingestionSourcePath: string;
  readonly details: string;
  readonly failureKind: 'Permanent' | 'Transient';
  readonly rootActivityId: string;
  readonly operationKind: string;
  readonly originatesFromUpdatePolicy: boolean;
  readonly errorCode: string;
  readonly principal: string;
  readonly shouldRetry: boolean;
  readonly user: string;
  readonly ingestionProperties: string;
  readonly numberOfSources: number;
}

/** What the control API may inject; the rest is filled in. */
export type InjectedFailure = Partial<Omit<IngestionFailure, 'cluster' | 'failedOn'>> & {
  readonly database: string;
  readonly table: string;
  readonly failedOn?: number;
};

interface Feed {
  readonly db: DatabaseAddress;
  readonly name: string;
  /** The properties the feed started with: a change restarts it. */
  readonly signature: string;
  readonly since: number;
  next: number;
  /** Intervals between retrievalStartDate and `since`: read with the first batch. */
  backlog: number;
  batches: number;
  failed: number;
  lastBatch?: number;
}

/** One batch as Azure Monitor counts it (metrics.ts): the events processed or dropped by a data connection. */
export interface MetricPoint {
  /** `subscription/resourceGroup/cluster`, lower-cased. */
  readonly cluster: string;
  /** The ComponentName dimension: the data connection's name. */
  readonly component: string;
  /** The ComponentType dimension: the connection's kind (`EventHub`, `IotHub`, `EventGrid`, `CosmosDb`). */
  readonly componentType: string;
  readonly at: number;
  readonly processed: number;
  readonly dropped: number;
}

/** Azure Monitor keeps platform metrics 93 days; the emulator keeps at most this many points. */
const METRICS_RETENTION_MS = 93 * 86_400_000;
const MAX_METRIC_POINTS = 50_000;

export interface FeedInfo {
  readonly connection: string;
  readonly since: number;
  readonly batches: number;
  readonly failed: number;
  readonly lastBatch?: number;
}

function clusterKey(db: DatabaseAddress): string {
  return `${db.subscription}/${db.resourceGroup}/${db.cluster}`.toLowerCase();
}

function feedKey(db: DatabaseAddress, name: string): string {
  return `${databaseKey(db)}/${name.toLowerCase()}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Why one batch of this connection cannot be ingested, or undefined when it can. */
export function batchProblem(conn: StoredConnection, catalog: Catalog): { readonly code: string; readonly details: string; readonly table: string } | undefined {
  const p = conn.properties;
  const table = str(p['tableName']);
  // With databaseRouting Multi an event may name another database; the connection's table and
  // mapping are still what its events use by default, so they are checked like Single's.
  if (table === undefined) return undefined;
  const database = conn.db.database;
  const entry = catalog.table(conn.db, table);
  if (entry === undefined) return { code: 'BadRequest_TableNotExist', details: `Table '${table}' does not exist in database '${database}'.`, table };
  const mappingName = str(p['mappingRuleName']);
  if (mappingName === undefined) return undefined;
  const mapping = entry.mappings.get(mappingName);
  if (mapping === undefined) {
    return { code: 'BadRequest_MappingReferenceWasNotFound', details: `Mapping reference '${mappingName}' of type 'mappingReference' in database '${database}' could not be found.`, table };
  }
  const format = str(p['dataFormat']);
  if (format !== undefined && !formatAcceptsKind(format, mapping.kind)) {
    return {
      code: 'BadRequest_InvalidMappingReference',
      details: `Invalid mapping reference: mapping '${mappingName}' of table '${table}' is of kind '${mapping.kind}', which cannot be used with data format '${format.toLowerCase()}'.`,
      table,
    };
  }
  return undefined;
}

function sourcePath(conn: StoredConnection): string {
  const p = conn.properties;
  return str(p['eventHubResourceId']) ?? str(p['iotHubResourceId']) ?? str(p['cosmosDbAccountResourceId']) ?? str(p['storageAccountResourceId']) ?? '';
}

/** The intervals of events enqueued between a connection's retrievalStartDate and the moment it starts reading. */
function backlogOf(conn: StoredConnection, since: number, intervalMs: number): number {
  const start = Date.parse(str(conn.properties['retrievalStartDate']) ?? '');
  if (Number.isNaN(start) || start >= since) return 0;
  return Math.floor(Math.min(since - start, MAX_BACKLOG_MS) / intervalMs);
}

export class Ingestion {
  private feeds = new Map<string, Feed>();
  /** Which sources send (traffic.ts). */
  readonly traffic = new Traffic();
  private failures: IngestionFailure[] = [];
  private points: MetricPoint[] = [];
  /** Set by every recorded failure; whoever persists clears it. */
  dirty = false;

  constructor(public intervalMs: number = DEFAULT_INGESTION_INTERVAL_MS) {}

  /** Forgets every feed and failure (a new seed). */
  reset(): void {
    this.feeds.clear();
    this.failures = [];
    this.points = [];
  }

  /** Told of every stored connection change: a connection feeds from its first Succeeded state, restarting when its properties change. */
  onConnection(db: DatabaseAddress, name: string, conn: StoredConnection | undefined, now: number): void {
    const key = feedKey(db, name);
    if (conn === undefined || conn.provisioningState !== 'Succeeded') {
      this.feeds.delete(key);
      return;
    }
    const signature = JSON.stringify(conn.properties);
    if (this.feeds.get(key)?.signature === signature) return;
    this.feeds.set(key, { db: conn.db, name: conn.name, signature, since: now, next: now + this.intervalMs, backlog: backlogOf(conn, now, this.intervalMs), batches: 0, failed: 0 });
  }

  /** Plays every batch due by `now`. */
  catchUp(now: number, store: Store, catalog: Catalog, principalOf: (conn: StoredConnection) => string): void {
    for (const feed of this.feeds.values()) {
      if (feed.next > now) continue;
      const conn = store.get(feed.db, feed.name);
      if (conn === undefined) continue;
      let played = 0;
      while (feed.next <= now && played < MAX_BATCHES_PER_CATCH_UP) {
        this.play(feed, conn, feed.next, catalog, principalOf);
        feed.next += this.intervalMs;
        played++;
      }
      if (feed.next <= now) feed.next = now + this.intervalMs;
    }
    this.prune(now);
  }

  /** One batch for every feeding connection, now. */
  tick(now: number, store: Store, catalog: Catalog, principalOf: (conn: StoredConnection) => string): number {
    let n = 0;
    for (const feed of this.feeds.values()) {
      const conn = store.get(feed.db, feed.name);
      if (conn === undefined || !this.traffic.flowsTo(conn)) continue;
      this.play(feed, conn, now, catalog, principalOf);
      n++;
    }
    return n;
  }

  private play(feed: Feed, conn: StoredConnection, at: number, catalog: Catalog, principalOf: (conn: StoredConnection) => string): void {
    // Nothing sent, nothing to ingest or to fail on; what was enqueued before is not there either.
    if (!this.traffic.flowsTo(conn)) {
      feed.backlog = 0;
      return;
    }
    feed.batches++;
    feed.lastBatch = at;
    const rows = ROWS_PER_BATCH * (1 + feed.backlog);
    feed.backlog = 0;
    const problem = batchProblem(conn, catalog);
    this.count(conn, at, problem === undefined ? rows : 0, problem === undefined ? 0 : rows);
    if (problem === undefined) {
      const table = str(conn.properties['tableName']);
      if (table !== undefined) catalog.recordExtent(conn.db, table, at, rows);
      return;
    }
    feed.failed++;
    this.record({
      operationId: randomUUID(),
      cluster: clusterKey(conn.db),
      database: conn.db.database,
      table: problem.table,
      failedOn: at,
      ingestionSourcePath: sourcePath(conn),
      details: problem.details,
      failureKind: 'Permanent',
      rootActivityId: randomUUID(),
      operationKind: 'DataIngestPull',
      originatesFromUpdatePolicy: false,
      errorCode: problem.code,
      principal: `aadapp=${principalOf(conn)}`,
      shouldRetry: false,
      user: '',
      ingestionProperties: JSON.stringify({
        DataConnection: `${conn.db.cluster}/${conn.db.database}/${conn.name}`,
        Format: str(conn.properties['dataFormat']) ?? null,
        IngestionMappingReference: str(conn.properties['mappingRuleName']) ?? null,
      }),
      numberOfSources: 1,
    });
  }

  /** A batch for Azure Monitor: each row one event, processed when ingested, dropped when the batch failed. */
  private count(conn: StoredConnection, at: number, processed: number, dropped: number): void {
    this.points.push({ cluster: clusterKey(conn.db), component: conn.name, componentType: conn.kind, at, processed, dropped });
    if (this.points.length > MAX_METRIC_POINTS) this.points.splice(0, this.points.length - MAX_METRIC_POINTS);
  }

  /** A cluster's metric points (not kept in the state file: a restart forgets them). */
  metricsOf(cluster: { subscription: string; resourceGroup: string; cluster: string }, now: number): readonly MetricPoint[] {
    const key = clusterKey({ ...cluster, database: '' });
    return this.points.filter((p) => p.cluster === key && p.at >= now - METRICS_RETENTION_MS);
  }

  private record(failure: IngestionFailure): void {
    this.failures.push(failure);
    this.dirty = true;
    if (this.failures.length > MAX_FAILURES) this.failures.splice(0, this.failures.length - MAX_FAILURES);
  }

  private prune(now: number): void {
    if (this.failures.length > 0 && (this.failures[0]?.failedOn ?? now) < now - RETENTION_MS) {
      this.failures = this.failures.filter((f) => f.failedOn >= now - RETENTION_MS);
    }
  }

  /** Records a failure as given (tests), on a database's cluster. */
  inject(db: DatabaseAddress, failure: InjectedFailure, now: number): IngestionFailure {
    const f: IngestionFailure = {
      operationId: failure.operationId ?? randomUUID(),
      cluster: clusterKey(db),
      database: db.database,
      table: failure.table,
      failedOn: failure.failedOn ?? now,
      ingestionSourcePath: failure.ingestionSourcePath ?? '',
      details: failure.details ?? 'Injected by the emulator control API.',
      failureKind: failure.failureKind ?? 'Permanent',
      rootActivityId: failure.rootActivityId ?? randomUUID(),
      operationKind: failure.operationKind ?? 'DataIngestPull',
      originatesFromUpdatePolicy: failure.originatesFromUpdatePolicy ?? false,
      errorCode: failure.errorCode ?? 'General_BadRequest',
      principal: failure.principal ?? '',
      shouldRetry: failure.shouldRetry ?? false,
      user: failure.user ?? '',
      ingestionProperties: failure.ingestionProperties ?? '{}',
      numberOfSources: failure.numberOfSources ?? 1,
    };
    this.record(f);
    return f;
  }

  /** The failures `.show ingestion failures` lists on a cluster, oldest first. */
  failuresOf(cluster: DatabaseAddress | { subscription: string; resourceGroup: string; cluster: string }): IngestionFailure[] {
    const key = clusterKey({ ...cluster, database: '' });
    return this.failures.filter((f) => f.cluster === key);
  }

  /** The failures, for the state file (feeds restart from the connections on load). */
  snapshot(): readonly IngestionFailure[] {
    return [...this.failures];
  }

  restore(failures: readonly IngestionFailure[]): void {
    this.failures = [...failures];
  }

  feedsInfo(): FeedInfo[] {
    return [...this.feeds.values()].map((f) => ({
      connection: `${f.db.cluster}/${f.db.database}/${f.name}`,
      since: f.since,
      batches: f.batches,
      failed: f.failed,
      ...(f.lastBatch !== undefined ? { lastBatch: f.lastBatch } : {}),
    }));
  }
}
