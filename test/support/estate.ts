/**
 * A larger estate for the kill, restart and concurrency suites: one pruned database whose
 * manifests ask for every kind of change at once — creates, in-place updates, replacements,
 * deletions, connections already right, an ignored one that must never be touched, and a create
 * that waits for the delete that frees its (hub, consumer group) pair.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorSeed, RunningEmulator, SeedDataConnection } from '../../src/emulator/index.js';

export const SUB = '00000000-0000-0000-0000-000000000000';
export const ESTATE_DB = { subscriptionId: SUB, resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'estatedb' } as const;

const RG = `/subscriptions/${SUB}/resourceGroups/testrg/providers`;
const TELEMETRY = `${RG}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry`;
const BLOBS = `${RG}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents`;
const IOT = `${RG}/Microsoft.Devices/IotHubs/myhub`;
const STORAGE = `${RG}/Microsoft.Storage/storageAccounts/mystorageaccount`;
const COSMOS = `${RG}/Microsoft.DocumentDB/databaseAccounts/mycosmosaccount`;
const IDENTITY = `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/kustodian-identity`;

type Kind = 'EventHub' | 'IotHub' | 'EventGrid' | 'CosmosDb';
type Props = Readonly<Record<string, string>>;
export type Role = 'create' | 'update' | 'replace' | 'delete' | 'keep';

export interface EstateConnection {
  readonly name: string;
  readonly kind: Kind;
  readonly role: Role;
  /** As the manifests declare it (absent for a deletion). */
  readonly declared?: Props;
  /** As it is live before the first apply (absent for a create). */
  readonly live?: Props;
}

const KINDS: readonly Kind[] = ['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'];
const MANIFEST_KIND: Readonly<Record<Kind, string>> = {
  EventHub: 'EventHubDataConnection',
  IotHub: 'IotHubDataConnection',
  EventGrid: 'EventGridDataConnection',
  CosmosDb: 'CosmosDbDataConnection',
};

function props(kind: Kind, consumerGroup: string, variant: 'a' | 'b'): Props {
  switch (kind) {
    case 'EventHub':
      return { eventHubResourceId: TELEMETRY, consumerGroup, tableName: 'Telemetry', dataFormat: variant === 'a' ? 'JSON' : 'MULTIJSON' };
    case 'IotHub':
      return { iotHubResourceId: IOT, consumerGroup, sharedAccessPolicyName: 'iothubforread', tableName: 'StormEvents', dataFormat: variant === 'a' ? 'CSV' : 'TSV' };
    case 'EventGrid':
      return { storageAccountResourceId: STORAGE, eventHubResourceId: BLOBS, consumerGroup, tableName: 'BlobLogs', dataFormat: variant === 'a' ? 'CSV' : 'PSV' };
    case 'CosmosDb':
      // Every Cosmos DB field forces a replacement: the variants differ in the table.
      return { cosmosDbAccountResourceId: COSMOS, cosmosDbDatabase: 'telemetrydb', cosmosDbContainer: 'events', tableName: variant === 'a' ? 'CosmosChanges' : 'Telemetry', managedIdentityResourceId: IDENTITY };
  }
}

