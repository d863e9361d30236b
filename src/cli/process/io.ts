/**
 * What a command may touch of the outside world: its output streams and environment.
 * Passed in, so tests run commands in-process and read what they printed.
 */
import type { Writable } from 'node:stream';

export interface CliIO {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Colour only on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb;
 * FORCE_COLOR turns it on for CI logs that render ANSI.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}
