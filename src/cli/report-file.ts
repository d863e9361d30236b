/** Writing a report file whole or not at all: a temporary file beside it, then a rename. */
import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redact } from '../core/redact.js';
import type { CliIO } from './io.js';

/** Undefined when written; otherwise what went wrong and what to do. */
export function writeReportFile(io: CliIO, file: string, report: unknown): string | undefined {
  const target = resolve(io.cwd, file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${redact(JSON.stringify(report, null, 2), io.env)}\n`);
    renameSync(temporary, target);
    return undefined;
  } catch (e) {
    return `cannot write --report ${file}: ${e instanceof Error ? e.message : String(e)} (check that its directory exists and is writable)`;
  }
}
