/**
 * The theoretical lower bounds the benchmarks divide by. ARM's token bucket lets `burst`
 * requests through at once and then `perSecond`; requests also take `latency` each and run at
 * most `concurrency` at a time.
 */
export interface ReadBound {
  readonly requests: number;
  readonly burst: number;
  readonly perSecond: number;
  readonly latencyMs: number;
  readonly concurrency: number;
}

/** Milliseconds: the slower of the bucket and the concurrency-bound latency. */
export function readLowerBoundMs(b: ReadBound): number {
  const bucket = b.requests <= b.burst ? 0 : ((b.requests - b.burst) / b.perSecond) * 1000;
  const pipes = Math.ceil(b.requests / b.concurrency) * b.latencyMs;
  return Math.max(bucket + b.latencyMs, pipes);
}

export interface ApplyBound {
  readonly operations: number;
  readonly operationMs: number;
  readonly parallelism: number;
  readonly writeBurst: number;
  readonly writesPerSecond: number;
}

/** Milliseconds: operations × duration / parallelism, or the write bucket, whichever is larger. */
export function applyLowerBoundMs(b: ApplyBound): number {
  const slots = (b.operations * b.operationMs) / b.parallelism;
  const bucket = b.operations <= b.writeBurst ? 0 : ((b.operations - b.writeBurst) / b.writesPerSecond) * 1000;
  return Math.max(slots, bucket + b.operationMs);
}
