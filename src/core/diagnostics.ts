/**
 * Problems found in the input or the live state, collected rather than thrown so that all of
 * them are reported at once. Each has a stable code, a message a person can act on, and a
 * position (a source range or a resource address).
 */
import type { SourcePosition } from './model.js';
import { printable } from './printable.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier, e.g. `KD012`. Documented in docs/diagnostics.md. */
  readonly code: string;
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly source?: SourcePosition;
  /** The resource address, for problems about a connection or database rather than a file. */
  readonly address?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * `file:line:col: error CODE: message (hint)`, the form editors and CI annotators parse. Every
 * part that can quote the outside world is made printable, so it cannot break the line.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source
    ? `${printable(d.source.file)}:${d.source.line}:${d.source.col}: `
    : d.address
      ? `${printable(d.address)}: `
      : '';
  const hint = d.hint ? `\n  hint: ${printable(d.hint)}` : '';
  return `${where}${d.severity} ${d.code}: ${printable(d.message)}${hint}`;
}

/** Sorts by file, line, column, then code, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const fa = a.source?.file ?? a.address ?? '';
    const fb = b.source?.file ?? b.address ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.source?.line ?? 0;
    const lb = b.source?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.source?.col ?? 0;
    const cb = b.source?.col ?? 0;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

/** An error that already carries diagnostics: the CLI prints them and exits 1. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticsError';
  }
}
