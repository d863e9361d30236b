/** Writing a report file whole or not at all, never through a link out of its folder (safe-write.ts). */
import { dirname, resolve } from 'node:path';
import { redact } from '../../core/redact.js';
import type { CliIO } from '../process/io.js';
import { resolveInside, UnsafePathError, writeFileSafely } from '../../fs/safe-write.js';
import { UsageError } from '../process/usage-error.js';

/** Undefined when written; otherwise what went wrong and what to do. */
export function writeReportFile(io: CliIO, file: string, report: unknown): string | undefined {
  try {
    writeFileSafely(resolve(io.cwd, file), `${redact(JSON.stringify(report, null, 2), io.env)}\n`);
    return undefined;
  } catch (e) {
    return `cannot write --report ${file}: ${e instanceof Error ? e.message : String(e)} (check that its directory exists and is writable)`;
  }
}

/**
 * A file flag (`--out`, `--report`) checked before anything runs: a UsageError when writing it
 * would follow a symbolic link out of its folder, rather than a failure after the work is done.
 */
export function checkOutputFile(io: CliIO, flag: string, file: string | undefined): void {
  if (file === undefined) return;
  const target = resolve(io.cwd, file);
  try {
    resolveInside(dirname(target), target, false);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new UsageError(`${flag} ${file}: ${e.message}`);
    throw e;
  }
}
