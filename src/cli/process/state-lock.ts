/**
 * One emulator world per state file: the process that serves a state file (an embedded
 * `--emulator`, or `kustodian emulator --state`) holds `<state>.lock` with its process ID for
 * as long as it runs. Two processes each holding their own copy of one world drift apart
 * silently (a reconcile keeps saying "No changes" while a drift in another shell sees drift), so
 * a second one is refused, saying who holds the world and how to share it instead. A lock left
 * by a process that no longer runs (killed) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { APPLY_CODES } from '../../workflow/codes.js';
import { DiagnosticError } from './diagnostic-error.js';

export interface StateLock {
  release(): void;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of `stateFile` (an absolute path), or throws a DiagnosticError naming its holder. */
export function lockStateFile(stateFile: string, shown: string): StateLock {
  const lock = `${stateFile}.lock`;
  mkdirSync(path.dirname(stateFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return { release: () => (holder(lock) === process.pid ? rmSync(lock, { force: true }) : undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = holder(lock);
      if (pid !== undefined && running(pid)) {
        throw new DiagnosticError({
          severity: 'error',
          code: APPLY_CODES.worldInUse,
          message: `the emulator world in ${shown} is in use by another kustodian process (PID ${pid}); two processes would each keep their own copy of it and disagree`,
          hint:
            `wait for it to end; or share one world: run \`kustodian emulator --state ${shown}\` in one shell and point every command at it ` +
            '(KUSTODIAN_ENDPOINT, KUSTODIAN_CA_FILE, KUSTODIAN_CREDENTIAL=emulator, as it prints); or give this one its own world with --emulator-state',
        });
      }
      // Left by a process that is gone: take it over.
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lock}`);
}
