/**
 * The management commands the emulated data plane understands, parsed exactly (anything else is
 * a syntax error naming what is supported):
 *
 *   .show tables
 *   .show table T details / .show tables [(T1, T2)] details
 *   .show table T ingestion [KIND] mappings
 *   .show table T ingestion KIND mapping "NAME"
 *   .show database D ingestion [KIND] mappings
 *   .show ingestion failures [with (OperationId = GUID)]
 *
 * each optionally followed by `| where P [and P]...`, `| take N` / `| limit N`,
 * `| order by C [asc|desc]` / `| sort by ...`, `| project C, ...` and `| count`, where P is
 * `Column OP literal` with OP one of == != =~ !~ > >= < <=, and a literal a 'string' or
 * "string", a number, true/false, datetime(...), ago(TIMESPAN), now() or guid(...).
 * Entity names are identifiers or bracketed `['name']` / `["name"]`; keywords any case.
 */
import { parseMappingKind, type MappingKind } from './mapping-kinds.js';
import { syntaxError } from './v1.js';

export type Command =
  | { readonly kind: 'showTables' }
  | { readonly kind: 'showTableDetails'; readonly tables?: readonly string[] }
  | { readonly kind: 'showTableMappings'; readonly table: string; readonly mappingKind?: MappingKind; readonly name?: string }
  | { readonly kind: 'showDatabaseMappings'; readonly database: string; readonly mappingKind?: MappingKind }
  | { readonly kind: 'showIngestionFailures'; readonly operationId?: string };

export type Literal = { readonly type: 'string'; readonly value: string } | { readonly type: 'number'; readonly value: number } | { readonly type: 'bool'; readonly value: boolean } | { readonly type: 'datetime'; readonly value: number };

export type Operator = '==' | '!=' | '=~' | '!~' | '>' | '>=' | '<' | '<=';

export interface Comparison {
  readonly column: string;
  readonly op: Operator;
  readonly literal: Literal;
}

export type Step =
  | { readonly kind: 'where'; readonly all: readonly Comparison[] }
  | { readonly kind: 'take'; readonly count: number }
  | { readonly kind: 'order'; readonly column: string; readonly descending: boolean }
  | { readonly kind: 'project'; readonly columns: readonly string[] }
  | { readonly kind: 'count' };

export interface Parsed {
  readonly command: Command;
  readonly steps: readonly Step[];
}

export const SUPPORTED =
  "the emulator supports '.show tables', '.show table T details', '.show tables [(T, ...)] details', '.show table T ingestion [kind] mappings', '.show table T ingestion KIND mapping \"NAME\"', " +
  "'.show database D ingestion [kind] mappings' and '.show ingestion failures [with (OperationId=...)]', " +
  "each with '| where', '| take', '| order by', '| project', '| count'";

export const NAME = String.raw`(?:\[\s*(?:'[^']*'|"[^"]*")\s*\]|[A-Za-z_][A-Za-z0-9_]*)`;
const QUOTED = String.raw`(?:'[^']*'|"[^"]*")`;

export function unquote(text: string): string {
  const t = text.trim();
  const inner = t.startsWith('[') ? t.slice(1, -1).trim() : t;
  return inner.startsWith("'") || inner.startsWith('"') ? inner.slice(1, -1) : inner;
}

/** Splits on `|` outside quotes. */
export function pipes(text: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '|') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote !== undefined) throw syntaxError('a string literal is not closed');
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function mappingKind(text: string | undefined): MappingKind | undefined {
  if (text === undefined) return undefined;
  const kind = parseMappingKind(text);
  if (kind === undefined) throw syntaxError(`'${text}' is not an ingestion mapping kind (csv, json, avro, apacheavro, parquet, orc, w3clogfile)`);
  return kind;
}

