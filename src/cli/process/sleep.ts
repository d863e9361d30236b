/**
 * Waiting, however long: Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay
 * is replaced by 1 ms with a TimeoutOverflowWarning, so `reconcile --interval 25d` would run
 * its rounds back to back. Long waits are made of timers below that limit, one after another.
 */

/** The longest delay one Node timer holds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms`, or as soon as `signal` is aborted. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const end = Date.now() + ms;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const arm = (left: number): void => {
      timer = setTimeout(() => {
        const rest = end - Date.now();
        if (rest > 0) arm(rest);
        else finish();
      }, Math.min(Math.max(left, 0), MAX_TIMER_MS));
    };
    signal.addEventListener('abort', finish, { once: true });
    arm(ms);
  });
}
