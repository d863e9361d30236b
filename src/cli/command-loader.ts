/**
 * How each command is loaded. A command's module, with everything it imports (the Azure SDK,
 * the emulator, the renderers), is loaded only when that command runs or its own help is asked
 * for: `--version` and `--help` load none (the listing comes from catalog.ts), and a command
 * loads only what it uses. `completion` reads the whole program, so it loads every command.
 */
import type { Command } from 'commander';
import type { CliIO } from './process/io.js';
import { CATALOG } from './command-catalog.js';

type Register = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

const LOADERS: ReadonlyMap<string, () => Promise<Register>> = new Map(
  Object.entries({
    init: async () => (await import('./commands/init.js')).registerInitCommand,
    validate: async () => (await import('./commands/validate.js')).registerValidateCommand,
    render: async () => (await import('./commands/render.js')).registerRenderCommand,
    plan: async () => (await import('./commands/plan.js')).registerPlanCommand,
    show: async () => (await import('./commands/show.js')).registerShowCommand,
    apply: async () => (await import('./commands/apply.js')).registerApplyCommand,
    export: async () => (await import('./commands/export.js')).registerExportCommand,
    drift: async () => (await import('./commands/drift.js')).registerDriftCommand,
    reconcile: async () => (await import('./commands/reconcile.js')).registerReconcileCommand,
    health: async () => (await import('./commands/health.js')).registerHealthCommand,
    report: async () => (await import('./commands/report.js')).registerReportCommand,
    emulator: async () => (await import('./commands/emulator.js')).registerEmulatorCommand,
    completion: async () => (await import('./commands/completion.js')).registerCompletionCommand,
    azure: async () => {
      const { registerAzureTopic } = await import('./commands/azure.js');
      return (program: Command, _io: CliIO, setExit: (code: number) => void) => registerAzureTopic(program, setExit);
    },
  } satisfies Record<string, () => Promise<Register>>),
);

/** Commands that read the whole program when they run. */
const NEEDS_EVERY_COMMAND = new Set(['completion']);

/**
 * The command an argument vector runs (`help X` asks for X's help): the first argument that is
 * not an option. The program's own options take no value, so none is skipped wrongly.
 */
export function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

async function registerAll(program: Command, io: CliIO, setExit: (code: number) => void): Promise<void> {
  for (const c of CATALOG) {
    const load = LOADERS.get(c.name);
    // A catalog entry without a loader would vanish from the program without a word.
    if (load === undefined) throw new Error(`the command ${c.name} is in command-catalog.ts but has no loader in command-loader.ts`);
    (await load())(program, io, setExit);
  }
}

/**
 * Registers the command `args` (process.argv without node and script) runs, loading only its
 * module; when it names none that exists (`--help`, `--version`, a typo), every command as its
 * name, arguments and summary only, for the listing and commander's suggestions. Without
 * `args`, every command in full (for tools and tests that read the whole program).
 */
export async function registerCommands(program: Command, io: CliIO, setExit: (code: number) => void, args?: readonly string[]): Promise<void> {
  const wanted = args === undefined ? undefined : commandNamed(args);
  const load = wanted === undefined ? undefined : LOADERS.get(wanted);
  if (args === undefined || (wanted !== undefined && NEEDS_EVERY_COMMAND.has(wanted))) return registerAll(program, io, setExit);
  if (load !== undefined) return (await load())(program, io, setExit);
  for (const c of CATALOG) {
    const cmd = program.command(c.args === '' ? c.name : `${c.name} ${c.args}`).summary(c.summary);
    if (c.group !== undefined) cmd.helpGroup(c.group);
  }
}
