/**
 * Durations on the command line, one syntax for every duration flag: `500ms`, `30s`, `10m`,
 * `1h`, `1h30m`, `1d`. Zero is refused unless the flag allows it, and so is anything longer than
 * the flag's maximum (MAX_DURATION_MS at most: a time that far ahead is past what a Date holds,
 * "Invalid time value", and surely a typo).
 *
 * A number without a unit is refused (is `10` seconds or minutes?), except on the flags that took
 * a bare number before they took durations (`--poll-interval <ms>`, `--operation-timeout
 * <seconds>`, the emulator's `<ms>` flags): there it is read in the old unit for one more version,
 * with a deprecation notice naming the new spelling, so existing scripts keep working.
 */
import { UsageError } from '../process/usage-error.js';

/** The longest duration accepted: 366 days. Waits this long are split below Node's timer limit (see sleep.ts). */
export const MAX_DURATION_MS = 366 * 86_400_000;

/** What help says about every `<duration>` value. */
export const DURATION_SYNTAX = '<duration> is a number with a unit: 500ms, 30s, 10m, 1h, 1h30m, 1d';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const BARE = /^\d+(?:\.\d+)?$/;

export interface DurationRules {
  /**
   * The unit a bare number was read in before the flag took durations: still accepted for one
   * version, with a notice on `warn`. Without it a bare number is refused.
   */
  readonly legacyUnit?: 'ms' | 's';
  /** Where the deprecation notice of a bare number goes (a line, no line feed). */
  readonly warn?: (line: string) => void;
  /** Whether 0 (`0`, `0s`) is accepted: e.g. "no lag". */
  readonly allowZero?: boolean;
  /** The longest accepted, in ms (MAX_DURATION_MS when absent, and never more). */
  readonly maxMs?: number;
}

const LEGACY_NAME = { ms: 'milliseconds', s: 'seconds' } as const;

function fromLegacy(text: string, flag: string, unit: 'ms' | 's', warn: ((line: string) => void) | undefined): number {
  const ms = Number(text) * UNIT_MS[unit]!;
  warn?.(`kustodian: ${flag} ${text}: a number without a unit is read as ${LEGACY_NAME[unit]} for one more version; write ${flag} ${text}${unit} instead`);
  return ms;
}

export function parseDuration(text: string, flag: string, rules: DurationRules = {}): number {
  const compact = text.trim();
  let ms = 0;
  if (rules.allowZero && /^0+(?:ms|s|m|h|d)?$/.test(compact)) return 0;
  if (BARE.test(compact) && rules.legacyUnit !== undefined) {
    ms = fromLegacy(compact, flag, rules.legacyUnit, rules.warn);
  } else if (BARE.test(compact)) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: a duration needs a unit, e.g. ${flag} ${compact}s or ${flag} ${compact}m (${DURATION_SYNTAX})`);
  } else if (!WHOLE.test(compact)) {
    throw new UsageError(`${flag} must be a duration such as 30s, 10m, 1h or 1h30m (units ms, s, m, h, d), got ${JSON.stringify(text)}; e.g. ${flag} 30s`);
  } else {
    for (const [, amount, unit] of compact.matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  }
  if (!(ms >= 1)) throw new UsageError(`${flag} must be longer than zero, got ${JSON.stringify(text)}; e.g. ${flag} 30s`);
  const max = Math.min(rules.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  if (!(ms <= max)) throw new UsageError(`${flag} must be at most ${exactDuration(max)}, got ${JSON.stringify(text)}`);
  return Math.round(ms);
}

/** A limit as it would be typed: `366d`, `1h`, `90s`, in the largest unit it is a whole number of. */
function exactDuration(ms: number): string {
  const [unit, size] = (['d', 'h', 'm', 's'] as const).map((u) => [u, UNIT_MS[u]!] as const).find(([, n]) => ms % n === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
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
