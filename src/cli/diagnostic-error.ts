/** A failure found before a command could start, told as a diagnostic: main() prints it and exits 1. */
import type { Diagnostic } from '../core/diagnostics.js';

export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'DiagnosticError';
  }
}
