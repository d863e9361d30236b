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
  /** The burst has been used up once: from then on a request waits for MARGIN more than its token. */
  spent: boolean;
  /**
   * When refilling starts: at ARM's first answer (Infinity until then). ARM's own bucket starts
   * when our first request arrives, which is before its answer and may be long after we sent it
   * (connection set-up, a busy machine); refilling from the answer never counts a token ARM
   * has not yet refilled, whatever the delay.
   */
  refillFrom: number;
}

/**
 * Once the burst is spent, the fraction of a token a request waits for beyond its own: against
 * rounding (ARM counts time in whole milliseconds). A tenth of a token is 10 ms of the write
 * bucket's refill, 4 ms of the read bucket's.
 */
const MARGIN = 0.1;

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` is aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Thrown by `take` and `reserve` when their signal is aborted while they wait. */
export class PacingAborted extends Error {
  constructor() {
    super('the wait for ARM request budget was cancelled');
    this.name = 'AbortError';
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests waiting per bucket, served in order. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Tokens taken ahead by `reserve`, per bucket: the next requests of that bucket spend them. */
  private readonly credits = new Map<string, number>();

  constructor(
    private readonly budgets: Budgets = ARM_BUDGETS,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  private bucket(key: string, budget: Budget): Bucket {
    let b = this.buckets.get(key);
    const now = this.clock.now();
    if (!b) {
      b = { tokens: budget.burst, last: now, spent: false, refillFrom: Number.POSITIVE_INFINITY };
      this.buckets.set(key, b);
    }
    const from = Math.max(b.last, b.refillFrom);
    if (now > from) b.tokens = Math.min(budget.burst, b.tokens + ((now - from) / 1000) * budget.perSecond);
    b.last = now;
    return b;
  }

  /**
   * Waits until a request of this category may be sent, and takes its token (or spends one that
   * `reserve` took ahead): the whole burst at once, then one request per token as the bucket
   * refills (with MARGIN). A waiter whose signal is aborted leaves the queue (PacingAborted).
   */
  take(subscription: string, category: RequestCategory, signal?: AbortSignal): Promise<void> {
    const key = `${subscription.toLowerCase()}|${category}`;
    const credit = this.credits.get(key) ?? 0;
    if (credit > 0) {
      this.credits.set(key, credit - 1);
      return Promise.resolve();
    }
    return this.wait(key, category, signal);
  }

  /**
   * Takes a token for a request to be sent later, waiting as `take` does: the next request of
   * this subscription and category spends it without waiting. Callers that hold work back until
   * the budget lets it go (the applier's writes) wait here, outside any request's timeout.
   */
  async reserve(subscription: string, category: RequestCategory, signal?: AbortSignal): Promise<void> {
    const key = `${subscription.toLowerCase()}|${category}`;
    await this.wait(key, category, signal);
    this.credits.set(key, (this.credits.get(key) ?? 0) + 1);
  }

  private wait(key: string, category: RequestCategory, signal: AbortSignal | undefined): Promise<void> {
    const budget = this.budgets[category];
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(async () => {
      for (;;) {
        if (signal?.aborted) throw new PacingAborted();
        const b = this.bucket(key, budget);
        const needed = b.spent ? Math.min(1 + MARGIN, budget.burst) : 1;
        if (b.tokens >= needed) {
          b.tokens -= 1;
          if (b.tokens < 1) b.spent = true;
          return;
        }
        b.spent = true;
        await this.clock.sleep(Math.ceil(((needed - b.tokens) / budget.perSecond) * 1000), signal);
      }
    });
    // The queue goes on after a waiter that gave up.
    this.queues.set(
      key,
      mine.catch(() => undefined),
    );
    return mine;
  }

  /** The pacer's clock: a request's `sentAt` for `observe`. */
  now(): number {
    return this.clock.now();
  }

  /**
   * An answer from ARM to a request sent at `sentAt`, with how many requests of this category ARM
   * had left when it says so. The first answer starts the refill. The count is never believed
   * above what it proves: ARM rounds it down (it had fewer than remaining + 1) and has refilled
   * since it answered for at most the time since the request was sent, so only a count below
   * that (another client spending the same budget) lowers ours; our own requests in flight
   * never make it look lower.
   */
  observe(subscription: string, category: RequestCategory, remaining?: number, sentAt?: number): void {
    const budget = this.budgets[category];
    const b = this.bucket(`${subscription.toLowerCase()}|${category}`, budget);
    const now = this.clock.now();
    if (b.refillFrom === Number.POSITIVE_INFINITY) b.refillFrom = now;
    if (remaining === undefined || !Number.isFinite(remaining) || remaining < 0) return;
    const since = sentAt === undefined ? 0 : Math.max(0, now - sentAt);
    b.tokens = Math.min(b.tokens, remaining + 1 + (since / 1000) * budget.perSecond);
    if (b.tokens < 1) b.spent = true;
  }
}

/** Budgets scaled by a factor (for a shared budget, or a time-scaled benchmark). */
export function scaledBudgets(rateFactor: number): Budgets {
  const scale = (b: Budget): Budget => ({ burst: b.burst, perSecond: b.perSecond * rateFactor });
  return { reads: scale(ARM_BUDGETS.reads), writes: scale(ARM_BUDGETS.writes), deletes: scale(ARM_BUDGETS.deletes) };
}
