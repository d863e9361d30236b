/** Pacing to Resource Graph's per-user quota, on a fake clock. */
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_QUOTA, GraphQuota, parseTimeSpan } from '../../src/azure/graph/quota.js';
import type { Clock } from '../../src/azure/pipeline/rate-limit.js';

function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('Resource Graph pacing', () => {
  it('spends the documented quota at once, then waits for the window to reset', async () => {
    const clock = fakeClock();
    const quota = new GraphQuota(clock);
    for (let i = 0; i < DOCUMENTED_QUOTA.perWindow; i++) {
      await quota.take();
      quota.answered(undefined, undefined);
    }
    expect(clock.t).toBe(0);
    await quota.take();
    expect(clock.t).toBe(DOCUMENTED_QUOTA.windowMs);
  });

  it('believes the headers: nothing left until the reset they announce', async () => {
    const clock = fakeClock();
    const quota = new GraphQuota(clock);
    await quota.take();
    quota.answered(0, 3_250);
    await quota.take();
    expect(clock.t).toBe(3_250);
    quota.answered(40, 5_000);
    for (let i = 0; i < 40; i++) await quota.take();
    expect(clock.t).toBe(3_250);
  });

  it('a 429 with the headers is believed too, and queries still in flight are counted as spent', async () => {
    const clock = fakeClock();
    const quota = new GraphQuota(clock);
    await quota.take();
    await quota.take();
    quota.answered(1, 2_000);
    await quota.take();
    quota.answered(undefined, undefined);
    expect(clock.t).toBe(2_000);
  });

  it('serves waiters in order', async () => {
    const clock = fakeClock();
    const quota = new GraphQuota(clock, { perWindow: 2, windowMs: 1_000 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 5 }, (_, i) => quota.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.t).toBe(2_000);
  });

  it('reads durations as .NET TimeSpans', () => {
    expect(['00:00:05', '00:00:03.7500000', '0.00:01:00', '1.00:00:00', '00:00:00.0000001', 'soon', undefined].map(parseTimeSpan)).toEqual([
      5_000, 3_750, 60_000, 86_400_000, 1, undefined, undefined,
    ]);
  });
});
