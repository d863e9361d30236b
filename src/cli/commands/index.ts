/**
 * Every command: its name and one-line description (what `kustodian --help` lists), and how to
 * load it. A command's module, with everything it imports (the Azure SDK, the emulator, the
 * renderers), is loaded only when that command runs or its own help is asked for: `--version`
 * and `--help` load none, and a command loads only what it uses.
 */
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

type Register = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

interface CommandEntry {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<Register>;
}

/** In the order `--help` lists them. */
const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', description: 'start a manifests repository here: starter manifests, CI and Kubernetes examples, .gitignore (never overwrites)', load: async () => (await import('./init.js')).registerInitCommand },
  { name: 'validate', description: 'check manifests offline: YAML, schema, Defaults, ${VAR}, and rules across documents', load: async () => (await import('./validate.js')).registerValidateCommand },
  { name: 'render', description: 'print the manifests as plan sees them (${VAR}s and Defaults applied) as one YAML stream', load: async () => (await import('./render.js')).registerRenderCommand },
  { name: 'plan', description: 'show what apply would change (create, update, replace, delete), field by field', load: async () => (await import('./plan.js')).registerPlanCommand },
  { name: 'show', description: 'render a saved plan (plan --out FILE) as text, JSON or markdown; no Azure access', load: async () => (await import('./show.js')).registerShowCommand },
  { name: 'apply', description: 'print the plan, then create, update, replace and delete data connections to match it', load: async () => (await import('./apply.js')).registerApplyCommand },
  { name: 'export', description: 'write manifests for the live data connections of databases, clusters, resource groups or subscriptions', load: async () => (await import('./export.js')).registerExportCommand },
  { name: 'drift', description: 'compare the manifests with the live state: in sync, drifted, missing, unmanaged, in progress, failed', load: async () => (await import('./drift.js')).registerDriftCommand },
  { name: 'reconcile', description: 'plan and apply in one non-interactive step (cron jobs), with the safety guards of apply; --interval keeps going', load: async () => (await import('./reconcile.js')).registerReconcileCommand },
  { name: 'report', description: 'work with the JSON reports of drift and reconcile (e.g. merge sharded jobs)', load: async () => (await import('./report.js')).registerReportCommand },
  { name: 'emulator', description: 'serve a local emulator of the Azure Resource Manager API for Kusto data connections', load: async () => (await import('./emulator.js')).registerEmulatorCommand },
];

/** The description `--help` lists for a command (each command's module uses it too). */
export function commandDescription(name: string): string {
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) throw new Error(`no command named ${name}`);
  return entry.description;
}

/**
 * The command an argument vector runs (`help X` asks for X's help): the first argument that is
 * not an option. The program itself takes no option with a value, so none is skipped wrongly.
 */
export function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Registers the command `args` (process.argv without node and script) runs, loading only its
 * module; when it names none that exists (`--help`, `--version`, a typo), every command as a
 * name and a description only, for the listing and commander's suggestions. Without `args`,
 * every command in full (for tools that read the whole program).
 */
export async function registerCommands(program: Command, io: CliIO, setExit: (code: number) => void, args?: readonly string[]): Promise<void> {
  const wanted = args === undefined ? undefined : commandNamed(args);
  const entry = COMMANDS.find((c) => c.name === wanted);
  if (args !== undefined && entry !== undefined) {
    (await entry.load())(program, io, setExit);
    return;
  }
  if (args === undefined) {
    for (const c of COMMANDS) (await c.load())(program, io, setExit);
    return;
  }
  for (const c of COMMANDS) program.command(c.name).description(c.description);
}
