/**
 * The CLI entry: builds the commander program, runs it, and turns the outcome into an exit
 * code. Commands are thin: options in, calls into the library, exit code out.
 */
import { Command, CommanderError } from 'commander';
import { type CliIO, processIO } from './process/io.js';
import { EXIT } from './process/exit-codes.js';
import { packageVersion } from './process/version.js';
import { registerCommands } from './command-loader.js';
import { addGlobalOptions } from './options/global-options.js';
import { configureHelpLayout } from './help/help-layout.js';
import { redactingIO } from './output/redacting-io.js';
import { printable, printableLines } from '../core/printable.js';
import { DiagnosticError } from './process/diagnostic-error.js';

/**
 * The commander program. With `args` (the arguments after node and the script), only the
 * command they run is loaded (see commands/index.ts); without, every command.
 */
export async function buildProgram(given: CliIO, setExit: (code: number) => void, args?: readonly string[]): Promise<Command> {
  // The run's own environment: --no-color and --debug set their variables in it (global-options.ts).
  const io: CliIO = { ...given, env: { ...given.env } };
  const program = new Command('kustodian')
    .description('Declarative GitOps reconciler for Azure Data Explorer (Kusto) data connections.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(printableLines(s)),
      // commander's error messages are one line that quotes the arguments as given: a line feed
      // in an argument is escaped with the rest, so it cannot start a line of its own.
      outputError: (s, write) => write(s.endsWith('\n') ? `${printable(s.slice(0, -1))}\n` : printable(s)),
    })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  configureHelpLayout(program);
  addGlobalOptions(program, io.env);
  await registerCommands(program, io, setExit, args);
  return program;
}

/** Runs the CLI with `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[], given: CliIO = processIO()): Promise<number> {
  // Secrets never reach the screen or a log, whichever command prints them.
  const io = redactingIO(given);
  let exitCode: number = EXIT.ok;
  try {
    const program = await buildProgram(
      io,
      (code) => {
        exitCode = code;
      },
      argv.slice(2),
    );
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (err instanceof DiagnosticError) {
      const { printDiagnostics } = await import('./output/output.js');
      printDiagnostics(io, err.diagnostics);
      return EXIT.error;
    }
    const message = err instanceof Error ? err.message : String(err);
    // A message may quote anything (a flag's value, a file's content): only its own line feeds stay.
    io.stderr.write(`kustodian: ${printableLines(message)}\n`);
    return EXIT.error;
  }
}
