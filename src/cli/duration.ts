/**
 * Durations on the command line: `30s`, `10m`, `1h`, `1h30m`, `500ms`. A number without a unit
 * is refused (is `10` seconds or minutes?), and so is zero, and so is anything longer than
 * MAX_DURATION_MS: a time that far ahead is past what a Date holds ("Invalid time value"),
 * and surely a typo.
 */
import { UsageError } from './usage-error.js';

/** The longest duration accepted: 366 days. Waits this long are split below Node's timer limit (see sleep.ts). */
export const MAX_DURATION_MS = 366 * 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

export function parseDuration(text: string, flag: string): number {
  const compact = text.trim();
  if (!WHOLE.test(compact)) {
    throw new UsageError(`${flag} must be a duration such as 30s, 10m, 1h or 1h30m (units ms, s, m, h, d), got "${text}"`);
  }
  let ms = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  if (!(ms >= 1)) throw new UsageError(`${flag} must be longer than zero, got "${text}"`);
  if (!(ms <= MAX_DURATION_MS)) throw new UsageError(`${flag} must be at most 366d, got "${text}"`);
  return Math.round(ms);
}

/** `9m 42s`, `1h 0m`, `850ms`: a wait for people to read. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1_000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
