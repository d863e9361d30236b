/**
 * Generated estates for the benchmarks: N connections over D databases (and S subscriptions),
 * all four kinds in turn, as a manifest tree (one file per connection, a Defaults document per
 * database), as the emulator seed that makes them valid, and as the live state the service
 * would answer for them (a given share in sync, drifted, or missing).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseAddress } from '../src/core/address.js';
import type { LiveConnection, LiveDatabase, Properties } from '../src/core/model.js';
import type { EmulatorSeed } from '../src/emulator/index.js';

export interface EstateSpec {
  readonly connections: number;
  readonly databases: number;
  readonly subscriptions: number;
}

export interface EstateConnection {
  readonly db: DatabaseAddress;
  readonly name: string;
  readonly kind: 'EventHub' | 'IotHub' | 'EventGrid' | 'CosmosDb';
  readonly properties: Properties;
}

const KINDS = ['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'] as const;

function subscriptionId(i: number): string {
  return `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
}

export function databases(spec: EstateSpec): DatabaseAddress[] {
  return Array.from({ length: spec.databases }, (_, d) => ({
    subscriptionId: subscriptionId(d % spec.subscriptions),
    resourceGroup: 'benchrg',
    cluster: `cluster${Math.floor(d / 50)}`,
    database: `db${d}`,
  }));
}

function rg(sub: string): string {
  return `/subscriptions/${sub}/resourceGroups/benchrg/providers`;
}

export function connections(spec: EstateSpec): EstateConnection[] {
  const dbs = databases(spec);
  return Array.from({ length: spec.connections }, (_, i) => {
    const db = dbs[i % dbs.length] as DatabaseAddress;
    const kind = KINDS[i % KINDS.length] ?? 'EventHub';
    const base = rg(db.subscriptionId);
    const cg = `cg${i}`;
    const props: Record<Kind, Properties> = {
      EventHub: { eventHubResourceId: `${base}/Microsoft.EventHub/namespaces/benchns/eventhubs/hub0`, consumerGroup: cg, tableName: 'Events', mappingRuleName: 'Events_JSON', dataFormat: 'JSON' },
      IotHub: { iotHubResourceId: `${base}/Microsoft.Devices/IotHubs/benchhub`, consumerGroup: cg, sharedAccessPolicyName: 'reader', tableName: 'Events', dataFormat: 'JSON' },
      EventGrid: { storageAccountResourceId: `${base}/Microsoft.Storage/storageAccounts/benchsa`, eventHubResourceId: `${base}/Microsoft.EventHub/namespaces/benchns/eventhubs/hub1`, consumerGroup: cg, tableName: 'Events', dataFormat: 'CSV' },
      CosmosDb: { cosmosDbAccountResourceId: `${base}/Microsoft.DocumentDB/databaseAccounts/benchcosmos`, cosmosDbDatabase: 'db', cosmosDbContainer: `c${i}`, tableName: 'Events', managedIdentityResourceId: `${base}/Microsoft.ManagedIdentity/userAssignedIdentities/benchid` },
    };
    return { db, name: `conn-${i}`, kind, properties: props[kind] };
  });
}
type Kind = EstateConnection['kind'];

const MANIFEST_KIND: Record<Kind, string> = {
  EventHub: 'EventHubDataConnection',
  IotHub: 'IotHubDataConnection',
  EventGrid: 'EventGridDataConnection',
  CosmosDb: 'CosmosDbDataConnection',
};

function yamlScalar(v: Properties[string]): string {
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
  return JSON.stringify(v);
}

/** Writes the manifest tree under `dir`: `<db>/defaults.yaml` and one file per connection. */
export function writeManifests(spec: EstateSpec, dir: string): number {
  for (const db of databases(spec)) {
    const d = join(dir, db.subscriptionId, db.database);
    mkdirSync(d, { recursive: true });
    writeFileSync(
      join(d, 'defaults.yaml'),
      `apiVersion: kustodian.io/v1\nkind: Defaults\nmetadata:\n  subscriptionId: ${db.subscriptionId}\n  resourceGroup: ${db.resourceGroup}\n  cluster: ${db.cluster}\n  database: ${db.database}\nspec:\n  location: West Europe\n`,
    );
  }
  let files = 0;
  for (const c of connections(spec)) {
    const spec = Object.entries(c.properties).map(([k, v]) => `  ${k}: ${yamlScalar(v)}`).join('\n');
    writeFileSync(join(dir, c.db.subscriptionId, c.db.database, `${c.name}.yaml`), `apiVersion: kustodian.io/v1\nkind: ${MANIFEST_KIND[c.kind]}\nmetadata:\n  name: ${c.name}\nspec:\n${spec}\n`);
    files += 1;
  }
  return files;
}

