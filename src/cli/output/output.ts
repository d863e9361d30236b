/**
 * Printing diagnostics: `file:line:col: error CODE: message` on stderr, or JSON on stdout.
 * (Secrets are redacted by the streams themselves: see redacting-io.ts.)
 */
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from '../../core/diagnostics.js';
import { styleFor } from '../../render/style.js';
import { type CliIO, colorEnabled } from '../process/io.js';

export const DIAGNOSTICS_FORMAT_VERSION = 1;

export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  const style = styleFor(colorEnabled(io.stderr, io.env));
  for (const d of sortDiagnostics(diagnostics)) {
    const text = formatDiagnostic(d);
    io.stderr.write(`${d.severity === 'error' ? style.red(text) : style.yellow(text)}\n`);
  }
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ formatVersion: DIAGNOSTICS_FORMAT_VERSION, diagnostics: sortDiagnostics(diagnostics) }, null, 2)}\n`;
}
