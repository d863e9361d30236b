/**
 * The retries the SDK does not do: 429 without Retry-After, 409 Conflict while another
 * operation on the connection runs, and failures that outlast the SDK's own retries.
 * Exponential backoff with full jitter, bounded by a deadline.
 */
import { AzureFailure, type AzureFailureKind } from '../core/azure-port.js';

export interface RetryPolicy {
  /** Failure kinds worth another attempt. */
  readonly retryOn: ReadonlySet<AzureFailureKind>;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Give up when the next attempt would start after this many ms since the first. */
  readonly deadlineMs: number;
  readonly maxAttempts: number;
}

export const READ_RETRY: RetryPolicy = {
  retryOn: new Set(['throttled', 'server', 'network']),
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  deadlineMs: 10 * 60_000,
  maxAttempts: 20,
};

export const WRITE_RETRY: RetryPolicy = { ...READ_RETRY, retryOn: new Set(['throttled', 'server', 'network', 'conflict']) };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AzureFailure('aborted', 'the operation was cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AzureFailure('aborted', 'the operation was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(
  attempt: () => Promise<T>,
  toFailure: (e: unknown) => AzureFailure,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (failure: AzureFailure, delayMs: number, attemptNo: number) => void,
): Promise<T> {
  const start = Date.now();
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (e) {
      const failure = toFailure(e);
      if (!policy.retryOn.has(failure.kind) || n >= policy.maxAttempts || signal?.aborted) throw failure;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      const delay = Math.max(failure.details.retryAfterMs ?? 0, Math.round(Math.random() * backoff));
      if (Date.now() - start + delay > policy.deadlineMs) throw failure;
      onRetry?.(failure, delay, n);
      await sleep(delay, signal);
    }
  }
}
