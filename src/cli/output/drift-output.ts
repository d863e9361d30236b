/** The drift report in a format: for stdout (`-o`), and for a report file (`--out`, by its extension). */
import { extname } from 'node:path';
import { assertNever } from '../../core/assert-never.js';
import type { DriftReport } from '../../drift/report.js';
import { renderDriftJson, renderDriftJunit, renderDriftMarkdown, renderDriftText } from '../../render/drift.js';
import type { Style } from '../../render/style.js';
import { UsageError } from '../process/usage-error.js';

export const DRIFT_FORMATS = ['text', 'json', 'markdown', 'junit'] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

export function renderDrift(report: DriftReport, format: DriftFormat, style: Style): string {
  switch (format) {
    case 'text':
      return renderDriftText(report, style);
    case 'json':
      return renderDriftJson(report);
    case 'markdown':
      return renderDriftMarkdown(report);
    case 'junit':
      return renderDriftJunit(report);
    default:
      return assertNever(format, 'drift format');
  }
}

const BY_EXTENSION: Readonly<Record<string, DriftFormat>> = {
  '.txt': 'text',
  '.log': 'text',
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.xml': 'junit',
};

/** The format of a report file, from its extension: `drift.xml` is JUnit, `drift.md` markdown. */
export function driftFormatOfFile(file: string): DriftFormat {
  const format = BY_EXTENSION[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new UsageError(`--out ${file}: the report format comes from the file's extension; use .txt (text), .json, .md (markdown) or .xml (JUnit)`);
  }
  return format;
}
