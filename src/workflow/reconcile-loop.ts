/**
 * Continuous reconciliation: a round, a jittered wait, the next round, until stopped. A failed
 * round (even one that throws) is handed on like any other and the next round runs; a stop
 * ends the wait at once. Time, sleep and randomness are inputs, so tests drive it step by step.
 */
import type { RoundOutcome } from '../reconcile/outcome.js';
import { unexpected } from './reconcile-round.js';

/** Rounds start ±10% around the interval, so many reconcilers do not hit ARM in step. */
export const JITTER = 0.1;

export interface LoopInput {
  /** Round `n` (from 1). It should not throw; if it does, the round counts as failed. */
  readonly round: (n: number) => Promise<RoundOutcome>;
  /** The wait between the end of a round and the start of the next, before jitter. */
  readonly intervalMs: number;
  /** Resolves after `ms`, or as soon as `signal` is aborted. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** In [0, 1), as Math.random. */
  readonly random: () => number;
  readonly clock: () => Date;
  /** No new round starts once this is aborted; a wait ends at once. */
  readonly stop: AbortSignal;
  readonly onRound: (outcome: RoundOutcome, n: number) => void;
  /** Called before each wait with its length and the next round's number. */
  readonly onWait?: (ms: number, next: number) => void;
}

export interface LoopSummary {
  readonly rounds: number;
  readonly last?: RoundOutcome;
}

/** The interval moved by up to ±JITTER of itself: `random` 0 gives -10%, 0.5 none, toward 1 +10%. */
export function jittered(intervalMs: number, random: number): number {
  return Math.round(intervalMs * (1 + JITTER * (2 * random - 1)));
}

export async function reconcileLoop(input: LoopInput): Promise<LoopSummary> {
  let rounds = 0;
  let last: RoundOutcome | undefined;
  while (!input.stop.aborted) {
    rounds += 1;
    last = await guarded(input, rounds);
    input.onRound(last, rounds);
    if (input.stop.aborted) break;
    const wait = jittered(input.intervalMs, input.random());
    input.onWait?.(wait, rounds + 1);
    await input.sleep(wait, input.stop);
  }
  return last === undefined ? { rounds } : { rounds, last };
}

async function guarded(input: LoopInput, n: number): Promise<RoundOutcome> {
  const started = input.clock();
  try {
    return await input.round(n);
  } catch (e) {
    const finished = input.clock();
    return { startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime(), ...unexpected(e) };
  }
}
