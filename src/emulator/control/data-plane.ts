/**
 * The control API's part for the Kusto data plane: tables and mappings (made with Kusto
 * commands on a real cluster; here they change behind the service's back, as another writer
 * would), and the data flowing through the connections (ingestion batches and failures).
 *
 *   GET    /_emulator/kusto/{cluster}/{database}/tables
 *   PUT    /_emulator/kusto/{cluster}/{database}/tables/{table}     { folder?, docString?, mappings?: [{ name, kind, mapping? }] }
 *   DELETE /_emulator/kusto/{cluster}/{database}/tables/{table}
 *   PUT    /_emulator/kusto/{cluster}/{database}/tables/{table}/mappings/{name}   { kind, mapping? }
 *   DELETE /_emulator/kusto/{cluster}/{database}/tables/{table}/mappings/{name}
 *   POST   /_emulator/kusto/{cluster}/{database}/tables/{table}/extents           { rows, ingestedAt? }: data another writer ingested
 *   GET    /_emulator/ingestion                  { intervalMs, idleSources, feeds: [...] }
 *   PUT    /_emulator/ingestion/sources          { resourceId, idle }: whether anything is sent to a source
 *   POST   /_emulator/ingestion/tick             one batch for every feeding connection now
 *   GET    /_emulator/ingestion/failures         every recorded failure
 *   POST   /_emulator/ingestion/failures         { cluster, database, table, errorCode?, details?, failedOn? }
 */
import type { DatabaseAddress } from '../arm/ids.js';
import type { EmulatorCore } from '../state/core.js';
import type { DatabaseNode } from '../state/world.js';
import { isObject } from '../format/json.js';
import type { TableEntry } from '../dataplane/catalog.js';
import { parseMappingKind } from '../dataplane/mapping-kinds.js';
import type { FeedInfo, IngestionFailure } from '../dataplane/ingestion.js';

export class DataPlaneControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DataPlaneControlError';
  }
}

export interface MappingSpec {
  readonly name: string;
  readonly kind: string;
  readonly mapping?: string;
}

export interface TableSpec {
  readonly folder?: string;
  readonly docString?: string;
  readonly mappings?: readonly MappingSpec[];
}

export interface TableView {
  readonly name: string;
  readonly folder: string;
  readonly docString: string;
  readonly mappings: readonly { readonly name: string; readonly kind: string; readonly mapping: string; readonly lastUpdatedOn: string }[];
}

export interface FailureSpec {
  readonly cluster: string;
  readonly database: string;
  readonly table: string;
  readonly errorCode?: string;
  readonly details?: string;
  /** ISO time; default now. */
  readonly failedOn?: string;
}

export interface ExtentSpec {
  /** 1 or more. */
  readonly rows: number;
  /** ISO time (the rows' ingestion_time()); default now. */
  readonly ingestedAt?: string;
}

export interface DataPlaneControl {
  tables(cluster: string, database: string): TableView[];
  putTable(cluster: string, database: string, table: string, spec?: TableSpec): TableView;
  dropTable(cluster: string, database: string, table: string): boolean;
  putMapping(cluster: string, database: string, table: string, mapping: MappingSpec): TableView;
  dropMapping(cluster: string, database: string, table: string, mapping: string): boolean;
  /** Records an extent of rows on a table, as if another writer had ingested them; answers the table's total rows. */
  ingestRows(cluster: string, database: string, table: string, extent: ExtentSpec): { readonly totalRows: number };
  /** Whether anything is sent to a source (by resource ID): an idle one gives its connections no data. */
  setSourceIdle(resourceId: string, idle: boolean): void;
  /** How often each connection receives a batch (ms). */
  setIngestionInterval(ms: number): void;
  ingestion(): { readonly intervalMs: number; readonly idleSources: readonly string[]; readonly feeds: readonly (Omit<FeedInfo, 'since' | 'lastBatch'> & { since: string; lastBatch?: string })[] };
  /** One batch for every feeding connection now; answers how many. */
  tickIngestion(): number;
  ingestionFailures(): (Omit<IngestionFailure, 'failedOn' | 'cluster'> & { failedOn: string; cluster: string })[];
  injectIngestionFailure(spec: FailureSpec): Omit<IngestionFailure, 'failedOn'> & { failedOn: string };
}

