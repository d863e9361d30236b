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
  /** The burst has been used up once: from then on a token is kept in reserve. */
  spent: boolean;
  /**
   * When refilling starts. ARM's own bucket starts when our first request arrives (after
   * connection set-up, which can take longer than a whole token's refill), so ours starts at
   * ARM's first answer, or ANCHOR_GRACE_MS after the first request if no answer comes by then.
   */
  refillFrom: number;
  anchored: boolean;
}

const ANCHOR_GRACE_MS = 1000;


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
      b = { tokens: budget.burst, last: now, spent: false, refillFrom: now + ANCHOR_GRACE_MS, anchored: false };
      this.buckets.set(key, b);
    }
    const from = Math.max(b.last, b.refillFrom);
    if (now > from) b.tokens = Math.min(budget.burst, b.tokens + ((now - from) / 1000) * budget.perSecond);
    b.last = now;
    return b;
  }

  /**
   * Waits until a request of this category may be sent, and takes its token. Once the burst is
   * spent, one token is kept in reserve against rounding on either side.
   */
  take(subscription: string, category: RequestCategory): Promise<void> {
    const key = `${subscription.toLowerCase()}|${category}`;
    const budget = this.budgets[category];
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(async () => {
      for (;;) {
        const b = this.bucket(key, budget);
        const needed = b.spent ? Math.min(2, budget.burst) : 1;
        if (b.tokens >= needed) {
          b.tokens -= 1;
          if (b.tokens < 1) b.spent = true;
          return;
        }
        b.spent = true;
        await this.clock.sleep(Math.ceil(((needed - b.tokens) / budget.perSecond) * 1000));
      }
    });
    this.queues.set(key, mine);
    return mine;
  }

  /**
   * An answer from ARM, with how many requests of this category it has left when it says so:
   * the first one starts the refill; never believe we have more than ARM says.
   */
  observe(subscription: string, category: RequestCategory, remaining?: number): void {
    const b = this.bucket(`${subscription.toLowerCase()}|${category}`, this.budgets[category]);
    if (!b.anchored) {
      b.anchored = true;
      b.refillFrom = Math.min(b.refillFrom, this.clock.now());
    }
    if (remaining !== undefined && Number.isFinite(remaining) && remaining >= 0) b.tokens = Math.min(b.tokens, remaining);
  }
}

/** Budgets scaled by a factor (for a shared budget, or a time-scaled benchmark). */
export function scaledBudgets(rateFactor: number): Budgets {
  const scale = (b: Budget): Budget => ({ burst: b.burst, perSecond: b.perSecond * rateFactor });
  return { reads: scale(ARM_BUDGETS.reads), writes: scale(ARM_BUDGETS.writes), deletes: scale(ARM_BUDGETS.deletes) };
}
