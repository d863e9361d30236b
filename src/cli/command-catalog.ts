/**
 * Every command's name, arguments and one-line summary, in the order `kustodian --help` lists
 * them: what the listing needs without loading any command's module (commands/index.ts), and
 * the summary each module gives its own command, so the two never differ.
 */
export interface CatalogEntry {
  readonly name: string;
  /** The arguments as the listing shows them: `[paths...]`. */
  readonly args: string;
  readonly summary: string;
  /** A heading other than commander's "Commands:". */
  readonly group?: string;
}

export const HELP_TOPICS_GROUP = 'Help topics:';

export const CATALOG: readonly CatalogEntry[] = [
  { name: 'init', args: '[dir]', summary: 'start a manifests repository here (never overwrites)' },
  { name: 'validate', args: '[paths...]', summary: 'check manifests offline: YAML, schema, ${VAR}, rules' },
  { name: 'render', args: '[paths...]', summary: 'print the manifests as plan sees them (one YAML stream)' },
  { name: 'plan', args: '[paths...]', summary: 'show what apply would change, field by field' },
  { name: 'show', args: '<file>', summary: 'render a saved plan (plan --out FILE); no Azure access' },
  { name: 'apply', args: '[paths...]', summary: 'print the plan, then make the live state match it' },
  { name: 'export', args: '', summary: 'write manifests for the live data connections' },
  { name: 'drift', args: '[paths...]', summary: 'compare manifests and live state: what drifted' },
  { name: 'reconcile', args: '[paths...]', summary: 'plan and apply, unattended (cron); --interval repeats' },
  { name: 'health', args: '[paths...]', summary: 'do the declared connections ingest? healthy, failing, no data' },
  { name: 'report', args: '', summary: 'merge the JSON reports of sharded jobs' },
  { name: 'emulator', args: '', summary: 'serve a local emulator of the Azure Resource Manager API' },
  { name: 'completion', args: '<shell>', summary: 'print a shell completion script (bash, zsh, fish)' },
  { name: 'azure', args: '', summary: 'help topic: the options that connect to Azure', group: HELP_TOPICS_GROUP },
];

/** The summary of a command, for its module's `.summary()`. */
export function commandSummary(name: string): string {
  const entry = CATALOG.find((c) => c.name === name);
  if (entry === undefined) throw new Error(`no command named ${name}`);
  return entry.summary;
}
