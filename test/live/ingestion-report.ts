/**
 * The one JSON line `kustodian health -o json` prints (docs/prerequisites.md, "apply
 * --verify-ingestion and kustodian health"): `{"type":"ingestion", since, durationMs,
 * connections: [...]}`, read strictly, so that a field the docs do not name, or one of another
 * type, fails the live run with what was printed, rather than passing an assertion by accident.
 */
import type { IngestionHealth } from '../../src/workflow/ingestion-watch.js';

export interface IngestionReport {
  readonly type: 'ingestion';
  readonly since: string;
  readonly durationMs: number;
  readonly connections: readonly IngestionHealth[];
}

type Field = 'string' | 'count' | 'time' | 'object' | 'list';
const REPORT: Readonly<Record<string, Field>> = { type: 'string', since: 'time', durationMs: 'count', connections: 'list' };
const REQUIRED: Readonly<Record<string, Field>> = { address: 'string', status: 'string', since: 'time', failureCount: 'count', note: 'string' };
const OPTIONAL: Readonly<Record<string, Field>> = { table: 'string', rows: 'count', code: 'string', firstFailure: 'object', metrics: 'object' };
const FIRST_FAILURE: Readonly<Record<string, Field>> = { failedOn: 'time', details: 'string' };
const METRICS: Readonly<Record<string, Field>> = { eventsProcessed: 'count', eventsDropped: 'count' };
const STATUSES: ReadonlySet<string> = new Set(['healthy', 'failures', 'no-data-seen', 'could-not-check']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fits(value: unknown, field: Field): boolean {
  switch (field) {
    case 'string':
      return typeof value === 'string';
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0;
    case 'time':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'object':
      return isRecord(value);
    case 'list':
      return Array.isArray(value);
  }
}

/** What is wrong with `value` at `where` against these fields (all of `required`, any of `optional`, nothing else). */
function problems(value: unknown, where: string, required: Readonly<Record<string, Field>>, optional: Readonly<Record<string, Field>> = {}): string[] {
  if (!isRecord(value)) return [`${where} is not an object`];
  const found: string[] = [];
  for (const [key, field] of Object.entries(required)) if (!fits(value[key], field)) found.push(`${where}.${key} is not a ${field}`);
  for (const key of Object.keys(value)) {
    const field = optional[key];
    if (key in required) continue;
    if (field === undefined) found.push(`${where}.${key} is not a documented field`);
    else if (!fits(value[key], field)) found.push(`${where}.${key} is not a ${field}`);
  }
  return found;
}

function connectionProblems(c: unknown, where: string): string[] {
  const found = problems(c, where, REQUIRED, OPTIONAL);
  if (!isRecord(c)) return found;
  if (typeof c['status'] === 'string' && !STATUSES.has(c['status'])) found.push(`${where}.status ${JSON.stringify(c['status'])} is not one of ${[...STATUSES].join(', ')}`);
  if (c['firstFailure'] !== undefined) found.push(...problems(c['firstFailure'], `${where}.firstFailure`, FIRST_FAILURE, { errorCode: 'string' }));
  if (c['metrics'] !== undefined) found.push(...problems(c['metrics'], `${where}.metrics`, METRICS));
  return found;
}

/** The report in `stdout` (exactly one line of JSON), or an error naming every way it is not the documented shape. */
export function readIngestionReport(stdout: string): IngestionReport {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) throw new Error(`health -o json printed ${String(lines.length)} lines, not one:\n${stdout}`);
  let doc: unknown;
  try {
    doc = JSON.parse(lines[0] ?? '');
  } catch (e) {
    throw new Error(`health -o json printed a line that is not JSON (${e instanceof Error ? e.message : String(e)}):\n${stdout}`);
  }
  const found = problems(doc, 'report', REPORT);
  if (isRecord(doc)) {
    if (doc['type'] !== 'ingestion') found.push(`report.type is ${JSON.stringify(doc['type'])}, not "ingestion"`);
    const connections = doc['connections'];
    if (Array.isArray(connections)) connections.forEach((c: unknown, i) => found.push(...connectionProblems(c, `report.connections[${String(i)}]`)));
  }
  if (found.length > 0) throw new Error(`health -o json is not the documented shape: ${found.join('; ')}\n${stdout}`);
  return doc as IngestionReport;
}
