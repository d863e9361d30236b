/**
 * Interrupts during an apply: the first SIGINT stops starting new operations and lets the
 * running ones finish; a second SIGINT, or SIGTERM, stops waiting for them too (they go on
 * running on the service, and the report says which).
 */
import type { CliIO } from './io.js';

export interface Interrupts {
  readonly stop: AbortSignal;
  readonly abort: AbortSignal;
  dispose(): void;
}

export function watchInterrupts(io: CliIO): Interrupts {
  const stop = new AbortController();
  const abort = new AbortController();
  const onInt = (): void => {
    if (!stop.signal.aborted) {
      stop.abort();
      io.stderr.write('\nInterrupt: no new operations will start; waiting for the running ones. Press Ctrl-C again to stop waiting.\n');
    } else {
      abort.abort();
    }
  };
  const onTerm = (): void => {
    io.stderr.write('\nTerminated: no new operations will start; running ones are reported as interrupted.\n');
    stop.abort();
    abort.abort();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    stop: stop.signal,
    abort: abort.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
