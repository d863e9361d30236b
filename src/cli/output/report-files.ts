/**
 * Reading report files for `report merge`: JSON, validated against its schema in schemas/v1,
 * and told apart by shape (a reconcile report has its `kind`; a drift report its entries).
 * ajv is loaded on first use, not when the CLI starts: every command imports this module, and
 * loading ajv costs more than `validate` of a small tree.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { REPORT_CODES } from '../../drift/merge.js';
import type { DriftReport } from '../../drift/report.js';
import { schemaFileUrl } from '../../manifest/schema/schema.js';
import type { ReconcileReport } from '../../reconcile/report.js';

export type ReportFile =
  | { readonly kind: 'drift'; readonly file: string; readonly report: DriftReport }
  | { readonly kind: 'reconcile'; readonly file: string; readonly report: ReconcileReport }
  | { readonly kind: 'unusable'; readonly file: string; readonly diagnostic: Diagnostic };

// Both packages are CommonJS; these are their types as require() returns them.
type Ajv2020Module = typeof import('ajv/dist/2020.js', { with: { 'resolution-mode': 'require' } });
type FormatsModule = typeof import('ajv-formats', { with: { 'resolution-mode': 'require' } });
const require = createRequire(import.meta.url);

let validators: { drift: ValidateFunction; reconcile: ValidateFunction } | undefined;

function schemas(): { drift: ValidateFunction; reconcile: ValidateFunction } {
  if (!validators) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as Ajv2020Module;
    const addFormats = (require('ajv-formats') as FormatsModule).default;
    const ajv = new Ajv2020({ allErrors: false, strict: true, strictRequired: false });
    addFormats(ajv, ['date-time']);
    const load = (name: string): object => JSON.parse(readFileSync(schemaFileUrl(name), 'utf8')) as object;
    validators = { drift: ajv.compile(load('drift.schema.json')), reconcile: ajv.compile(load('reconcile-report.schema.json')) };
  }
  return validators;
}

function bad(file: string, message: string): ReportFile {
  return {
    kind: 'unusable',
    file,
    diagnostic: { severity: 'error', code: REPORT_CODES.badReport, message, hint: 'pass JSON reports written by `kustodian drift -o json` (or `--out x.json`) or `kustodian reconcile --report FILE`', source: { file, line: 1, col: 1 } },
  };
}

export function readReportFile(file: string, cwd: string): ReportFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (e) {
    return bad(file, e instanceof SyntaxError ? 'not valid JSON' : `cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const isObject = typeof data === 'object' && data !== null;
  if (isObject && (data as { kind?: unknown }).kind === 'kustodian-reconcile-report') {
    const v = schemas().reconcile;
    if (!v(data)) return bad(file, `not a reconcile report of format version 1 (${v.errors?.[0]?.instancePath || '/'} ${v.errors?.[0]?.message ?? ''})`);
    return { kind: 'reconcile', file, report: data as ReconcileReport };
  }
  if (isObject && Array.isArray((data as { entries?: unknown }).entries)) {
    const v = schemas().drift;
    if (!v(data)) return bad(file, `not a drift report of format version 1 (${v.errors?.[0]?.instancePath || '/'} ${v.errors?.[0]?.message ?? ''})`);
    return { kind: 'drift', file, report: data as DriftReport };
  }
  return bad(file, 'neither a drift report nor a reconcile report');
}
