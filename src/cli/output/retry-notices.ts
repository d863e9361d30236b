/**
 * Telling the user of each retry kustodian waits on (see azure/retry-policy.ts): one line on
 * stderr, or with `-o json` one JSON object on stdout among the other events.
 */
import type { RetryNotice } from '../../azure/pipeline/retry-policy.js';
import { printable } from '../../core/printable.js';
import type { CliIO } from '../process/io.js';
import type { LogFormat } from './log-format.js';

export function retryNoticeLine(n: RetryNotice): string {
  const seconds = Math.round(n.delayMs / 1000);
  const attempt =
    n.attempts === undefined
      ? `attempt ${n.attempt}, waiting out the operation running on it (at most --operation-timeout)`
      : `attempt ${n.attempt} of ${n.attempts}`;
  return `kustodian: ${printable(n.request)}: ${printable(n.failure)}; ${attempt}, next try in ${seconds} s`;
}

export function retryNoticePrinter(io: CliIO, format: LogFormat = 'text'): (n: RetryNotice) => void {
  if (format === 'json') {
    return (n) => io.stdout.write(`${JSON.stringify({ type: 'retry', at: new Date().toISOString(), ...n })}\n`);
  }
  return (n) => io.stderr.write(`${retryNoticeLine(n)}\n`);
}
