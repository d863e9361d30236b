/**
 * `kustodian emulator`: serves the local Azure Resource Manager emulator until SIGINT/SIGTERM
 * and says how to point kustodian at it. Thin: options in, startEmulator, exit code out.
 */
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_OPERATION_DURATION_MS, DEFAULT_SEED_FILE } from '../../emulator/defaults.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { parseDuration } from '../options/duration.js';
import { EXIT } from '../process/exit-codes.js';
import { lockStateFile } from '../process/state-lock.js';
import type { CliIO } from '../process/io.js';
import { printableLines } from '../../core/printable.js';
import { commandSummary } from '../command-catalog.js';

export const DEFAULT_EMULATOR_PORT = 8443;

export interface EmulatorCommandHooks {
  /** Resolves when the emulator should stop; default: the first SIGINT or SIGTERM. */
  readonly waitForStop?: (running: RunningEmulator) => Promise<void>;
}

interface EmulatorCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly seed?: string;
  readonly state?: string;
  readonly operationDuration: number;
  readonly resourceGraphLag: number;
  readonly throttle: boolean;
  readonly caFile: string;
}

function wholeNumber(what: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max) throw new InvalidArgumentError(`${what} must be a whole number from 0 to ${max}.`);
    return n;
  };
}

/** An emulator duration, 0 to 1h: a bare number is milliseconds, for one more version (duration.ts). */
function emulatorDuration(flag: string, io: CliIO) {
  return (value: string): number => {
    const warn = (line: string): void => void io.stderr.write(`${line}\n`);
    try {
      return parseDuration(value, flag, { legacyUnit: 'ms', allowZero: true, maxMs: 3_600_000, warn });
    } catch (e) {
      throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
    }
  };
}

function waitForSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerEmulatorCommand(program: Command, io: CliIO, setExit: (code: number) => void, hooks: EmulatorCommandHooks = {}): void {
  program
    .command('emulator')
    .summary(commandSummary('emulator'))
    .description('serve a local emulator of the Azure Resource Manager API for Kusto data connections')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 picks a free one)', wholeNumber('--port', 65_535), DEFAULT_EMULATOR_PORT)
    .option('--seed <file>', 'the world to emulate, YAML or JSON (default: the example world shipped with kustodian)')
    .option('--state <file>', 'keep state in this file across restarts (it wins over --seed once it exists)')
    .addOption(new Option('--operation-duration <duration>', 'how long each long-running operation runs').argParser(emulatorDuration('--operation-duration', io)).default(DEFAULT_OPERATION_DURATION_MS, `${DEFAULT_OPERATION_DURATION_MS}ms`))
    .addOption(new Option('--resource-graph-lag <duration>', 'how long a change takes to show in Resource Graph queries').argParser(emulatorDuration('--resource-graph-lag', io)).default(0, '0s'))
    .option('--no-throttle', "turn off ARM request throttling and Resource Graph's quota")
    .option('--ca-file <file>', 'where to write the CA certificate clients must trust', '.kustodian/emulator-ca.pem')
    .action(async (opts: EmulatorCommandOptions) => {
      const seed = opts.seed === undefined ? DEFAULT_SEED_FILE : resolve(io.cwd, opts.seed);
      const caFile = resolve(io.cwd, opts.caFile);
      // Loaded here rather than when the CLI starts: no other command needs the server.
      const { startEmulator } = await import('../../emulator/index.js');
      // One process serves a state file at a time (state-lock.ts).
      const lock = opts.state !== undefined ? lockStateFile(resolve(io.cwd, opts.state), opts.state) : undefined;
      let running: RunningEmulator;
      try {
        running = await startEmulator({
          host: opts.host,
          port: opts.port,
          seed,
          ...(opts.state !== undefined ? { stateFile: resolve(io.cwd, opts.state) } : {}),
          operationDurationMs: opts.operationDuration,
          resourceGraphLagMs: opts.resourceGraphLag,
          throttle: opts.throttle ? {} : false,
          caFile,
        });
      } catch (err) {
        lock?.release();
        io.stderr.write(`kustodian emulator: ${printableLines(startFailure(err, opts.port))}\n`);
        setExit(EXIT.error);
        return;
      }
      io.stdout.write(
        [
          `kustodian emulator listening on ${running.endpoint}`,
          `  seed:           ${opts.state !== undefined ? `${seed} (or the state in ${resolve(io.cwd, opts.state)})` : seed}`,
          `  CA certificate: ${caFile}`,
          `  control API:    ${running.endpoint}/_emulator/ (see docs/emulator.md)`,
          '',
          'Point kustodian at it:',
          `  export KUSTODIAN_ENDPOINT=${running.endpoint}`,
          `  export KUSTODIAN_CA_FILE=${caFile}`,
          '  export KUSTODIAN_CREDENTIAL=emulator',
          '',
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
      await (hooks.waitForStop ?? waitForSignal)(running);
      await running.stop();
      lock?.release();
      io.stdout.write('kustodian emulator stopped.\n');
      setExit(EXIT.ok);
    });
}

/** Why the emulator did not start (a seed or state file problem says so in its message). */
function startFailure(err: unknown, port: number): string {
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
    return `port ${port} is already in use; choose another with --port (0 picks a free one).`;
  }
  return err instanceof Error ? err.message : String(err);
}
