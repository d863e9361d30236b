/**
 * The physical lower bounds the benchmarks divide by: what ARM lets any client do, whatever its
 * settings. Only ARM's published token buckets (per subscription and principal: reads 250 burst
 * + 25/s, writes 200 burst + 10/s; /work/shared/reference/azure-facts.md, docs/scale.md), the
 * operation's own duration and the request latency enter; no kustodian flag (parallelism,
 * concurrency, poll interval) does.
 */
export interface Budget {
  readonly burst: number;
  readonly perSecond: number;
}

export const ARM_READS: Budget = { burst: 250, perSecond: 25 };
export const ARM_WRITES: Budget = { burst: 200, perSecond: 10 };

/** When the last of `n` requests of one bucket can be sent at the earliest (ms): at once within the burst, then at the refill rate. */
export function bucketMs(n: number, budget: Budget, timeScale = 1): number {
  return n <= budget.burst ? 0 : ((n - budget.burst) / (budget.perSecond * timeScale)) * 1000;
}

export interface ApplyBound {
  /** Creates in each subscription (each has its own buckets). */
  readonly perSubscription: readonly number[];
  /** How long each long-running operation runs. */
  readonly operationMs: number;
  readonly timeScale?: number;
}

/**
 * Milliseconds: in the busiest subscription, the last create's PUT waits for the write bucket
 * (each create is one write), and its operation then runs; each create needs at least one read to
 * learn that it ended, so the read bucket is a floor too.
 */
export function applyBoundMs(b: ApplyBound): number {
  const scale = b.timeScale ?? 1;
  return Math.max(...b.perSubscription.map((n) => Math.max(bucketMs(n, ARM_WRITES, scale), bucketMs(n, ARM_READS, scale)))) + b.operationMs;
}

export interface ReadBound {
  /** Read requests in each subscription. */
  readonly perSubscription: readonly number[];
  readonly latencyMs: number;
  readonly timeScale?: number;
}

/** Milliseconds: the last read of the busiest subscription leaves when the read bucket allows, and takes one latency. */
export function readBoundMs(b: ReadBound): number {
  return Math.max(...b.perSubscription.map((n) => bucketMs(n, ARM_READS, b.timeScale ?? 1))) + b.latencyMs;
}

export interface GraphBound {
  /** Pages of one query: each needs the previous page's skip token, so they follow each other. */
  readonly pages: number;
  /** Queries the user's quota allows per window. */
  readonly perWindow: number;
  readonly windowMs: number;
  readonly latencyMs: number;
}

/** Milliseconds: pages one after another, page i starting no earlier than its window (⌊i / perWindow⌋ × windowMs). */
export function graphLowerBoundMs(b: GraphBound): number {
  let t = 0;
  for (let i = 0; i < b.pages; i++) t = Math.max(t, Math.floor(i / b.perWindow) * b.windowMs) + b.latencyMs;
  return t;
}
