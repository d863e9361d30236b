/**
 * Diagnostics for people (one `file:line:col: severity CODE: message` line each, with its hint)
 * and for programs (a stable JSON shape). Values in, strings out.
 */
import { type Diagnostic, formatDiagnostic } from '../core/diagnostics.js';

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' } as const;

export function paint(text: string, style: keyof typeof ANSI, color: boolean): string {
  return color ? `${ANSI[style]}${text}${ANSI.reset}` : text;
}

/** One diagnostic per entry, in the form editors and CI annotators parse; coloured on request. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], color: boolean): string {
  return diagnostics
    .map((d) => {
      const line = formatDiagnostic(d);
      if (!color) return `${line}\n`;
      const label = `${d.severity} ${d.code}`;
      const painted = paint(label, d.severity === 'error' ? 'red' : 'yellow', true);
      const [first, ...rest] = line.split('\n');
      return `${[(first ?? '').replace(label, painted), ...rest.map((r) => paint(r, 'dim', true))].join('\n')}\n`;
    })
    .join('');
}

/** A diagnostic in the JSON output: always these keys, in this order (absent ones left out). */
export interface DiagnosticJson {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly source?: { readonly file: string; readonly line: number; readonly col: number };
  readonly address?: string;
}

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
    ...(d.source === undefined ? {} : { source: { file: d.source.file, line: d.source.line, col: d.source.col } }),
    ...(d.address === undefined ? {} : { address: d.address }),
  };
}

export function countSeverities(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
