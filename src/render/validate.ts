/**
 * The output of `kustodian validate`: a one-line summary for people, or the versioned JSON
 * report (`formatVersion` 1, documented in docs/commands.md). Values in, strings out.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { type DiagnosticJson, countSeverities, diagnosticJson, paint, plural } from './diagnostics.js';
import { compareText } from '../core/order.js';

export const VALIDATE_FORMAT_VERSION = 1;

export interface ValidateOutcome {
  readonly files: readonly string[];
  /** The kind of every recognised document. */
  readonly documentKinds: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ValidateReportJson {
  readonly formatVersion: typeof VALIDATE_FORMAT_VERSION;
  readonly valid: boolean;
  readonly summary: {
    readonly files: number;
    readonly documents: number;
    readonly errors: number;
    readonly warnings: number;
    /** Documents per kind, kinds sorted by name. */
    readonly kinds: Readonly<Record<string, number>>;
  };
  readonly files: readonly string[];
  readonly diagnostics: readonly DiagnosticJson[];
}

function kindCounts(kinds: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => compareText(a, b));
}

export function validateReportJson(outcome: ValidateOutcome): ValidateReportJson {
  const { errors, warnings } = countSeverities(outcome.diagnostics);
  return {
    formatVersion: VALIDATE_FORMAT_VERSION,
    valid: errors === 0,
    summary: {
      files: outcome.files.length,
      documents: outcome.documentKinds.length,
      errors,
      warnings,
      kinds: Object.fromEntries(kindCounts(outcome.documentKinds)),
    },
    files: [...outcome.files],
    diagnostics: outcome.diagnostics.map(diagnosticJson),
  };
}

/** `6 documents in 6 files: 1 CosmosDbDataConnection, 1 Defaults, ...` (and the warnings, if any). */
export function validateSummary(outcome: ValidateOutcome, color: boolean): string {
  const { errors, warnings } = countSeverities(outcome.diagnostics);
  const counted = `${plural(outcome.documentKinds.length, 'document')} in ${plural(outcome.files.length, 'file')}`;
  if (errors > 0) {
    const w = warnings > 0 ? `, ${plural(warnings, 'warning')}` : '';
    return `${paint('invalid', 'red', color)}: ${plural(errors, 'error')}${w} (${counted})\n`;
  }
  const kinds = kindCounts(outcome.documentKinds).map(([k, n]) => `${n} ${k}`).join(', ');
  const w = warnings > 0 ? ` (${plural(warnings, 'warning')})` : '';
  return `${paint('valid', 'bold', color)}: ${counted}${kinds === '' ? '' : `: ${kinds}`}${w}\n`;
}
