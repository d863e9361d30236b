/**
 * Whether connections ingest (`apply --verify-ingestion`, `kustodian health`): for a while after
 * `since`, the Kusto data plane's `.show ingestion failures` for each connection's table, a
 * count of the rows ingested into it, and (when readable) the connection's Azure Monitor
 * metrics, EventsProcessed and EventsDropped, which the note reports. Per connection: `failures` (with the first one's message)
 * as soon as one is recorded, or when Azure Monitor counts dropped events (failures of the
 * connection's own stages, which `.show ingestion failures` does not list); else, at the end of the watch, `healthy` when rows arrived, `no
 * data seen` when none did. What could not be read is said, never taken for health.
 *
 * Time and waiting are inputs, so tests drive the watch without real waits.
 */
import { databaseKey } from '../core/address.js';
import { createLimiter } from '../core/concurrency.js';
import type { ClusterFacts, ConnectionMetrics, IngestionFailure, PrerequisitePort } from '../core/ports/prerequisite-port.js';
import { printable } from '../core/printable.js';
import { PREREQUISITE_CODES } from '../plan/prerequisites.js';
import type { CheckTarget } from './prerequisite-job.js';

export type IngestionStatus = 'healthy' | 'failures' | 'no-data-seen' | 'could-not-check';

export interface IngestionHealth {
  readonly address: string;
  readonly status: IngestionStatus;
  readonly table?: string;
  /** Watched from this moment (ISO 8601). */
  readonly since: string;
  /** Failures recorded for the table since then. */
  readonly failureCount: number;
  readonly firstFailure?: { readonly failedOn: string; readonly details: string; readonly errorCode?: string };
  /** Rows ingested since then, when the count could be read. */
  readonly rows?: number;
  /** The connection's Azure Monitor totals since then (EventsProcessed, EventsDropped), when they could be read. */
  readonly metrics?: ConnectionMetrics;
  /** Why the status is what it is, for people. */
  readonly note: string;
  readonly code?: string;
}

export interface WatchInput {
  readonly targets: readonly CheckTarget[];
  readonly port: PrerequisitePort;
  /** The moment each connection is watched from (the change's end, or `now - window` for health). */
  readonly since: string;
  /** How long to watch; 0 reads once. */
  readonly durationMs: number;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
}

interface Tracked {
  readonly target: CheckTarget;
  /** Watched from (ISO 8601): the target's own start, else the watch's. */
  readonly since: string;
  readonly table?: string;
  failures: IngestionFailure[];
  rows?: number;
  metrics?: ConnectionMetrics;
  problem?: string;
}

export async function watchIngestion(input: WatchInput): Promise<IngestionHealth[]> {
  const tracked: Tracked[] = input.targets.map((t) => {
    const table = t.body.properties['tableName'];
    const since = t.watchFrom?.at ?? input.since;
    return typeof table === 'string' && table !== '' ? { target: t, since, table, failures: [] } : { target: t, since, failures: [] };
  });
  const deadline = input.now() + input.durationMs;
  const limiter = createLimiter(4);
  for (;;) {
    await readOnce(tracked, input, limiter);
    const open = tracked.filter((t) => t.table !== undefined && t.failures.length === 0);
    const left = deadline - input.now();
    if (open.length === 0 || left <= 0 || input.signal?.aborted === true) break;
    await input.sleep(Math.min(input.intervalMs, left), input.signal);
  }
  return tracked.map(healthOf);
}

/** One round of reads: the failures of each database (once), and the row count of each table still open. */
async function readOnce(tracked: Tracked[], input: WatchInput, limiter: ReturnType<typeof createLimiter>): Promise<void> {
  const clusters = new Map<string, Promise<ClusterFacts>>();
  const failures = new Map<string, Promise<IngestionFailure[]>>();
  const clusterOf = (t: Tracked): Promise<ClusterFacts> => {
    const key = databaseKey(t.target.database);
    let p = clusters.get(key);
    if (p === undefined) {
      p = input.port.cluster(t.target.database, input.signal);
      clusters.set(key, p);
    }
    return p;
  };
  const uriOf = async (t: Tracked): Promise<string> => (await clusterOf(t)).uri;
  await Promise.all(
    tracked.map((t) =>
      limiter.run(async () => {
        if (t.table === undefined || t.failures.length > 0) return;
        try {
          const uri = await uriOf(t);
          const key = `${uri}|${t.target.database.database}`;
          let p = failures.get(key);
          if (p === undefined) {
            p = input.port.ingestionFailures(uri, t.target.database.database, input.signal);
            failures.set(key, p);
          }
          const all = await p;
          t.failures = all.filter((f) => f.table === t.table && cameThrough(f, t.target) && Date.parse(f.failedOn) >= Date.parse(t.since)).sort((a, b) => Date.parse(a.failedOn) - Date.parse(b.failedOn));
          delete t.problem;
        } catch (e) {
          t.problem = printable(e instanceof Error ? e.message : String(e));
          return;
        }
        if (t.failures.length > 0) return;
        try {
          t.rows = await input.port.ingestedSince(await uriOf(t), t.target.database.database, t.table, t.since, input.signal);
        } catch {
          // The count is a bonus: without it, no failure is still no failure.
          delete t.rows;
        }
        try {
          t.metrics = await input.port.connectionMetrics((await clusterOf(t)).id, t.target.address.split('/').pop() ?? '', t.since, new Date(input.now()).toISOString(), input.signal);
        } catch {
          // Azure Monitor is a bonus too (it may not be readable, or lag behind).
          delete t.metrics;
        }
      }),
    ),
  );
}

