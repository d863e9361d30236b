/**
 * Runs a parsed management command (csl.ts) against one database of a cluster: the catalog's
 * tables and mappings, and the cluster's ingestion failures; then the pipeline's operators.
 * Column names and types as the service answers them (docs: ".show tables", ".show ingestion
 * mapping", ".show ingestion failures").
 */
import type { DatabaseNode } from '../state/world.js';
import type { Catalog, TableEntry } from './catalog.js';
import type { Comparison, Parsed, Step } from './csl.js';
import type { IngestionFailure } from './ingestion.js';
import { entityNotFound, KustoError, semanticError, type Cell, type ColumnType, type ResultTable } from './v1.js';

export interface CommandContext {
  readonly db: DatabaseNode;
  readonly catalog: Catalog;
  /** The cluster's failures (the caller has played the batches due). */
  readonly failures: () => readonly IngestionFailure[];
}

const TABLES_COLUMNS = [
  ['TableName', 'string'],
  ['DatabaseName', 'string'],
  ['Folder', 'string'],
  ['DocString', 'string'],
] as const;

const MAPPINGS_COLUMNS = [
  ['Name', 'string'],
  ['Kind', 'string'],
  ['Mapping', 'string'],
  ['LastUpdatedOn', 'datetime'],
  ['Database', 'string'],
  ['Table', 'string'],
] as const;

/** As Kusto.Language's ShowIngestionFailures declares them (guid IDs), plus NumberOfSources, which the docs list. */
/** As Kusto.Language's ShowTablesDetails declares them. */
const DETAILS_COLUMNS = [
  ['TableName', 'string'],
  ['DatabaseName', 'string'],
  ['Folder', 'string'],
  ['DocString', 'string'],
  ['TotalExtents', 'long'],
  ['TotalExtentSize', 'real'],
  ['TotalOriginalSize', 'real'],
  ['TotalRowCount', 'long'],
  ['HotExtents', 'long'],
  ['HotExtentSize', 'real'],
  ['HotOriginalSize', 'real'],
  ['HotRowCount', 'long'],
  ['AuthorizedPrincipals', 'string'],
  ['RetentionPolicy', 'string'],
  ['CachingPolicy', 'string'],
  ['ShardingPolicy', 'string'],
  ['MergePolicy', 'string'],
  ['StreamingIngestionPolicy', 'string'],
  ['IngestionBatchingPolicy', 'string'],
  ['MinExtentsCreationTime', 'datetime'],
  ['MaxExtentsCreationTime', 'datetime'],
  ['RowOrderPolicy', 'string'],
  ['TableId', 'guid'],
] as const;

function detailsRow(t: TableEntry, database: string): Cell[] {
  const d = t.data;
  return [
    t.name,
    database,
    t.folder,
    t.docString,
    d.extents,
    d.extentSize,
    d.originalSize,
    d.rows,
    d.extents,
    d.extentSize,
    d.originalSize,
    d.rows,
    '[]',
    'null',
    'null',
    'null',
    'null',
    'null',
    'null',
    d.minCreated ?? null,
    d.maxCreated ?? null,
    'null',
    t.id,
  ];
}

const FAILURES_COLUMNS = [
  ['OperationId', 'guid'],
  ['Database', 'string'],
  ['Table', 'string'],
  ['FailedOn', 'datetime'],
  ['IngestionSourcePath', 'string'],
  ['Details', 'string'],
  ['FailureKind', 'string'],
  ['RootActivityId', 'guid'],
  ['OperationKind', 'string'],
  ['OriginatesFromUpdatePolicy', 'bool'],
  ['ErrorCode', 'string'],
  ['Principal', 'string'],
  ['ShouldRetry', 'bool'],
  ['User', 'string'],
  ['IngestionProperties', 'string'],
  ['NumberOfSources', 'int'],
] as const;

function failureRow(f: IngestionFailure): Cell[] {
  return [
    f.operationId,
    f.database,
    f.table,
    f.failedOn,
    f.ingestionSourcePath,
    f.details,
    f.failureKind,
    f.rootActivityId,
    f.operationKind,
    f.originatesFromUpdatePolicy,
    f.errorCode,
    f.principal,
    f.shouldRetry,
    f.user,
    f.ingestionProperties,
    f.numberOfSources,
  ];
}