function many(role: Role, count: number, kinds: readonly Kind[], make: (name: string, kind: Kind) => Omit<EstateConnection, 'name' | 'kind' | 'role'>): EstateConnection[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${role}-${String(i).padStart(2, '0')}`;
    const kind = kinds[i % kinds.length] ?? 'EventHub';
    return { name, kind, role, ...make(name, kind) };
  });
}

/** 12 creates, 8 updates, 6 replacements, 5 deletions, 3 already right: 31 changes over 34 connections. */
export const ESTATE: readonly EstateConnection[] = [
  // create-00 takes the pair delete-00 frees: it waits for that delete.
  { name: 'create-00', kind: 'EventHub', role: 'create', declared: props('EventHub', 'cg-delete-00', 'a') },
  ...many('create', 12, KINDS, (name, kind) => ({ declared: props(kind, `cg-${name}`, 'a') })).slice(1),
  ...many('update', 8, ['EventHub', 'IotHub', 'EventGrid'], (name, kind) => ({ live: props(kind, `cg-${name}`, 'a'), declared: props(kind, `cg-${name}`, 'b') })),
  ...many('replace', 6, KINDS, (name, kind) =>
    kind === 'CosmosDb'
      ? { live: props(kind, '', 'a'), declared: props(kind, '', 'b') }
      : { live: props(kind, `cg-${name}-old`, 'a'), declared: props(kind, `cg-${name}-new`, 'a') },
  ),
  ...many('delete', 5, ['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'], (name, kind) => ({ live: props(kind, `cg-${name}`, 'a') })),
  ...many('keep', 3, ['EventHub', 'IotHub', 'CosmosDb'], (name, kind) => ({ live: props(kind, `cg-${name}`, 'a'), declared: props(kind, `cg-${name}`, 'a') })),
];

/** Live, undeclared, and ignored by the ManagedDatabase: never touched, whatever happens. */
export const IGNORED: SeedDataConnection = { name: 'legacy-feed', kind: 'EventHub', properties: props('EventHub', 'cg-legacy-feed', 'a') };

export const DECLARED_NAMES: readonly string[] = ESTATE.filter((c) => c.declared !== undefined).map((c) => c.name);

function consumerGroups(): string[] {
  const groups = ESTATE.flatMap((c) => [c.declared?.['consumerGroup'], c.live?.['consumerGroup']]).filter((g): g is string => typeof g === 'string' && g !== '');
  return ['$Default', 'cg-legacy-feed', ...new Set(groups)];
}

export function estateSeed(): EmulatorSeed {
  const groups = consumerGroups();
  return {
    subscriptions: [
      {
        id: SUB,
        resourceGroups: [
          {
            name: 'testrg',
            clusters: [
              {
                name: 'mykustocluster',
                location: 'Central US',
                databases: [
                  {
                    name: 'estatedb',
                    tables: ['Telemetry', 'StormEvents', 'BlobLogs', 'CosmosChanges'].map((name) => ({ name })),
                    dataConnections: [
                      IGNORED,
                      ...ESTATE.flatMap((c): SeedDataConnection[] => (c.live ? [{ name: c.name, kind: c.kind, properties: c.live }] : [])),
                    ],
                  },
                ],
              },
            ],
            eventHubNamespaces: [{ name: 'myeventhubns', eventHubs: [{ name: 'telemetry', consumerGroups: groups }, { name: 'blobevents', consumerGroups: groups }] }],
            iotHubs: [{ name: 'myhub', consumerGroups: groups, sharedAccessPolicies: ['iothubforread'] }],
            storageAccounts: [{ name: 'mystorageaccount' }],
            cosmosDbAccounts: [{ name: 'mycosmosaccount', databases: [{ name: 'telemetrydb', containers: ['events'] }] }],
            userAssignedIdentities: [{ name: 'kustodian-identity' }],
          },
        ],
      },
    ],
  };
}

function yamlDocument(c: EstateConnection, declared: Props): string {
  const spec = Object.entries(declared).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return ['apiVersion: kustodian.io/v1', `kind: ${MANIFEST_KIND[c.kind]}`, 'metadata:', `  name: ${c.name}`, 'spec:', ...spec, ''].join('\n');
}

/** Writes the estate's manifests under `dir/<root>` (default `manifests`); `change` edits a connection's declared properties. */
export function writeEstateManifests(dir: string, options: { root?: string; change?: (c: EstateConnection, declared: Props) => Props } = {}): string {
  const root = join(dir, options.root ?? 'manifests');
  mkdirSync(join(root, 'estatedb'), { recursive: true });
  writeFileSync(
    join(root, 'defaults.yaml'),
    `apiVersion: kustodian.io/v1\nkind: Defaults\nmetadata:\n  subscriptionId: ${SUB}\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: estatedb\nspec:\n  location: Central US\n`,
  );
  writeFileSync(join(root, 'estatedb', 'database.yaml'), 'apiVersion: kustodian.io/v1\nkind: ManagedDatabase\nmetadata:\n  database: estatedb\nspec:\n  prune: true\n  ignore: ["legacy-*"]\n');
  for (const c of ESTATE) {
    if (!c.declared) continue;
    const declared = options.change ? options.change(c, c.declared) : c.declared;
    writeFileSync(join(root, 'estatedb', `${c.name}.yaml`), yamlDocument(c, declared));
  }
  return options.root ?? 'manifests';
}

export interface EstateCheck {
  readonly connections: number;
  /** Declared (or ignored) but not live. */
  readonly lost: string[];
  /** Live twice, or a (hub, consumer group) pair read by two connections. */
  readonly duplicated: string[];
  /** Live but neither declared nor ignored (a prune that did not happen). */
  readonly extra: string[];
  readonly notSucceeded: string[];
  /** The ignored connection is no longer exactly as seeded. */
  readonly ignoredTouched: boolean;
}

/**
 * Nothing lost, nothing twice: every declared connection and the ignored one are live exactly
 * once (names compare case-insensitively, as Azure's do), provisioned, and no (hub, consumer
 * group) pair feeds two connections.
 */
export function checkEstate(emu: RunningEmulator, declared: readonly string[] = DECLARED_NAMES): EstateCheck {
  const live = emu.control.listDataConnections(ESTATE_DB);
  const names = live.map((c) => (c.name.split('/').pop() ?? c.name).toLowerCase());
  const expected = [...declared, IGNORED.name].map((n) => n.toLowerCase());
  const count = (n: string): number => names.filter((x) => x === n).length;
  const pairs = live.flatMap((c) => {
    const hub = c.properties['eventHubResourceId'] ?? c.properties['iotHubResourceId'];
    return typeof hub === 'string' ? [`${hub.toLowerCase()}|${String(c.properties['consumerGroup']).toLowerCase()}`] : [];
  });
  const ignored = live.find((c) => c.name.toLowerCase().endsWith(`/${IGNORED.name}`));
  const seeded = Object.entries(IGNORED.properties ?? {});
  return {
    connections: live.length,
    lost: expected.filter((n) => count(n) === 0),
    duplicated: [...new Set([...names.filter((n) => count(n) > 1), ...pairs.filter((p, i) => pairs.indexOf(p) !== i)])],
    extra: names.filter((n) => !expected.includes(n)),
    notSucceeded: live.filter((c) => c.properties['provisioningState'] !== 'Succeeded').map((c) => c.name),
    ignoredTouched: ignored === undefined || seeded.some(([k, v]) => ignored.properties[k] !== v),
  };
}