function view(t: TableEntry): TableView {
  return {
    name: t.name,
    folder: t.folder,
    docString: t.docString,
    mappings: [...t.mappings.values()].map((m) => ({ name: m.name, kind: m.kind, mapping: m.mapping, lastUpdatedOn: new Date(m.lastUpdatedOn).toISOString() })),
  };
}

export function createDataPlaneControl(core: EmulatorCore): DataPlaneControl {
  return { ...catalogControl(core), ...ingestionControl(core) };
}

/** A database by cluster and name: the first cluster of that name in the world decides. */
function findDatabase(core: EmulatorCore, cluster: string, name: string): DatabaseNode {
  for (const sub of core.world.subscriptions.values()) {
    for (const rg of sub.resourceGroups.values()) {
      const cl = rg.clusters.get(cluster.toLowerCase());
      const db = cl?.databases.get(name.toLowerCase());
      if (db !== undefined) return db;
      if (cl !== undefined) throw new DataPlaneControlError(404, `cluster '${cluster}' has no database '${name}'`);
    }
  }
  throw new DataPlaneControlError(404, `no cluster '${cluster}' in the world`);
}

function mappingEntry(core: EmulatorCore, m: MappingSpec) {
  if (!isObject(m) || typeof m.name !== 'string' || m.name === '' || typeof m.kind !== 'string') throw new DataPlaneControlError(400, "a mapping needs a 'name' and a 'kind'");
  const kind = parseMappingKind(m.kind);
  if (kind === undefined) throw new DataPlaneControlError(400, `mapping '${m.name}': unknown kind '${m.kind}' (Csv, Json, Avro, ApacheAvro, Parquet, Orc, W3CLogFile)`);
  if (m.mapping !== undefined && typeof m.mapping !== 'string') throw new DataPlaneControlError(400, `mapping '${m.name}': 'mapping' must be the mapping's JSON text`);
  return { name: m.name, kind, mapping: m.mapping ?? '[]', lastUpdatedOn: core.clock.now() };
}

/** A change the state file must keep. */
function saved<T>(core: EmulatorCore, value: T): T {
  core.touch();
  core.persist();
  return value;
}

function existingTable(core: EmulatorCore, addr: DatabaseAddress, name: string): TableEntry {
  const t = core.catalog.table(addr, name);
  if (t === undefined) throw new DataPlaneControlError(404, `database '${addr.database}' has no table '${name}'`);
  return t;
}

