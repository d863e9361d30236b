/**
 * ARM's request throttling: a token bucket per subscription and per kind of request
 * (reads 250 burst + 25/s, writes 200 + 10/s, deletes 200 + 10/s). `scale` multiplies
 * both the burst and the rate (0.01 makes throttling easy to reach in a test); `timeScale`
 * multiplies only the refill rate, as if time ran that much faster (time-scaled benchmarks
 * keep ARM's burst); `false` turns throttling off while still answering the
 * remaining-requests headers.
 */
import { ArmError } from './errors.js';

export type ThrottleCategory = 'reads' | 'writes' | 'deletes';

const LIMITS: Readonly<Record<ThrottleCategory, { readonly burst: number; readonly perSecond: number }>> = {
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
  deletes: { burst: 200, perSecond: 10 },
};

export type ThrottleOptions = { readonly scale?: number; readonly timeScale?: number } | false;

interface Bucket {
  tokens: number;
  last: number;
}

export interface ThrottleDecision {
  readonly category: ThrottleCategory;
  /** For the `x-ms-ratelimit-remaining-subscription-{category}` header. */
  readonly remaining: number;
}

export function remainingHeader(category: ThrottleCategory): string {
  return `x-ms-ratelimit-remaining-subscription-${category}`;
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private options: ThrottleOptions = {}) {}

  configure(options: ThrottleOptions): void {
    this.options = options;
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  private limits(category: ThrottleCategory): { burst: number; perSecond: number } {
    const scale = this.options === false ? 1 : (this.options.scale ?? 1);
    const timeScale = this.options === false ? 1 : (this.options.timeScale ?? 1);
    const base = LIMITS[category];
    return { burst: Math.max(1, Math.floor(base.burst * scale)), perSecond: base.perSecond * scale * timeScale };
  }

  /** Takes one token, or throws ARM's 429 with Retry-After. */
  take(subscription: string, category: ThrottleCategory, now: number): ThrottleDecision {
    const { burst, perSecond } = this.limits(category);
    if (this.options === false) return { category, remaining: burst - 1 };
    const key = `${subscription.toLowerCase()}|${category}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: burst, last: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.last) / 1000) * perSecond);
    bucket.last = now;
    if (bucket.tokens < 1) {
      const seconds = perSecond > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) : 60;
      throw new ArmError(
        429,
        'TooManyRequests',
        `Number of '${category}' requests for subscription '${subscription}' exceeded. Please try again after '${seconds}' seconds ` +
          'after additional tokens are available. Refer to https://aka.ms/arm-throttling',
        undefined,
        undefined,
        { 'Retry-After': String(seconds), [remainingHeader(category)]: '0' },
      );
    }
    bucket.tokens -= 1;
    return { category, remaining: Math.floor(bucket.tokens) };
  }
}
