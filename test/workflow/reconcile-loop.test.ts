/** The continuous loop, driven with an injected sleep, clock and randomness: no real time passes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoundOutcome } from '../../src/reconcile/outcome.js';
import { jittered, reconcileLoop } from '../../src/workflow/reconcile-loop.js';
import { noChangesPlan } from '../render/fixtures.js';

const AT = '2026-11-30T00:00:00.000Z';
const clock = () => new Date(AT);
const converged: RoundOutcome = { result: 'converged', plan: noChangesPlan(), refusals: [], startedAt: AT, finishedAt: AT, durationMs: 0, diagnostics: [] };

function harness(rounds: Array<() => Promise<RoundOutcome>>, randoms: number[] = [0.5]) {
  const stop = new AbortController();
  const waits: number[] = [];
  const seen: Array<[number, string]> = [];
  let r = 0;
  const run = reconcileLoop({
    round: async (n) => {
      const next = rounds[n - 1];
      if (!next) {
        stop.abort();
        return converged;
      }
      return next();
    },
    intervalMs: 600_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => randoms[r++ % randoms.length] ?? 0.5,
    clock,
    stop: stop.signal,
    onRound: (o, n) => seen.push([n, o.result === 'failed' ? `failed:${o.stage}` : o.result]),
  });
  return { run, waits, seen, stop };
}

describe('reconcile loop', () => {
  it('runs a round, waits the jittered interval, and goes on until stopped', async () => {
    const h = harness([async () => converged, async () => converged, async () => converged], [0, 0.5, 0.99]);
    const summary = await h.run;
    expect(h.seen.map(([n]) => n)).toEqual([1, 2, 3, 4]);
    expect(h.waits).toEqual([540_000, 600_000, 658_800]);
    expect(summary.rounds).toBe(4);
  });

  it('survives a round that throws: it counts as failed and the next round runs', async () => {
    const h = harness([
      async () => {
        throw new Error('socket hang up');
      },
      async () => converged,
    ]);
    await h.run;
    expect(h.seen.slice(0, 2)).toEqual([[1, 'failed:error'], [2, 'converged']]);
  });

  it('a stop during the wait ends the loop without another round', async () => {
    const stop = new AbortController();
    let rounds = 0;
    const summary = await reconcileLoop({
      round: async () => {
        rounds += 1;
        return converged;
      },
      intervalMs: 60_000,
      sleep: async (_ms, signal) => {
        stop.abort();
        expect(signal.aborted).toBe(true);
      },
      random: () => 0.5,
      clock,
      stop: stop.signal,
      onRound: () => undefined,
    });
    expect([rounds, summary.rounds]).toEqual([1, 1]);
  });

  it('jitter stays within ±10% of the interval for any random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86_400_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (interval, random) => {
        const ms = jittered(interval, random);
        return ms >= Math.floor(interval * 0.9) && ms <= Math.ceil(interval * 1.1);
      }),
    );
  });
});
