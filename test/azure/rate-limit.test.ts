import { describe, expect, it } from 'vitest';
import { ARM_BUDGETS, RateLimiter, categoryOf, scaledBudgets, type Clock } from '../../src/azure/pipeline/rate-limit.js';

/** A clock whose sleeps advance time instantly, recording them. */
function fakeClock(): Clock & { slept: number[]; t: number } {
  const c = {
    t: 0,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      c.slept.push(ms);
      if (!signal?.aborted) c.t += ms;
    },
  };
  return c;
}

describe('ARM pacing', () => {
  it('spends the burst at once, then paces at the refill rate, one token kept in reserve', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 3, perSecond: 10 } }, clock);
    limiter.observe('sub', 'reads');
    for (let i = 0; i < 3; i++) await limiter.take('sub', 'reads');
    expect(clock.t).toBe(0);
    // the first request after the burst waits for two tokens (one is the reserve), then one each
    for (let i = 0; i < 5; i++) await limiter.take('sub', 'reads');
    expect(clock.t).toBe(200 + 4 * 100);
  });

  it('keeps one budget per subscription and category', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ reads: { burst: 1, perSecond: 1 }, writes: { burst: 1, perSecond: 1 }, deletes: { burst: 1, perSecond: 1 } }, clock);
    for (const [sub, category] of [['a', 'reads'], ['b', 'reads'], ['a', 'writes'], ['a', 'deletes']] as const) limiter.observe(sub, category);
    await limiter.take('a', 'reads');
    await limiter.take('B', 'reads');
    await limiter.take('a', 'writes');
    await limiter.take('a', 'deletes');
    expect(clock.t).toBe(0);
    await limiter.take('A', 'reads');
    expect(clock.t).toBe(1000);
  });

  it('believes ARM when it reports fewer remaining requests', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 100, perSecond: 10 } }, clock);
    limiter.observe('sub', 'reads', 0);
    await limiter.take('sub', 'reads');
    expect(clock.t).toBe(200);
    limiter.observe('sub', 'reads', 1000);
    await limiter.take('sub', 'reads');
    expect(clock.t).toBe(300);
  });

  it('serves concurrent waiters in order without over-spending', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, writes: { burst: 2, perSecond: 4 } }, clock);
    limiter.observe('s', 'writes');
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.take('s', 'writes').then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(clock.t).toBe(500 + 3 * 250);
  });

  it('does not refill before ARM has answered (its bucket starts when our first request arrives)', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 1, perSecond: 10 } }, clock);
    await limiter.take('sub', 'reads');
    clock.t = 500; // no answer yet: the half second of refill does not count
    limiter.observe('sub', 'reads');
    await limiter.take('sub', 'reads');
    expect(clock.t).toBe(600);
  });

  it('starts refilling after a grace period even if no answer ever comes', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 1, perSecond: 10 } }, clock);
    await limiter.take('sub', 'reads');
    await limiter.take('sub', 'reads');
    expect(clock.t).toBe(1100);
  });

  it('maps methods to ARM categories and scales refill only', () => {
    expect(['GET', 'PUT', 'PATCH', 'POST', 'DELETE'].map(categoryOf)).toEqual(['reads', 'writes', 'writes', 'writes', 'deletes']);
    expect(scaledBudgets(2).reads).toEqual({ burst: 250, perSecond: 50 });
  });

  it('reserve takes a token ahead: the next request of that bucket spends it without waiting, and no more are spent than taken', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, writes: { burst: 2, perSecond: 10 } }, clock);
    limiter.observe('s', 'writes');
    await limiter.reserve('s', 'writes');
    await limiter.reserve('s', 'writes');
    expect(clock.t).toBe(0);
    // the two requests that follow spend the reserved tokens
    await limiter.take('s', 'writes');
    await limiter.take('s', 'writes');
    expect(clock.t).toBe(0);
    // the burst is spent: the next one waits for the refill (two tokens, one kept in reserve)
    await limiter.take('s', 'writes');
    expect(clock.t).toBe(200);
  });

  it('a waiter whose signal is aborted leaves the queue with an AbortError, taking no token; the waiters behind it go on', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, writes: { burst: 1, perSecond: 1 } }, clock);
    limiter.observe('s', 'writes');
    await limiter.take('s', 'writes');
    const stop = new AbortController();
    stop.abort();
    await expect(limiter.reserve('s', 'writes', stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.t).toBe(0);
    await limiter.take('s', 'writes');
    // one token's refill, as if the aborted waiter had never queued (had it taken one: two)
    expect(clock.t).toBe(1000);
  });
});
