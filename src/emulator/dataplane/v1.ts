/**
 * Kusto's v1 REST answer (`POST /v1/rest/mgmt`): `{ "Tables": [ { "TableName": "Table_0",
 * "Columns": [ { ColumnName, DataType, ColumnType } ], "Rows": [[...]] } ] }`, and its error
 * answer `{ "error": { code, message, "@type", "@message", "@context", "@permanent" } }` (docs:
 * "Query/management HTTP response"; Kusto.Data exceptions).
 */
import { randomUUID } from 'node:crypto';
import { formatDateTime } from '../format/datetime.js';

export type ColumnType = 'string' | 'datetime' | 'bool' | 'int' | 'long' | 'real' | 'guid';

/** .NET type names of the v1 `DataType` field. */
const DATA_TYPES: Readonly<Record<ColumnType, string>> = { string: 'String', datetime: 'DateTime', bool: 'Boolean', int: 'Int32', long: 'Int64', real: 'Double', guid: 'Guid' };

export type Cell = string | number | boolean | null;

export interface ResultTable {
  readonly columns: readonly (readonly [string, ColumnType])[];
  /** Datetime cells are epoch milliseconds until rendered. */
  readonly rows: readonly (readonly Cell[])[];
}

export function renderV1(table: ResultTable): Record<string, unknown> {
  return {
    Tables: [
      {
        TableName: 'Table_0',
        Columns: table.columns.map(([name, type]) => ({ ColumnName: name, DataType: DATA_TYPES[type], ColumnType: type })),
        Rows: table.rows.map((row) => row.map((cell, i) => (table.columns[i]?.[1] === 'datetime' && typeof cell === 'number' ? formatDateTime(cell) : cell))),
      },
    ],
  };
}

export class KustoError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'KustoError';
  }

  body(cluster: string, activityType: string, now: number): Record<string, unknown> {
    return {
      error: {
        code: this.code,
        message: this.status === 401 ? 'Unauthorized' : 'Request is invalid and cannot be executed.',
        '@type': this.type,
        '@message': this.detail,
        '@context': {
          timestamp: new Date(now).toISOString(),
          serviceAlias: cluster.toUpperCase(),
          clientRequestId: `KD.emulator;${randomUUID()}`,
          activityId: randomUUID(),
          subActivityId: randomUUID(),
          activityType,
        },
        '@permanent': true,
      },
    };
  }
}

export function syntaxError(detail: string): KustoError {
  return new KustoError(400, 'BadRequest_SyntaxError', 'Kusto.Data.Exceptions.SyntaxException', `Syntax error: ${detail}`);
}

export function semanticError(detail: string): KustoError {
  return new KustoError(400, 'BadRequest_SemanticError', 'Kusto.Data.Exceptions.SemanticException', `Semantic error: ${detail}`);
}

export function entityNotFound(kind: 'Table' | 'Database' | 'Mapping', name: string): KustoError {
  return new KustoError(400, 'BadRequest_EntityNotFound', 'Kusto.Data.Exceptions.EntityNotFoundException', `Entity ID '${name}' of kind '${kind}' was not found.`);
}