/**
 * Whether a failure of the connection's table came through this connection: when the failure
 * names its data connection (`cluster/database/name`), that name must be this one's; when it
 * names none, every failure of the table counts (connections sharing a table share them).
 */
function cameThrough(f: IngestionFailure, target: CheckTarget): boolean {
  if (f.dataConnection === undefined) return true;
  const [name, database] = f.dataConnection.split('/').reverse();
  return name?.toLowerCase() === target.address.split('/').pop()?.toLowerCase() && (database === undefined || database.toLowerCase() === target.database.database.toLowerCase());
}

function healthOf(t: Tracked): IngestionHealth {
  const health = statusOf(t);
  const why = t.target.watchFrom?.why;
  const m = t.metrics;
  const metrics = m === undefined ? '' : `; Azure Monitor: ${m.eventsProcessed} event(s) processed, ${m.eventsDropped} dropped`;
  return { ...health, note: `${health.note}${metrics}${why === undefined ? '' : ` (watched from ${t.since}: ${why})`}` };
}

function statusOf(t: Tracked): IngestionHealth {
  const base = {
    address: t.target.address,
    since: t.since,
    failureCount: t.failures.length,
    ...(t.table !== undefined ? { table: t.table } : {}),
    ...(t.rows !== undefined ? { rows: t.rows } : {}),
    ...(t.metrics !== undefined ? { metrics: t.metrics } : {}),
  };
  if (t.table === undefined) {
    return { ...base, status: 'could-not-check', code: PREREQUISITE_CODES.ingestionNotWatched, note: 'no tableName: each event names its table, so failures cannot be told apart per connection' };
  }
  const first = t.failures[0];
  if (first !== undefined) {
    return {
      ...base,
      status: 'failures',
      code: PREREQUISITE_CODES.ingestionFailures,
      firstFailure: { failedOn: first.failedOn, details: printable(first.details), ...(first.errorCode !== undefined ? { errorCode: printable(first.errorCode) } : {}) },
      note: `${t.failures.length} ingestion failure(s) since the change; the first: ${printable(first.details)}`,
    };
  }
  // `.show ingestion failures` lists only the failures of ingestion commands, not those of the
  // connection's own stages (Microsoft's docs); Azure Monitor counts the events a connection
  // dropped whatever the stage, so a dropped event is a failure too.
  const dropped = t.metrics?.eventsDropped ?? 0;
  if (dropped > 0) {
    return {
      ...base,
      status: 'failures',
      code: PREREQUISITE_CODES.ingestionFailures,
      note: `Azure Monitor: the connection dropped ${dropped} event(s) since the change; why is in the cluster's diagnostic logs (the FailedIngestion table), not in .show ingestion failures`,
    };
  }
  if (t.problem !== undefined) {
    return { ...base, status: 'could-not-check', code: PREREQUISITE_CODES.ingestionNotWatched, note: `.show ingestion failures could not be read: ${t.problem}` };
  }
  if (t.rows === undefined) return { ...base, status: 'healthy', note: 'no ingestion failure recorded (how many rows arrived could not be counted)' };
  if (t.rows > 0) return { ...base, status: 'healthy', note: `${t.rows} row(s) ingested, no failure` };
  return {
    ...base,
    status: 'no-data-seen',
    code: PREREQUISITE_CODES.ingestionNoData,
    note: 'no row ingested and no failure recorded: is anything sending to the source, and from a position the connection reads (retrievalStartDate)?',
  };
}
