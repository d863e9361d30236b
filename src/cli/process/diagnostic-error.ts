/**
 * A failure found before a command could start, told as diagnostics (a credential that gets no
 * token, the problems of the var files): main() prints them and exits 1.
 */
import type { Diagnostic } from '../../core/diagnostics.js';

export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(first: Diagnostic, ...more: readonly Diagnostic[]) {
    super(first.message);
    this.name = 'DiagnosticError';
    this.diagnostics = [first, ...more];
  }
}