function parseCommand(text: string): Command {
  const t = text.replace(/\s+/g, ' ').trim();
  if (/^\.show tables$/i.test(t)) return { kind: 'showTables' };
  if (/^\.show tables details$/i.test(t)) return { kind: 'showTableDetails' };
  let d = new RegExp(String.raw`^\.show table (${NAME}) details$`, 'i').exec(t);
  if (d !== null) return { kind: 'showTableDetails', tables: [unquote(d[1] ?? '')] };
  d = new RegExp(String.raw`^\.show tables ?\( ?(${NAME}(?: ?, ?${NAME})*) ?\) details$`, 'i').exec(t);
  if (d !== null) return { kind: 'showTableDetails', tables: (d[1] ?? '').split(',').map((n) => unquote(n)) };
  let m = new RegExp(String.raw`^\.show table (${NAME}) ingestion(?: ([A-Za-z0-9]+))? mappings$`, 'i').exec(t);
  if (m !== null) {
    const kind = mappingKind(m[2]);
    return { kind: 'showTableMappings', table: unquote(m[1] ?? ''), ...(kind !== undefined ? { mappingKind: kind } : {}) };
  }
  m = new RegExp(String.raw`^\.show table (${NAME}) ingestion ([A-Za-z0-9]+) mapping (${QUOTED}|${NAME})$`, 'i').exec(t);
  if (m !== null) {
    const kind = mappingKind(m[2]);
    return { kind: 'showTableMappings', table: unquote(m[1] ?? ''), ...(kind !== undefined ? { mappingKind: kind } : {}), name: unquote(m[3] ?? '') };
  }
  m = new RegExp(String.raw`^\.show database (${NAME}) ingestion(?: ([A-Za-z0-9]+))? mappings$`, 'i').exec(t);
  if (m !== null) {
    const kind = mappingKind(m[2]);
    return { kind: 'showDatabaseMappings', database: unquote(m[1] ?? ''), ...(kind !== undefined ? { mappingKind: kind } : {}) };
  }
  m = /^\.show ingestion failures(?: with ?\( ?OperationId ?= ?(?:guid\( ?)?['"]?([0-9a-fA-F-]{36})['"]?(?: ?\))? ?\))?$/i.exec(t);
  if (m !== null) return { kind: 'showIngestionFailures', ...(m[1] !== undefined ? { operationId: m[1] } : {}) };
  if (!t.startsWith('.')) throw syntaxError(`queries are not served by the emulator's data plane; ${SUPPORTED}`);
  throw syntaxError(`the command '${t.slice(0, 120)}' is not supported; ${SUPPORTED}`);
}

const TIMESPAN_UNITS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

function parseDateTime(text: string): number {
  let t = text.trim().replace(/^['"]|['"]$/g, '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00Z';
  t = t.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(t)) t += 'Z';
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw syntaxError(`'${text}' is not a datetime`);
  return ms;
}

export function parseLiteral(text: string, now: number): Literal {
  const t = text.trim();
  let m = /^(?:'([^']*)'|"([^"]*)")$/.exec(t);
  if (m !== null) return { type: 'string', value: m[1] ?? m[2] ?? '' };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { type: 'number', value: Number(t) };
  if (/^(true|false)$/i.test(t)) return { type: 'bool', value: t.toLowerCase() === 'true' };
  m = /^datetime\((.*)\)$/i.exec(t);
  if (m !== null) return { type: 'datetime', value: parseDateTime(m[1] ?? '') };
  if (/^now\(\s*\)$/i.test(t)) return { type: 'datetime', value: now };
  m = /^ago\(\s*(\d+(?:\.\d+)?)(d|h|ms|m|s)\s*\)$/i.exec(t);
  if (m !== null) return { type: 'datetime', value: now - Number(m[1]) * (TIMESPAN_UNITS[(m[2] ?? 's').toLowerCase()] ?? 1000) };
  m = /^guid\(\s*['"]?([0-9a-fA-F-]{36})['"]?\s*\)$/i.exec(t);
  if (m !== null) return { type: 'string', value: m[1] ?? '' };
  throw syntaxError(`'${t}' is not a literal the emulator understands (string, number, bool, datetime(), ago(), now(), guid())`);
}

export function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /\s/.test(ch ?? '') && /^\s+and\s+/i.test(text.slice(i))) {
      parts.push(text.slice(start, i));
      const skip = /^\s+and\s+/i.exec(text.slice(i))?.[0].length ?? 0;
      start = i + skip;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseStep(text: string, now: number): Step {
  let m = /^where\s+(.+)$/is.exec(text);
  if (m !== null) {
    return {
      kind: 'where',
      all: splitAnd(m[1] ?? '').map((cond) => {
        const c = /^([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|=~|!~|>=|<=|>|<)\s*(.+)$/s.exec(cond);
        if (c === null) throw syntaxError(`the condition '${cond}' is not 'Column OP literal'`);
        return { column: c[1] ?? '', op: c[2] as Operator, literal: parseLiteral(c[3] ?? '', now) };
      }),
    };
  }
  m = /^(?:take|limit)\s+(\d+)$/i.exec(text);
  if (m !== null) return { kind: 'take', count: Number(m[1]) };
  m = /^(?:order|sort)\s+by\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/i.exec(text);
  if (m !== null) return { kind: 'order', column: m[1] ?? '', descending: (m[2] ?? 'desc').toLowerCase() === 'desc' };
  m = /^project\s+(.+)$/i.exec(text);
  if (m !== null) {
    const columns = (m[1] ?? '').split(',').map((c) => c.trim());
    if (columns.some((c) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c))) throw syntaxError(`'project ${m[1] ?? ''}' must list column names`);
    return { kind: 'project', columns };
  }
  if (/^count$/i.test(text)) return { kind: 'count' };
  throw syntaxError(`the operator '${text.slice(0, 80)}' is not supported; ${SUPPORTED}`);
}

/** Parses one request's `csl`; `now` resolves ago() and now(). */
export function parseCsl(csl: string, now: number): Parsed {
  const [head = '', ...rest] = pipes(csl.trim());
  if (head === '') throw syntaxError('the request has no command');
  return { command: parseCommand(head), steps: rest.map((s) => parseStep(s, now)) };
}
