import { describe, expect, it } from 'vitest';
import { ARM_BUDGETS, RateLimiter, categoryOf, scaledBudgets, type Clock } from '../../src/azure/pipeline/rate-limit.js';

/** A clock whose sleeps advance time without waiting, recording them (after what was already due has run). */
function fakeClock(): Clock & { slept: number[]; t: number } {
  const c = {
    t: 0,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      c.slept.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      if (!signal?.aborted) c.t += ms;
    },
  };
  return c;
}

describe('ARM pacing', () => {
  it("lets ARM's whole write burst go at once, then one write per refill interval", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(ARM_BUDGETS, clock);
    limiter.observe('sub', 'writes');
    const at: number[] = [];
    await Promise.all(Array.from({ length: 250 }, () => limiter.reserve('sub', 'writes').then(() => at.push(clock.t))));
    // 200 at once: the burst
    expect(at.filter((t) => t === 0)).toHaveLength(200);
    // then 10/s: the 250th leaves 5 s after the first, give or take the rounding margin (a tenth of a token)
    const gaps = at.slice(201).map((t, i) => t - (at[200 + i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(99);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(102);
    expect(at[249]).toBeGreaterThanOrEqual(5000);
    expect(at[249]).toBeLessThanOrEqual(5000 + 10 + 50);
  });

  it('spends the burst at once, then paces at the refill rate with a margin of a tenth of a token', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 3, perSecond: 10 } }, clock);
    limiter.observe('sub', 'reads');
    for (let i = 0; i < 3; i++) await limiter.take('sub', 'reads');
    expect(clock.t).toBe(0);
    // the first request after the burst waits for 1.1 tokens, then one more token each
    for (let i = 0; i < 5; i++) await limiter.take('sub', 'reads');
    expect(clock.t).toBeGreaterThanOrEqual(110 + 4 * 100);
    expect(clock.t).toBeLessThanOrEqual(110 + 4 * 100 + 5);
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

  it('believes ARM when it reports fewer remaining requests (another client spends the budget), to the one token its rounding hides', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 100, perSecond: 10 } }, clock);
    limiter.observe('sub', 'reads', 0, clock.t);
    // ARM had fewer than one left: no burst, the refill rate from here
    for (let i = 0; i < 3; i++) await limiter.take('sub', 'reads');
    expect(clock.t).toBeGreaterThanOrEqual(210);
    expect(clock.t).toBeLessThanOrEqual(215);
    const before = clock.t;
    limiter.observe('sub', 'reads', 1000, clock.t);
    await limiter.take('sub', 'reads');
    expect(clock.t - before).toBeGreaterThanOrEqual(100);
  });

  it("an answer's count that only lags our own requests is not taken for another client's", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, writes: { burst: 10, perSecond: 10 } }, clock);
    limiter.observe('sub', 'writes');
    for (let i = 0; i < 10; i++) await limiter.take('sub', 'writes');
    const sentAt = clock.t;
    // the answer to the last of them comes half a second later and says 0 left (as ARM counted then)
    clock.t = sentAt + 500;
    limiter.observe('sub', 'writes', 0, sentAt);
    // the half second refilled five tokens since: they are not lost
    for (let i = 0; i < 4; i++) await limiter.take('sub', 'writes');
    expect(clock.t).toBe(sentAt + 500);
  });

  it('serves concurrent waiters in order without over-spending', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, writes: { burst: 2, perSecond: 4 } }, clock);
    limiter.observe('s', 'writes');
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.take('s', 'writes').then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // two at once, then one per 250 ms (the first also waits for the margin)
    expect(clock.t).toBeGreaterThanOrEqual(275 + 3 * 250);
    expect(clock.t).toBeLessThanOrEqual(275 + 3 * 250 + 5);
  });

  it('does not refill before ARM has answered, however late (its bucket starts when our first request arrives, which may be that late)', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ...ARM_BUDGETS, reads: { burst: 1, perSecond: 10 } }, clock);
    await limiter.take('sub', 'reads');
    clock.t = 3000; // no answer yet: the three seconds of refill do not count
    limiter.observe('sub', 'reads');
    await limiter.take('sub', 'reads');
    // (a bucket of one token keeps no margin: it could never hold more)
    expect(clock.t).toBe(3100);
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
    // the burst is spent: the next one waits for the refill (a token and the margin)
    await limiter.take('s', 'writes');
    expect(clock.t).toBeGreaterThanOrEqual(110);
    expect(clock.t).toBeLessThanOrEqual(112);
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
