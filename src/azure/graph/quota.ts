/**
 * Client-side pacing to Resource Graph's quota. Resource Graph counts queries per user in
 * fixed windows (Microsoft documents 15 per 5 seconds, "subject to change") and says on every
 * answer how many are left (`x-ms-user-quota-remaining`) and when the window resets
 * (`x-ms-user-quota-resets-after`, hh:mm:ss). kustodian believes those headers and waits out a
 * spent window instead of running into 429; before the first answer it assumes the documented
 * quota. The quota is per user, not per subscription: one pacer for every query.
 */
import { type Clock, SYSTEM_CLOCK } from '../pipeline/rate-limit.js';

export const DOCUMENTED_QUOTA = { perWindow: 15, windowMs: 5_000 } as const;

export const QUOTA_REMAINING_HEADER = 'x-ms-user-quota-remaining';
export const QUOTA_RESETS_AFTER_HEADER = 'x-ms-user-quota-resets-after';

/** Milliseconds of a .NET TimeSpan, `[d.]hh:mm:ss[.fffffff]`; undefined for anything else. */
export function parseTimeSpan(text: string | undefined): number | undefined {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text?.trim() ?? '');
  if (m === null) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = m;
  const whole = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
  return whole * 1000 + Math.ceil(Number(`0.${fraction || '0'}`) * 1000);
}

export class GraphQuota {
  private remaining: number;
  /** When the current window ends, on this client's clock; undefined before the first query. */
  private resetsAt: number | undefined;
  /** Queries sent and not yet answered: they spend the quota the next answer reports. */
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock = SYSTEM_CLOCK,
    private readonly quota: { readonly perWindow: number; readonly windowMs: number } = DOCUMENTED_QUOTA,
  ) {
    this.remaining = quota.perWindow;
  }

  /** Waits until a query may be sent, in order of asking, and counts it. */
  take(): Promise<void> {
    const mine = this.queue.then(async () => {
      for (;;) {
        const now = this.clock.now();
        if (this.resetsAt !== undefined && now >= this.resetsAt) {
          this.remaining = this.quota.perWindow;
          this.resetsAt = undefined;
        }
        if (this.remaining >= 1) {
          this.remaining -= 1;
          this.inFlight += 1;
          // The service starts a window with its first query: until it says otherwise, assume so.
          this.resetsAt ??= now + this.quota.windowMs;
          return;
        }
        await this.clock.sleep(Math.max(1, (this.resetsAt ?? now + this.quota.windowMs) - now));
      }
    });
    this.queue = mine;
    return mine;
  }

  /**
   * A query was answered (any status, 429 included) with these headers, or failed without an
   * answer (both undefined). The service's word replaces the estimate, less what is still in flight.
   */
  answered(remaining: number | undefined, resetsAfterMs: number | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (remaining === undefined || resetsAfterMs === undefined || !Number.isFinite(remaining) || remaining < 0) return;
    this.resetsAt = this.clock.now() + resetsAfterMs;
    this.remaining = Math.max(0, remaining - this.inFlight);
  }
}
