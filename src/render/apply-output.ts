/**
 * Printing the applier's events and its final report. One timestamped line per event for
 * logs and CI; one JSON object per line for log pipelines; a result table at the end.
 */
import { assertNever } from '../core/assert-never.js';
import { type ApplyEvent, type ApplyResult, type ChangeResult, type FailureInfo, type ReplacementOverlap, skipReasonText } from '../apply/events.js';
import type { Style } from './style.js';
import { printable } from '../core/printable.js';

export function formatEventLine(e: ApplyEvent, style: Style): string {
  const head = `${e.at}  ${printable(e.address)}`;
  switch (e.type) {
    case 'started':
      return `${head}: ${e.step} started`;
    case 'accepted':
      return `${head}: ${e.step} accepted by the service, waiting for it to finish`;
    case 'succeeded':
      return `${head}: ${style.green(`${e.action} succeeded`)} after ${(e.durationMs / 1000).toFixed(1)} s${e.overlap !== undefined ? `; ${overlapText(e.overlap)}` : ''}`;
    case 'failed':
      return `${head}: ${style.red(`${e.step} failed`)}: ${failureText(e.error)}`;
    case 'skipped':
      return `${head}: ${style.yellow('not started')}: ${printable(skipReasonText(e.reason))}`;
    default:
      return assertNever(e, 'event');
  }
}

export function formatEventJson(e: ApplyEvent): string {
  return JSON.stringify(e);
}

function failureText(error: FailureInfo): string {
  const code = [error.status, error.code].filter((x) => x !== undefined).join(' ');
  const text = printable(code ? `${code}: ${error.message}` : error.message);
  if (error.requiredAction === undefined) return text;
  return `${text} (this step needs the permission ${printable(error.requiredAction)}: grant it to the identity kustodian runs as, then run apply again)`;
}

function outcomeText(r: ChangeResult, style: Style): string {
  const o = r.outcome;
  switch (o.status) {
    case 'succeeded':
      return style.green('succeeded');
    case 'failed':
      return `${style.red('failed')} (${o.step}) ${failureText(o.error)}`;
    case 'skipped':
      return `${style.yellow('not started')}: ${printable(skipReasonText(o.reason))}`;
    case 'interrupted':
      return `${style.yellow('interrupted')} during ${o.step}: the service may still be running it; run plan to see where it ended`;
    default:
      return assertNever(o, 'outcome');
  }
}

/** The window a gap-free replacement observed, in words (every printer says it the same way). */
export function overlapText(o: ReplacementOverlap): string {
  return (
    `gap-free: the new connection reads from ${o.retrievalStartDate} (retrievalStartDate, when the delete was issued); ` +
    `the old one was deleted at ${o.oldDeletedAt} and the new one Succeeded at ${o.newSucceededAt}: ` +
    `events enqueued from ${o.retrievalStartDate} to ${o.oldDeletedAt} (${(o.overlapMs / 1000).toFixed(1)} s) may be ingested twice`
  );
}

export function renderApplyResult(result: ApplyResult, style: Style): string {
  const lines = ['', 'Apply results:'];
  const width = Math.max(...result.results.map((r) => printable(r.address).length), 7);
  for (const r of result.results) {
    lines.push(`  ${r.action.padEnd(7)} ${printable(r.address).padEnd(width)}  ${outcomeText(r, style)}`);
    if (r.outcome.status === 'succeeded' && r.outcome.overlap !== undefined) lines.push(`          ${overlapText(r.outcome.overlap)}`);
  }
  const total = result.results.length;
  const summary = `Apply ${result.failed + result.interrupted + result.skipped > 0 ? 'incomplete' : 'complete'}: ${result.succeeded} of ${total} succeeded, ${result.failed} failed, ${result.skipped} skipped, ${result.interrupted} interrupted.`;
  lines.push('', style.bold(summary));
  if (result.failed + result.skipped + result.interrupted > 0) lines.push('Nothing is lost: fix the cause and run apply again; it plans only what is still to do.');
  return `${lines.join('\n')}\n`;
}
