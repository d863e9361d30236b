/**
 * The built CLI pointed at the suite's target, and the one way the suite deletes: a pruning plan
 * narrowed to the run's name prefix, checked change by change before `apply --plan` runs it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type CliRun, runCli } from '../support/cli.js';
import { pruningManifests } from './manifests.js';
import type { Coordinates } from './target.js';

export interface Kustodian {
  (args: readonly string[]): Promise<CliRun>;
}

/**
 * Against the emulator: its variables only, and a 100 ms poll. Against Azure: the user's own
 * environment (credentials included, which never reach an output), minus any emulator endpoint.
 */
export function kustodianFor(target: { readonly emulatorEnv?: Readonly<Record<string, string>> }, cwd: string): Kustodian {
  if (target.emulatorEnv !== undefined) {
    const env = { ...target.emulatorEnv };
    return (args) => runCli([...args, '--poll-interval', '100ms'], { cwd, env });
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'KUSTODIAN_ENDPOINT' && name !== 'KUSTODIAN_CA_FILE') env[name] = value;
  }
  return (args) => runCli(args, { cwd, env });
}

interface PlannedChange {
  readonly action: string;
  readonly address: string;
  readonly target: { readonly subscriptionId: string; readonly resourceGroup: string; readonly cluster: string; readonly database: string; readonly name: string };
}

/** Why a planned change is outside what the suite may delete, or undefined when it is a delete of its own. */
export function outsideThePrefix(change: PlannedChange, c: Coordinates, prefix: string): string | undefined {
  const t = change.target;
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (change.action !== 'delete') return `${change.action} ${change.address} is not a delete`;
  if (!same(t.subscriptionId, c.subscription) || !same(t.resourceGroup, c.resourceGroup) || !same(t.cluster, c.cluster) || !same(t.database, c.database)) {
    return `${change.address} is outside the database ${c.subscription}/${c.resourceGroup}/${c.cluster}/${c.database}`;
  }
  if (!t.name.toLowerCase().startsWith(`${prefix.toLowerCase()}-`)) return `${change.address} is not named ${prefix}-*`;
  return undefined;
}

let cleanups = 0;

/**
 * Deletes every connection of the database named `<prefix>-*`, and nothing else: the pruning plan
 * is narrowed with `--target`, saved, and read back; any change in it that is not a delete of a
 * `<prefix>-*` connection of this database refuses the whole cleanup before a write. Answers the
 * addresses it deleted.
 */
export async function deleteEverythingUnder(kustodian: Kustodian, work: string, c: Coordinates, prefix: string): Promise<string[]> {
  cleanups += 1;
  const manifests = pruningManifests(work, c);
  const planFile = path.join(work, `cleanup-${String(cleanups)}.plan.json`);
  const planned = await kustodian(['plan', manifests, '--target', `${prefix}-*`, '--allow-delete', '--allow-empty-database', '--out', planFile]);
  if (planned.code !== 0) throw new Error(`the cleanup plan failed (exit ${String(planned.code)}):\n${planned.stdout}${planned.stderr}`);
  const saved = JSON.parse(readFileSync(planFile, 'utf8')) as { plan: { changes: PlannedChange[] } };
  const problems = saved.plan.changes.map((change) => outsideThePrefix(change, c, prefix)).filter((p) => p !== undefined);
  if (problems.length > 0) throw new Error(`the cleanup refuses its own plan, nothing was deleted: ${problems.join('; ')}`);
  if (saved.plan.changes.length === 0) return [];
  const applied = await kustodian(['apply', '--plan', planFile, '--auto-approve']);
  if (applied.code !== 0) throw new Error(`the cleanup apply failed (exit ${String(applied.code)}):\n${applied.stdout}${applied.stderr}`);
  return saved.plan.changes.map((change) => change.address);
}

/**
 * The exported documents of the database's connections not named `<prefix>-*`, by name: what the
 * suite must leave exactly as it found it.
 */
export async function othersThan(kustodian: Kustodian, c: Coordinates, prefix: string): Promise<Map<string, string>> {
  const run = await kustodian(['export', '--database', `${c.subscription}/${c.resourceGroup}/${c.cluster}/${c.database}`, '-o', 'yaml']);
  if (run.code !== 0) throw new Error(`export failed (exit ${String(run.code)}):\n${run.stdout}${run.stderr}`);
  const others = new Map<string, string>();
  for (const doc of parseAllDocuments(run.stdout)) {
    const name: unknown = doc.getIn(['metadata', 'name']);
    if (typeof name === 'string' && !name.toLowerCase().startsWith(`${prefix.toLowerCase()}-`)) others.set(name, doc.toString());
  }
  return others;
}
