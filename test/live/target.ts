/**
 * Where the live contract suite runs: the emulator (the default), or the real Azure database the
 * KUSTODIAN_LIVE_* variables name (like Terraform's TF_ACC). Some but not all of them set is a
 * mistake the suite refuses loudly, naming the missing ones.
 */

/** The coordinates a run needs: one database and one event hub consumer group nobody else reads. */
export interface Coordinates {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly database: string;
  /** The cluster's region, as Azure names it (e.g. "West Europe"). */
  readonly location: string;
  /** An event hub's resource ID: /subscriptions/…/providers/Microsoft.EventHub/namespaces/…/eventhubs/…. */
  readonly eventHubId: string;
  /** A consumer group of that hub that no other data connection reads (one pair, one connection). */
  readonly consumerGroup: string;
  /** A table of the database and a JSON ingestion mapping of it. */
  readonly table: string;
  readonly mapping: string;
}

/** Each coordinate and the variable that sets it live, in the order the docs list them. */
export const LIVE_VARIABLES: ReadonlyArray<readonly [keyof Coordinates, string]> = [
  ['subscription', 'KUSTODIAN_LIVE_SUBSCRIPTION'],
  ['resourceGroup', 'KUSTODIAN_LIVE_RESOURCE_GROUP'],
  ['cluster', 'KUSTODIAN_LIVE_CLUSTER'],
  ['database', 'KUSTODIAN_LIVE_DATABASE'],
  ['location', 'KUSTODIAN_LIVE_LOCATION'],
  ['eventHubId', 'KUSTODIAN_LIVE_EVENTHUB_ID'],
  ['consumerGroup', 'KUSTODIAN_LIVE_CONSUMER_GROUP'],
  ['table', 'KUSTODIAN_LIVE_TABLE'],
  ['mapping', 'KUSTODIAN_LIVE_MAPPING'],
];

/** The emulator's shipped world (emulator/seed.yaml): `adx` on `telemetry` is free there ($Default is legacy-import's). */
export const EMULATOR_COORDINATES: Coordinates = {
  subscription: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'testrg',
  cluster: 'mykustocluster',
  database: 'mykustodatabase',
  location: 'Central US',
  eventHubId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry',
  consumerGroup: 'adx',
  table: 'Telemetry',
  mapping: 'Telemetry_JSON_Mapping',
};

export type Target =
  | { readonly kind: 'emulator'; readonly coordinates: Coordinates }
  | { readonly kind: 'live'; readonly coordinates: Coordinates }
  | { readonly kind: 'incomplete'; readonly missing: readonly string[] };

export function readTarget(env: Readonly<Record<string, string | undefined>>): Target {
  const value = (name: string): string => (env[name] ?? '').trim();
  const missing = LIVE_VARIABLES.filter(([, name]) => value(name) === '').map(([, name]) => name);
  if (missing.length === LIVE_VARIABLES.length) return { kind: 'emulator', coordinates: EMULATOR_COORDINATES };
  if (missing.length > 0) return { kind: 'incomplete', missing };
  const coordinates = Object.fromEntries(LIVE_VARIABLES.map(([key, name]) => [key, value(name)])) as unknown as Coordinates;
  return { kind: 'live', coordinates };
}

/** The message an incomplete set of variables fails with. */
export function incompleteMessage(missing: readonly string[]): string {
  const set = LIVE_VARIABLES.map(([, name]) => name).filter((name) => !missing.includes(name));
  return (
    `the live contract suite needs all of its variables or none: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, ` +
    `but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not. Set them all to run against Azure ` +
    '(docs/emulator.md, "Live contract mode"), or unset them all to run against the emulator.'
  );
}
