/** Bounded concurrency: at most `limit` tasks of one limiter run at once, in FIFO order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    active -= 1;
    const next = waiting.shift();
    if (next) next();
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active += 1;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** A limiter that runs every task at once (nothing to bound). */
export const UNLIMITED: Limiter = { run: (task) => task() };

/** One limiter per key (e.g. per subscription), created on first use; with no limit, none bounds. */
export function keyedLimiter(limit: number | undefined): (key: string) => Limiter {
  if (limit === undefined) return () => UNLIMITED;
  const limiters = new Map<string, Limiter>();
  return (key) => {
    let l = limiters.get(key);
    if (!l) {
      l = createLimiter(limit);
      limiters.set(key, l);
    }
    return l;
  };
}
