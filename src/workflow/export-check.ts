/**
 * Before export writes anything, it proves its own promise on the very files it would write:
 * loaded by the manifest loader they have no error, and planned against the live state just
 * read they give no change (a connection the service reports Failed, which plan applies again,
 * is the one exception, and export has warned about it). The files are loaded from memory: what
 * export would write may hold a value the loader refuses (a credential the service echoed),
 * and that must not reach the disk, even in a temporary file. No request is made.
 */
import { type Diagnostic, formatDiagnostic } from '../core/diagnostics.js';
import type { LiveDatabase } from '../core/model.js';
import { EXPORT_CODES } from '../export/codes.js';
import type { ExportResult } from '../export/export.js';
import type { Change } from '../plan/model.js';
import { planChanges } from '../plan/planner.js';
import type { ManifestTextLoader } from './loader.js';

const REPORT_HINT = 'nothing was written; this is a kustodian bug or a value it cannot represent: please report it with this message';

function problem(message: string, address?: string): Diagnostic {
  return { severity: 'error', code: EXPORT_CODES.roundTrip, message, hint: REPORT_HINT, ...(address !== undefined ? { address } : {}) };
}

/** A change that only applies a Failed connection again, without any field to change. */
function isRepair(c: Change): boolean {
  return c.action === 'update' && c.fieldChanges.length === 0;
}

export function checkRoundTrip(exported: ExportResult, live: readonly LiveDatabase[], loadTexts: ManifestTextLoader, now: string): Diagnostic[] {
  const loaded = loadTexts(exported.files, {});
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return errors.map((d) => problem(`an exported file would not load: ${formatDiagnostic(d)}`));
  const declared = loaded.state.connections.length;
  if (declared !== exported.summary.connections) {
    return [problem(`the exported files declare ${declared} connections instead of ${exported.summary.connections}`)];
  }
  const planned = planChanges(loaded.state, live, { now });
  const changes = planned.plan.changes.filter((c) => !isRepair(c));
  return [
    ...planned.diagnostics.filter((d) => d.severity === 'error').map((d) => problem(`planning the exported files fails: ${formatDiagnostic(d)}`)),
    ...changes.map((c) =>
      problem(
        `planning the exported files would ${c.action} the connection` +
          (c.action === 'update' || c.action === 'replace' ? ` (fields differ: ${c.fieldChanges.map((f) => f.path).join(', ')})` : ''),
        c.address,
      ),
    ),
  ];
}
