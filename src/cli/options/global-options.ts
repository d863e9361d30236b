/**
 * The options every command takes: `--no-color` and `--debug`. Each is the same as its
 * environment variable (NO_COLOR=1, KUSTODIAN_LOG=debug), so each has one effect, read in one
 * place: the flag sets the variable in the run's own copy of the environment before the command
 * runs (colorEnabled in io.ts reads NO_COLOR; debugLogOf below reads KUSTODIAN_LOG).
 */
import type { Command } from 'commander';
import { printable } from '../../core/printable.js';
import type { CliIO } from '../process/io.js';


interface GlobalValues {
  readonly color?: boolean;
  readonly debug?: boolean;
}

/** Adds the global options; `env` is the run's own environment, which they set. */
export function addGlobalOptions(program: Command, env: NodeJS.ProcessEnv): Command {
  return program
    .option('--no-color', 'no colour (as NO_COLOR=1; none off a terminal)')
    .option('--debug', 'log each HTTP request (as KUSTODIAN_LOG=debug)')
    .hook('preAction', () => {
      const values = program.opts<GlobalValues>();
      if (values.color === false) env['NO_COLOR'] = '1';
      if (values.debug === true) env['KUSTODIAN_LOG'] = 'debug';
    });
}

/**
 * With KUSTODIAN_LOG=debug (or --debug), where the HTTP log lines go: stderr, one line each,
 * through the redacting stream. Any other value of KUSTODIAN_LOG is said to be ignored.
 */
export function debugLogOf(io: CliIO): ((line: string) => void) | undefined {
  const level = io.env['KUSTODIAN_LOG'];
  if (level === undefined || level === '') return undefined;
  if (level.toLowerCase() !== 'debug') {
    io.stderr.write(`kustodian: KUSTODIAN_LOG=${printable(level)} is ignored: the only level is debug (KUSTODIAN_LOG=debug, or --debug)\n`);
    return undefined;
  }
  return (line) => void io.stderr.write(`kustodian debug: ${printable(line)}\n`);
}