function run(parsed: Parsed, ctx: CommandContext): ResultTable {
  const c = parsed.command;
  const database = ctx.db.address.database;
  switch (c.kind) {
    case 'showTables':
      return { columns: TABLES_COLUMNS, rows: ctx.catalog.tables(ctx.db.address).map((t) => [t.name, database, t.folder, t.docString]) };
    case 'showTableMappings': {
      const table = ctx.catalog.table(ctx.db.address, c.table);
      if (table === undefined) throw entityNotFound('Table', c.table);
      const mappings = [...table.mappings.values()].filter((m) => (c.mappingKind === undefined || m.kind === c.mappingKind) && (c.name === undefined || m.name === c.name));
      if (c.name !== undefined && mappings.length === 0) throw entityNotFound('Mapping', c.name);
      return { columns: MAPPINGS_COLUMNS, rows: mappings.map((m) => [m.name, m.kind, m.mapping, m.lastUpdatedOn, database, table.name]) };
    }
    case 'showTableDetails': {
      const tables =
        c.tables === undefined
          ? ctx.catalog.tables(ctx.db.address)
          : c.tables.map((name) => {
              const t = ctx.catalog.table(ctx.db.address, name);
              if (t === undefined) throw entityNotFound('Table', name);
              return t;
            });
      return { columns: DETAILS_COLUMNS, rows: tables.map((t) => detailsRow(t, database)) };
    }
    case 'showDatabaseMappings':
      if (c.database !== database) throw entityNotFound('Database', c.database);
      // Database-scope mappings are not modelled: every seeded mapping belongs to a table.
      return { columns: MAPPINGS_COLUMNS, rows: [] };
    case 'showIngestionFailures':
      return {
        columns: FAILURES_COLUMNS,
        rows: ctx
          .failures()
          .filter((f) => c.operationId === undefined || f.operationId.toLowerCase() === c.operationId.toLowerCase())
          .map(failureRow),
      };
  }
}

function columnIndex(table: ResultTable, name: string): number {
  const i = table.columns.findIndex(([c]) => c === name);
  if (i < 0) throw semanticError(`'${name}': Failed to resolve scalar expression named '${name}'`);
  return i;
}

function matches(cell: Cell, type: ColumnType, cmp: Comparison): boolean {
  const lit = cmp.literal;
  const kind = type === 'datetime' ? 'datetime' : type === 'string' || type === 'guid' ? 'string' : type === 'bool' ? 'bool' : 'number';
  if (lit.type !== kind) throw semanticError(`Cannot compare values of types ${type} and ${lit.type === 'number' ? 'long' : lit.type}. Try adding explicit casts.`);
  if (cmp.op === '=~' || cmp.op === '!~') {
    if (kind !== 'string') throw semanticError(`the operator ${cmp.op} applies to strings only`);
    const eq = String(cell).toLowerCase() === String(lit.value).toLowerCase();
    return cmp.op === '=~' ? eq : !eq;
  }
  const guid = type === 'guid';
  const a = guid ? String(cell).toLowerCase() : (cell as string | number | boolean);
  const b = guid ? String(lit.value).toLowerCase() : lit.value;
  switch (cmp.op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function apply(table: ResultTable, step: Step): ResultTable {
  switch (step.kind) {
    case 'where': {
      const checks = step.all.map((cmp) => ({ cmp, i: columnIndex(table, cmp.column) }));
      return { ...table, rows: table.rows.filter((row) => checks.every(({ cmp, i }) => matches(row[i] ?? null, table.columns[i]?.[1] ?? 'string', cmp))) };
    }
    case 'take':
      return { ...table, rows: table.rows.slice(0, step.count) };
    case 'order': {
      const i = columnIndex(table, step.column);
      const sign = step.descending ? -1 : 1;
      return { ...table, rows: [...table.rows].sort((x, y) => sign * ((x[i] ?? 0) < (y[i] ?? 0) ? -1 : (x[i] ?? 0) > (y[i] ?? 0) ? 1 : 0)) };
    }
    case 'project': {
      const idx = step.columns.map((c) => columnIndex(table, c));
      return { columns: idx.map((i) => table.columns[i] ?? ['', 'string']), rows: table.rows.map((row) => idx.map((i) => row[i] ?? null)) };
    }
    case 'count':
      return { columns: [['Count', 'long']], rows: [[table.rows.length]] };
  }
}

export function execute(parsed: Parsed, ctx: CommandContext): ResultTable {
  return parsed.steps.reduce(apply, run(parsed, ctx));
}
