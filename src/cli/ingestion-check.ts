/**
 * `apply --verify-ingestion[=DURATION]` and `kustodian health`: the ingestion watch run with the
 * real clock, its answers printed (text, or one JSON line with -o json), and its exit
 * code: 1 when a connection has ingestion failures.
 */
import type { PrerequisitePort } from '../core/ports/prerequisite-port.js';
import { renderIngestionText } from '../render/ingestion.js';
import { styleFor } from '../render/style.js';
import { type IngestionHealth, watchIngestion } from '../workflow/ingestion-watch.js';
import type { CheckTarget } from '../workflow/prerequisite-job.js';
import { formatDuration, parseDuration } from './options/duration.js';
import { type CliIO, colorEnabled } from './process/io.js';
import { abortableSleep } from './process/sleep.js';

/** How long `--verify-ingestion` watches when given no duration. */
export const DEFAULT_VERIFY_MS = 2 * 60_000;

/** `--verify-ingestion` (true) or `--verify-ingestion=5m`: the watch's length; undefined when not asked. */
export function verifyDurationOf(value: boolean | string | undefined, flag = '--verify-ingestion'): number | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? DEFAULT_VERIFY_MS : parseDuration(value, flag);
}

/** Reads at most every 10 s, and at least a few times in a short watch. */
function intervalFor(durationMs: number): number {
  return Math.min(10_000, Math.max(250, Math.round(durationMs / 5)));
}

export async function checkIngestion(
  targets: readonly CheckTarget[],
  port: PrerequisitePort,
  options: { readonly since: string; readonly durationMs: number; readonly json: boolean; readonly heading: string; readonly signal?: AbortSignal },
  io: CliIO,
): Promise<IngestionHealth[]> {
  const signal = options.signal ?? new AbortController().signal;
  const health = await watchIngestion({
    targets,
    port,
    since: options.since,
    durationMs: options.durationMs,
    intervalMs: intervalFor(options.durationMs),
    now: () => Date.now(),
    sleep: (ms) => abortableSleep(ms, signal),
    signal,
  });
  const heading = `${options.heading} (${options.durationMs > 0 ? `watched for ${formatDuration(options.durationMs)}, ` : ''}since ${options.since}):`;
  io.stdout.write(options.json ? `${JSON.stringify({ type: 'ingestion', since: options.since, durationMs: options.durationMs, connections: health })}\n` : renderIngestionText(health, heading, styleFor(colorEnabled(io.stdout, io.env))));
  return health;
}