function catalogControl(core: EmulatorCore): Pick<DataPlaneControl, 'tables' | 'putTable' | 'dropTable' | 'putMapping' | 'dropMapping' | 'ingestRows'> {
  const database = (cluster: string, name: string): DatabaseNode => findDatabase(core, cluster, name);
  return {
    tables: (cluster, db) => core.catalog.tables(database(cluster, db).address).map(view),
    putTable(cluster, db, name, spec = {}) {
      if (!isObject(spec)) throw new DataPlaneControlError(400, 'the body must be an object: { folder?, docString?, mappings? }');
      const addr = database(cluster, db).address;
      if (spec.mappings !== undefined && !Array.isArray(spec.mappings)) throw new DataPlaneControlError(400, "'mappings' must be a list of { name, kind, mapping? }");
      const mappings = (spec.mappings ?? []).map((m) => mappingEntry(core, m));
      core.catalog.putTable(addr, name, typeof spec.folder === 'string' ? spec.folder : '', typeof spec.docString === 'string' ? spec.docString : '');
      for (const m of mappings) core.catalog.putMapping(addr, name, m);
      return saved(core, view(existingTable(core, addr, name)));
    },
    dropTable: (cluster, db, name) => saved(core, core.catalog.dropTable(database(cluster, db).address, name)),
    putMapping(cluster, db, tableName, mapping) {
      const addr = database(cluster, db).address;
      existingTable(core, addr, tableName);
      core.catalog.putMapping(addr, tableName, mappingEntry(core, mapping));
      return saved(core, view(existingTable(core, addr, tableName)));
    },
    dropMapping: (cluster, db, tableName, mapping) => saved(core, core.catalog.dropMapping(database(cluster, db).address, tableName, mapping)),
    ingestRows(cluster, db, tableName, extent) {
      if (!isObject(extent) || !(typeof extent.rows === 'number' && Number.isSafeInteger(extent.rows) && extent.rows >= 1)) throw new DataPlaneControlError(400, "an extent needs 'rows', a whole number of at least 1");
      const at = extent.ingestedAt === undefined ? core.clock.now() : Date.parse(extent.ingestedAt);
      if (Number.isNaN(at)) throw new DataPlaneControlError(400, `ingestedAt '${String(extent.ingestedAt)}' is not an ISO time`);
      const addr = database(cluster, db).address;
      existingTable(core, addr, tableName);
      core.catchUpIngestion();
      core.catalog.recordExtent(addr, tableName, at, extent.rows);
      return saved(core, { totalRows: existingTable(core, addr, tableName).data.rows });
    },
  };
}

type IngestionControl = Pick<DataPlaneControl, 'setIngestionInterval' | 'ingestion' | 'tickIngestion' | 'ingestionFailures' | 'injectIngestionFailure' | 'setSourceIdle'>;

function ingestionControl(core: EmulatorCore): IngestionControl {
  return {
    setIngestionInterval(ms) {
      if (!(ms > 0)) throw new DataPlaneControlError(400, 'ingestionIntervalMs must be a number of milliseconds above 0');
      core.ingestion.intervalMs = ms;
    },
    ingestion() {
      core.catchUpIngestion();
      return {
        intervalMs: core.ingestion.intervalMs,
        idleSources: core.ingestion.traffic.idleSources(),
        feeds: core.ingestion.feedsInfo().map((f) => ({
          connection: f.connection,
          batches: f.batches,
          failed: f.failed,
          since: new Date(f.since).toISOString(),
          ...(f.lastBatch !== undefined ? { lastBatch: new Date(f.lastBatch).toISOString() } : {}),
        })),
      };
    },
    tickIngestion: () => core.tickIngestion(),
    ingestionFailures() {
      core.catchUpIngestion();
      return allFailures(core).map((f) => ({ ...f, failedOn: new Date(f.failedOn).toISOString() }));
    },
    injectIngestionFailure: (spec) => injectFailure(core, spec),
    setSourceIdle(resourceId, idle) {
      if (typeof resourceId !== 'string' || !resourceId.startsWith('/subscriptions/') || typeof idle !== 'boolean') {
        throw new DataPlaneControlError(400, "the body must be { resourceId: '/subscriptions/…', idle: true|false }");
      }
      // What was due until now was sent (or not) under the old setting.
      core.catchUpIngestion();
      core.ingestion.traffic.set(resourceId, idle);
      saved(core, undefined);
    },
  };
}

/** Every cluster's recorded ingestion failures, in world order. */
function allFailures(core: EmulatorCore): IngestionFailure[] {
  const all: IngestionFailure[] = [];
  for (const sub of core.world.subscriptions.values()) {
    for (const rg of sub.resourceGroups.values()) {
      for (const cl of rg.clusters.values()) all.push(...core.ingestion.failuresOf({ subscription: sub.id, resourceGroup: rg.name, cluster: cl.name }));
    }
  }
  return all;
}

