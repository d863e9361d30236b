/** Printing diagnostics: `file:line:col: error CODE: message` on stderr, or JSON on stdout. */
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from '../core/diagnostics.js';
import { redact } from '../core/redact.js';
import { styleFor } from '../render/style.js';
import { type CliIO, colorEnabled } from './io.js';

export const DIAGNOSTICS_FORMAT_VERSION = 1;

export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  const style = styleFor(colorEnabled(io.stderr, io.env));
  for (const d of sortDiagnostics(diagnostics)) {
    const text = redact(formatDiagnostic(d), io.env);
    io.stderr.write(`${d.severity === 'error' ? style.red(text) : style.yellow(text)}\n`);
  }
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ formatVersion: DIAGNOSTICS_FORMAT_VERSION, diagnostics: sortDiagnostics(diagnostics) }, null, 2)}\n`;
}
