/**
 * Client-side pacing of ARM requests: per subscription, token buckets with ARM's own budgets
 * (reads 250 burst + 25/s, writes 200 + 10/s, deletes 200 + 10/s). kustodian spends the
 * budget as fast as ARM refills it instead of running into 429s and sleeping out whole
 * seconds of Retry-After; and when ARM reports fewer remaining requests than the bucket holds
 * (another client spends the same budget), the bucket follows ARM.
 */

export type RequestCategory = 'reads' | 'writes' | 'deletes';

export interface Budget {
  readonly burst: number;
  readonly perSecond: number;
}

export type Budgets = Readonly<Record<RequestCategory, Budget>>;

export const ARM_BUDGETS: Budgets = {
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
  deletes: { burst: 200, perSecond: 10 },
};

export function categoryOf(method: string): RequestCategory {
  const m = method.toUpperCase();
  if (m === 'DELETE') return 'deletes';
  if (m === 'GET' || m === 'HEAD') return 'reads';
  return 'writes';
}

interface Bucket {
  tokens: number;
  last: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests waiting per bucket, served in order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly budgets: Budgets = ARM_BUDGETS,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  private bucket(key: string, budget: Budget): Bucket {
    let b = this.buckets.get(key);
    const now = this.clock.now();
    if (!b) {
      b = { tokens: budget.burst, last: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(budget.burst, b.tokens + ((now - b.last) / 1000) * budget.perSecond);
    b.last = now;
    return b;
  }

  /** Waits until a request of this category may be sent, and takes its token. */
  take(subscription: string, category: RequestCategory): Promise<void> {
    const key = `${subscription.toLowerCase()}|${category}`;
    const budget = this.budgets[category];
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(async () => {
      for (;;) {
        const b = this.bucket(key, budget);
        if (b.tokens >= 1) {
          b.tokens -= 1;
          return;
        }
        await this.clock.sleep(Math.ceil(((1 - b.tokens) / budget.perSecond) * 1000));
      }
    });
    this.queues.set(key, mine);
    return mine;
  }

  /** ARM says how many requests of this category are left: never believe we have more. */
  observe(subscription: string, category: RequestCategory, remaining: number): void {
    if (!Number.isFinite(remaining) || remaining < 0) return;
    const b = this.bucket(`${subscription.toLowerCase()}|${category}`, this.budgets[category]);
    b.tokens = Math.min(b.tokens, remaining);
  }
}

/** Budgets scaled by a factor (for a shared budget, or a time-scaled benchmark). */
export function scaledBudgets(rateFactor: number): Budgets {
  const scale = (b: Budget): Budget => ({ burst: b.burst, perSecond: b.perSecond * rateFactor });
  return { reads: scale(ARM_BUDGETS.reads), writes: scale(ARM_BUDGETS.writes), deletes: scale(ARM_BUDGETS.deletes) };
}