function injectFailure(core: EmulatorCore, spec: FailureSpec): Omit<IngestionFailure, 'failedOn'> & { failedOn: string } {
  if (!isObject(spec) || typeof spec.cluster !== 'string' || typeof spec.database !== 'string' || typeof spec.table !== 'string') {
    throw new DataPlaneControlError(400, "a failure needs 'cluster', 'database' and 'table'");
  }
  const failedOn = spec.failedOn === undefined ? undefined : Date.parse(spec.failedOn);
  if (failedOn !== undefined && Number.isNaN(failedOn)) throw new DataPlaneControlError(400, `failedOn '${spec.failedOn ?? ''}' is not an ISO time`);
  const db = findDatabase(core, spec.cluster, spec.database);
  const f = core.ingestion.inject(
    db.address,
    {
      database: db.address.database,
      table: spec.table,
      ...(spec.errorCode !== undefined ? { errorCode: spec.errorCode } : {}),
      ...(spec.details !== undefined ? { details: spec.details } : {}),
      ...(failedOn !== undefined ? { failedOn } : {}),
    },
    core.clock.now(),
  );
  return saved(core, { ...f, failedOn: new Date(f.failedOn).toISOString() });
}

/** The HTTP form: `segs` after `_emulator`; undefined when the path is not the data plane's. */
export async function dataPlaneRoute(
  control: DataPlaneControl,
  method: string,
  segs: readonly string[],
  json: () => Promise<unknown>,
): Promise<{ status: number; body?: unknown } | undefined> {
  const [head, cluster = '', db = '', kind, table = '', sub, mapping = ''] = segs;
  if (head === 'kusto') {
    if (segs.length === 4 && kind === 'tables' && method === 'GET') return { status: 200, body: { value: control.tables(cluster, db) } };
    if (segs.length === 5 && kind === 'tables') {
      if (method === 'PUT') return { status: 200, body: control.putTable(cluster, db, table, ((await json()) ?? {}) as TableSpec) };
      if (method === 'DELETE') {
        if (!control.dropTable(cluster, db, table)) throw new DataPlaneControlError(404, `no table '${table}' in database '${db}'`);
        return { status: 204 };
      }
    }
    if (segs.length === 6 && kind === 'tables' && sub === 'extents' && method === 'POST') {
      return { status: 201, body: control.ingestRows(cluster, db, table, ((await json()) ?? {}) as ExtentSpec) };
    }
    if (segs.length === 7 && kind === 'tables' && sub === 'mappings') {
      if (method === 'PUT') {
        const body = await json();
        return { status: 200, body: control.putMapping(cluster, db, table, { ...(isObject(body) ? body : {}), name: mapping } as MappingSpec) };
      }
      if (method === 'DELETE') {
        if (!control.dropMapping(cluster, db, table, mapping)) throw new DataPlaneControlError(404, `no mapping '${mapping}' on table '${table}'`);
        return { status: 204 };
      }
    }
    throw new DataPlaneControlError(404, `no control endpoint ${method} /_emulator/${segs.join('/')}`);
  }
  if (head === 'ingestion') {
    const key = `${method} ${segs.slice(1).join('/')}`;
    switch (key) {
      case 'GET ':
        return { status: 200, body: control.ingestion() };
      case 'POST tick':
        return { status: 200, body: { batches: control.tickIngestion() } };
      case 'GET failures':
        return { status: 200, body: { value: control.ingestionFailures() } };
      case 'POST failures':
        return { status: 201, body: control.injectIngestionFailure((await json()) as FailureSpec) };
      case 'PUT sources': {
        const body = await json();
        const spec = isObject(body) ? body : {};
        control.setSourceIdle(spec['resourceId'] as string, spec['idle'] as boolean);
        return { status: 204 };
      }
    }
    throw new DataPlaneControlError(404, `no control endpoint ${method} /_emulator/${segs.join('/')}`);
  }
  return undefined;
}
