/** The ingestion watch's answers (`apply --verify-ingestion`, `kustodian health`), one line per connection. */
import { assertNever } from '../core/assert-never.js';
import { printable } from '../core/printable.js';
import type { Style } from './style.js';

/** What the renderer reads of one connection's health (the workflow's IngestionHealth). */
export interface IngestionLine {
  readonly address: string;
  readonly status: 'healthy' | 'failures' | 'no-data-seen' | 'could-not-check';
  readonly note: string;
  readonly code?: string;
}

function mark(style: Style, status: IngestionLine['status']): string {
  switch (status) {
    case 'healthy':
      return style.green('healthy');
    case 'failures':
      return style.red('FAILURES');
    case 'no-data-seen':
      return style.yellow('no data seen');
    case 'could-not-check':
      return style.yellow('could not check');
    default:
      return assertNever(status, 'ingestion status');
  }
}

export function renderIngestionText(lines: readonly IngestionLine[], heading: string, style: Style): string {
  const out = [style.bold(heading)];
  for (const l of lines) out.push(`  ${printable(l.address)}: ${mark(style, l.status)}${l.code !== undefined ? ` ${l.code}` : ''}: ${printable(l.note)}`);
  const count = (s: IngestionLine['status']): number => lines.filter((l) => l.status === s).length;
  out.push(`ingestion: ${count('healthy')} healthy, ${count('failures')} with failures, ${count('no-data-seen')} no data seen, ${count('could-not-check')} could not be checked`);
  return `${out.join('\n')}\n`;
}
