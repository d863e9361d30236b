/**
 * The one kind of query the emulated engine answers (`POST {uri}/v1/rest/query` and
 * `/v2/rest/query`): how many rows a table received in a span of ingestion time,
 *
 *   T | count
 *   T | where ingestion_time() OP LITERAL [and ingestion_time() OP LITERAL] | count
 *
 * with OP one of > >= < <= == and LITERAL a `datetime(...)`, `ago(...)` or `now()` (csl.ts). The
 * tables hold counts of rows per extent, not rows (catalog.ts: each extent's creation time is the
 * `ingestion_time()` of its rows), so a query must end in `count`; anything else is refused with
 * the error the service answers for a query it cannot run (a syntax or semantic error).
 *
 * Answers: v1 is the first table of `{ "Tables": [...] }` (Table_0 the result, then the query's
 * extended properties, its status and a table of contents, as the engine writes them: docs
 * "Query/management HTTP response", "v1"); v2 a JSON array of frames: DataSetHeader, the
 * PrimaryResult DataTable, DataSetCompletion (docs "Query V2 HTTP response").
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from './catalog.js';
import type { DatabaseAddress } from '../arm/ids.js';
import { type Literal, NAME, type Operator, parseLiteral, pipes, splitAnd, unquote } from './csl.js';
import { entityNotFound, renderV1, type ResultTable, semanticError, syntaxError } from './v1.js';
import { formatDateTime } from '../format/datetime.js';

export interface CountQuery {
  readonly table: string;
  readonly bounds: readonly { readonly op: Operator; readonly at: number }[];
}

export const SUPPORTED_QUERY = "the emulator answers only 'T | [where ingestion_time() OP datetime(...) [and ...] |] count'";

function bound(cond: string, now: number): { op: Operator; at: number } {
  const m = /^ingestion_time\s*\(\s*\)\s*(>=|<=|==|>|<)\s*(.+)$/is.exec(cond);
  if (m === null) {
    if (/^[A-Za-z_][A-Za-z0-9_]*\s*(==|!=|=~|!~|>=|<=|>|<)/.test(cond)) throw semanticError(`'where' operator: Failed to resolve scalar expression named '${cond.split(/\s|[=!<>~]/)[0] ?? ''}'; ${SUPPORTED_QUERY}`);
    throw syntaxError(`the condition '${cond.slice(0, 80)}' is not supported; ${SUPPORTED_QUERY}`);
  }
  const literal: Literal = parseLiteral(m[2] ?? '', now);
  if (literal.type !== 'datetime') throw semanticError(`Cannot compare values of types datetime and ${literal.type === 'number' ? 'long' : literal.type}. Try adding explicit casts.`);
  return { op: m[1] as Operator, at: literal.value };
}

/** Parses a query's text; `now` resolves ago() and now(). */
export function parseQuery(csl: string, now: number): CountQuery {
  const text = csl.trim().replace(/;\s*$/, '');
  if (text.startsWith('.')) throw syntaxError("a management command was sent to the query endpoint; send it to /v1/rest/mgmt");
  const [head = '', ...steps] = pipes(text);
  if (!new RegExp(`^${NAME}$`).test(head)) throw syntaxError(`'${head.slice(0, 80)}' is not a table reference; ${SUPPORTED_QUERY}`);
  const last = steps.pop();
  if (last === undefined || !/^count$/i.test(last)) throw syntaxError(`the query must end with '| count'; ${SUPPORTED_QUERY}`);
  const bounds = steps.flatMap((step) => {
    const m = /^where\s+(.+)$/is.exec(step);
    if (m === null) throw syntaxError(`the operator '${step.slice(0, 80)}' is not supported; ${SUPPORTED_QUERY}`);
    return splitAnd(m[1] ?? '').map((c) => bound(c, now));
  });
  return { table: unquote(head), bounds };
}

function within(at: number, b: { op: Operator; at: number }): boolean {
  switch (b.op) {
    case '>':
      return at > b.at;
    case '>=':
      return at >= b.at;
    case '<':
      return at < b.at;
    case '<=':
      return at <= b.at;
    default:
      return at === b.at;
  }
}

/** The count, from the table's logged extents (catalog.ts). */
export function runQuery(q: CountQuery, db: DatabaseAddress, catalog: Catalog): ResultTable {
  const table = catalog.table(db, q.table);
  if (table === undefined) throw entityNotFound('Table', q.table);
  const rows = (table.data.log ?? []).filter((e) => q.bounds.every((b) => within(e.at, b))).reduce((n, e) => n + e.rows, 0);
  return { columns: [['Count', 'long']], rows: [[rows]] };
}

/** v1: the result, then the extended properties, the query status and the table of contents. */
export function renderV1Query(result: ResultTable, now: number): Record<string, unknown> {
  const [primary] = renderV1(result)['Tables'] as unknown[];
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const col = (name: string, dataType: string, type: string) => ({ ColumnName: name, DataType: dataType, ColumnType: type });
  return {
    Tables: [
      primary,
      { TableName: 'Table_1', Columns: [col('Value', 'String', 'string')], Rows: [['{"Visualization":null,"Title":null,"XColumn":null,"Series":null,"YColumns":null,"AnomalyColumns":null,"XTitle":null,"YTitle":null,"XAxis":null,"YAxis":null,"Legend":null,"YSplit":null,"Accumulate":false,"IsQuerySorted":false,"Kind":null,"Ymin":"NaN","Ymax":"NaN","Xmin":null,"Xmax":null}']] },
      {
        TableName: 'Table_2',
        Columns: [col('Timestamp', 'DateTime', 'datetime'), col('Severity', 'Int32', 'int'), col('SeverityName', 'String', 'string'), col('StatusCode', 'Int32', 'int'), col('StatusDescription', 'String', 'string'), col('Count', 'Int32', 'int'), col('RequestId', 'Guid', 'guid'), col('ActivityId', 'Guid', 'guid'), col('SubActivityId', 'Guid', 'guid'), col('ClientActivityId', 'String', 'string')],
        Rows: [[formatDateTime(now), 4, 'Info', 0, 'Query completed successfully', 1, randomUUID(), randomUUID(), randomUUID(), `KD.emulator;${randomUUID()}`]],
      },
      {
        TableName: 'Table_3',
        Columns: [col('Ordinal', 'Int64', 'long'), col('Kind', 'String', 'string'), col('Name', 'String', 'string'), col('Id', 'String', 'string'), col('PrettyName', 'String', 'string')],
        Rows: [
          [0, 'QueryResult', 'PrimaryResult', ids[0], ''],
          [1, 'QueryProperties', '@ExtendedProperties', ids[1], ''],
          [2, 'QueryStatus', 'QueryStatus', ids[2], ''],
        ],
      },
    ],
  };
}

/** v2: the frames of a non-progressive answer with one primary result. */
export function renderV2Query(result: ResultTable): unknown[] {
  const [primary] = renderV1(result)['Tables'] as { Rows: unknown[] }[];
  return [
    { FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0', IsFragmented: false, ErrorReportingPlacement: 'InData' },
    { FrameType: 'DataTable', TableId: 0, TableKind: 'PrimaryResult', TableName: 'PrimaryResult', Columns: result.columns.map(([name, type]) => ({ ColumnName: name, ColumnType: type })), Rows: primary?.Rows ?? [] },
    { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
  ];
}
