/**
 * Resource Graph's own throttling: a quota per user and per time window (Microsoft documents
 * 15 queries per 5-second window), separate from ARM's per-subscription buckets. Every answer
 * carries `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` (hh:mm:ss); a query
 * over the quota answers 429 with both and no Retry-After (the client must read the headers).
 * The emulator has one user. The ARM throttle's options apply: `scale` multiplies the quota,
 * `timeScale` shortens the window, `false` never answers 429 (the headers are still sent).
 */
import { ArmError } from '../arm/errors.js';
import type { ThrottleOptions } from '../arm/throttle.js';

export const GRAPH_QUOTA = { perWindow: 15, windowMs: 5_000 } as const;

export const QUOTA_REMAINING_HEADER = 'x-ms-user-quota-remaining';
export const QUOTA_RESETS_AFTER_HEADER = 'x-ms-user-quota-resets-after';

/** A duration as .NET writes a TimeSpan: `hh:mm:ss`, with `.fffffff` when there is a fraction. */
export function formatTimeSpan(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  const seconds = Math.floor(whole / 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const base = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  const fraction = whole % 1000;
  return fraction === 0 ? base : `${base}.${String(fraction * 10_000).padStart(7, '0')}`;
}

export class GraphQuota {
  private windowEnd: number | undefined;
  private remaining = 0;

  constructor(private options: ThrottleOptions = {}) {}

  configure(options: ThrottleOptions): void {
    this.options = options;
    this.reset();
  }

  reset(): void {
    this.windowEnd = undefined;
    this.remaining = 0;
  }

  private limits(): { perWindow: number; windowMs: number } {
    const scale = this.options === false ? 1 : (this.options.scale ?? 1);
    const timeScale = this.options === false ? 1 : (this.options.timeScale ?? 1);
    return { perWindow: Math.max(1, Math.floor(GRAPH_QUOTA.perWindow * scale)), windowMs: GRAPH_QUOTA.windowMs / timeScale };
  }

  /** Counts one query; answers the quota headers, or throws Resource Graph's 429 with them. */
  take(now: number): Record<string, string> {
    const { perWindow, windowMs } = this.limits();
    if (this.options === false) return headers(perWindow - 1, windowMs);
    if (this.windowEnd === undefined || now >= this.windowEnd) {
      this.windowEnd = now + windowMs;
      this.remaining = perWindow;
    }
    const left = this.windowEnd - now;
    if (this.remaining < 1) {
      throw new ArmError(
        429,
        'RateLimiting',
        'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. ' +
          `The quota resets after ${formatTimeSpan(left)}. Please see https://aka.ms/resourcegraph-throttling for help.`,
        undefined,
        undefined,
        headers(0, left),
      );
    }
    this.remaining -= 1;
    return headers(this.remaining, left);
  }
}

function headers(remaining: number, resetsAfterMs: number): Record<string, string> {
  return { [QUOTA_REMAINING_HEADER]: String(remaining), [QUOTA_RESETS_AFTER_HEADER]: formatTimeSpan(resetsAfterMs) };
}