/**
 * The live state as the service answers it for this estate: PascalCase IDs, display-name
 * location, defaults filled in. Every `driftEvery`-th connection has drifted (dataFormat) and
 * every `missingEvery`-th does not exist.
 */
export function liveState(spec: EstateSpec, driftEvery = 20, missingEvery = 20): LiveDatabase[] {
  const byDb = new Map<string, LiveConnection[]>();
  const dbs = databases(spec);
  for (const db of dbs) byDb.set(db.database, []);
  connections(spec).forEach((c, i) => {
    if (i % missingEvery === missingEvery - 1) return;
    const props: Record<string, Properties[string]> = { ...c.properties, provisioningState: 'Succeeded' };
    for (const [k, v] of Object.entries(props)) if (k.endsWith('ResourceId') && typeof v === 'string') props[k] = v.replace('/providers/', '/PROVIDERS/');
    if (c.kind !== 'CosmosDb') props['databaseRouting'] = 'Single';
    if (c.kind === 'EventHub') props['compression'] = 'None';
    if (c.kind === 'EventHub' || c.kind === 'IotHub') props['eventSystemProperties'] = [];
    if (c.kind === 'EventGrid') Object.assign(props, { ignoreFirstRecord: false, blobStorageEventType: 'Microsoft.Storage.BlobCreated' });
    if (c.kind !== 'EventGrid') props['retrievalStartDate'] = '2026-01-01T00:00:00.0000000Z';
    if (i % driftEvery === 0 && c.kind !== 'CosmosDb') props['dataFormat'] = 'TSV';
    byDb.get(c.db.database)?.push({
      address: { ...c.db, name: c.name },
      id: `/subscriptions/${c.db.subscriptionId}/resourceGroups/${c.db.resourceGroup}/providers/Microsoft.Kusto/Clusters/${c.db.cluster}/Databases/${c.db.database}/DataConnections/${c.name}`,
      kind: c.kind,
      location: 'West Europe',
      properties: props,
    });
  });
  return dbs.map((db) => ({ address: db, connections: byDb.get(db.database) ?? [] }));
}

/** The emulator world in which every connection of the estate is valid (none exists yet). */
export function seed(spec: EstateSpec): EmulatorSeed {
  const subs = new Map<string, DatabaseAddress[]>();
  for (const db of databases(spec)) subs.set(db.subscriptionId, [...(subs.get(db.subscriptionId) ?? []), db]);
  // Each subscription holds the consumer groups and containers of its own connections only.
  const used = new Map<string, { groups: string[]; containers: string[] }>();
  for (const [i, c] of connections(spec).entries()) {
    const u = used.get(c.db.subscriptionId) ?? { groups: ['$Default'], containers: [] };
    u.groups.push(`cg${i}`);
    u.containers.push(`c${i}`);
    used.set(c.db.subscriptionId, u);
  }
  const world = {
    subscriptions: [...subs.entries()].map(([id, dbs]) => {
      const { groups, containers } = used.get(id) ?? { groups: ['$Default'], containers: [] };
      const clusters = new Map<string, string[]>();
      for (const db of dbs) clusters.set(db.cluster, [...(clusters.get(db.cluster) ?? []), db.database]);
      return {
        id,
        resourceGroups: [
          {
            name: 'benchrg',
            clusters: [...clusters.entries()].map(([name, names]) => ({
              name,
              location: 'West Europe',
              databases: names.map((n) => ({ name: n, tables: [{ name: 'Events', mappings: ['Events_JSON'] }] })),
            })),
            eventHubNamespaces: [{ name: 'benchns', eventHubs: [{ name: 'hub0', consumerGroups: groups }, { name: 'hub1', consumerGroups: groups }] }],
            iotHubs: [{ name: 'benchhub', consumerGroups: groups, sharedAccessPolicies: ['reader'] }],
            storageAccounts: [{ name: 'benchsa', eventGridSubscriptions: [] }],
            cosmosDbAccounts: [{ name: 'benchcosmos', databases: [{ name: 'db', containers }] }],
            userAssignedIdentities: [{ name: 'benchid' }],
          },
        ],
      };
    }),
  };
  return world as unknown as EmulatorSeed;
}

/**
 * One run's inputs, the same for kustodian and its peers: the manifests under `dir/manifests`
 * and the connections the peer scripts create or read, in `dir/connections.json`.
 */
export function writeRunInputs(spec: EstateSpec, dir: string): { manifests: string; peerFile: string; all: EstateConnection[] } {
  const manifests = join(dir, 'manifests');
  mkdirSync(manifests);
  writeManifests(spec, manifests);
  const all = connections(spec);
  const peerFile = join(dir, 'connections.json');
  writeFileSync(peerFile, JSON.stringify(all.map((c) => ({ ...c.db, name: c.name, kind: c.kind, location: 'West Europe', properties: c.properties }))));
  return { manifests, peerFile, all };
}
