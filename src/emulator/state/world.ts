/**
 * The world built from a seed, indexed for case-insensitive lookups the way ARM resolves
 * names. Kusto table and mapping names are case-sensitive in Kusto itself, so those are not
 * folded. Read-only once built: loading a new seed builds a new world.
 */
import { createHash } from 'node:crypto';
import { findRegion, type Region } from '../arm/regions.js';
import { clusterId, type DatabaseAddress } from '../arm/ids.js';
import { SeedError, type EmulatorSeed, type SeedDataConnection } from './seed.js';

export interface TableNode {
  readonly name: string;
  readonly mappings: ReadonlySet<string>;
}

export interface DatabaseNode {
  readonly address: DatabaseAddress;
  readonly cluster: ClusterNode;
  /** Case-sensitive, as in Kusto. */
  readonly tables: ReadonlyMap<string, TableNode>;
  readonly seedConnections: readonly SeedDataConnection[];
}

export interface ClusterNode {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly id: string;
  readonly region: Region;
  readonly principalId: string;
  readonly databases: ReadonlyMap<string, DatabaseNode>;
}

export interface NamedSet {
  readonly name: string;
  /** Lower-cased members. */
  readonly members: ReadonlySet<string>;
}

export interface EventHubNamespaceNode {
  readonly name: string;
  readonly hubs: ReadonlyMap<string, NamedSet>;
}

export interface IotHubNode {
  readonly name: string;
  readonly consumerGroups: ReadonlySet<string>;
  readonly sharedAccessPolicies: ReadonlySet<string>;
}

export interface CosmosDbAccountNode {
  readonly name: string;
  readonly databases: ReadonlyMap<string, NamedSet>;
}

export interface ResourceGroupNode {
  readonly name: string;
  readonly clusters: ReadonlyMap<string, ClusterNode>;
  readonly eventHubNamespaces: ReadonlyMap<string, EventHubNamespaceNode>;
  readonly iotHubs: ReadonlyMap<string, IotHubNode>;
  readonly storageAccounts: ReadonlyMap<string, NamedSet>;
  readonly cosmosDbAccounts: ReadonlyMap<string, CosmosDbAccountNode>;
  readonly identities: ReadonlyMap<string, { readonly name: string; readonly principalId: string }>;
}

export interface SubscriptionNode {
  readonly id: string;
  readonly resourceGroups: ReadonlyMap<string, ResourceGroupNode>;
}

export interface World {
  readonly subscriptions: ReadonlyMap<string, SubscriptionNode>;
}

/** A stable GUID-shaped object ID for an identity that the seed gave none. */
export function derivedPrincipalId(resourceId: string): string {
  const h = createHash('sha256').update(resourceId.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function byLowerName<T extends { readonly name: string }>(items: readonly T[], where: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    if (map.has(key)) throw new SeedError(`seed: ${where}: '${item.name}' is declared twice`);
    map.set(key, item);
  }
  return map;
}

function lowerSet(values: readonly string[] | undefined, always: readonly string[] = []): Set<string> {
  return new Set([...always, ...(values ?? [])].map((v) => v.toLowerCase()));
}

export function buildWorld(seed: EmulatorSeed): World {
  const subs = seed.subscriptions.map((s): SubscriptionNode => {
    const groups = (s.resourceGroups ?? []).map((rg): ResourceGroupNode => {
      const where = `subscription ${s.id}, resource group ${rg.name}`;
      const clusters = (rg.clusters ?? []).map((cl): ClusterNode => {
        const region = findRegion(cl.location);
        if (region === undefined) throw new SeedError(`seed: cluster ${cl.name}: unknown location '${cl.location}'`);
        const id = clusterId(s.id, rg.name, cl.name);
        const databases = new Map<string, DatabaseNode>();
        const node: ClusterNode = {
          subscription: s.id,
          resourceGroup: rg.name,
          name: cl.name,
          id,
          region,
          principalId: cl.principalId ?? derivedPrincipalId(id),
          databases,
        };
        for (const db of cl.databases ?? []) {
          const key = db.name.toLowerCase();
          if (databases.has(key)) throw new SeedError(`seed: cluster ${cl.name}: database '${db.name}' is declared twice`);
          const tables = new Map<string, TableNode>();
          for (const t of db.tables ?? []) tables.set(t.name, { name: t.name, mappings: new Set(t.mappings ?? []) });
          databases.set(key, {
            address: { subscription: s.id, resourceGroup: rg.name, cluster: cl.name, database: db.name },
            cluster: node,
            tables,
            seedConnections: db.dataConnections ?? [],
          });
        }
        return node;
      });
      const namespaces = (rg.eventHubNamespaces ?? []).map((ns) => ({
        name: ns.name,
        hubs: byLowerName(
          (ns.eventHubs ?? []).map((h) => ({ name: h.name, members: lowerSet(h.consumerGroups, ['$Default']) })),
          `${where}, namespace ${ns.name}`,
        ),
      }));
      const identities = (rg.userAssignedIdentities ?? []).map((id) => ({
        name: id.name,
        principalId:
          id.principalId ??
          derivedPrincipalId(
            `/subscriptions/${s.id}/resourceGroups/${rg.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${id.name}`,
          ),
      }));
      return {
        name: rg.name,
        clusters: byLowerName(clusters, where),
        eventHubNamespaces: byLowerName(namespaces, where),
        iotHubs: byLowerName(
          (rg.iotHubs ?? []).map((h) => ({
            name: h.name,
            consumerGroups: lowerSet(h.consumerGroups, ['$Default']),
            sharedAccessPolicies: lowerSet(h.sharedAccessPolicies),
          })),
          where,
        ),
        storageAccounts: byLowerName(
          (rg.storageAccounts ?? []).map((sa) => ({ name: sa.name, members: lowerSet(sa.eventGridSubscriptions) })),
          where,
        ),
        cosmosDbAccounts: byLowerName(
          (rg.cosmosDbAccounts ?? []).map((acc) => ({
            name: acc.name,
            databases: byLowerName(
              (acc.databases ?? []).map((d) => ({ name: d.name, members: lowerSet(d.containers) })),
              `${where}, Cosmos DB account ${acc.name}`,
            ),
          })),
          where,
        ),
        identities: byLowerName(identities, where),
      };
    });
    return { id: s.id, resourceGroups: byLowerName(groups, `subscription ${s.id}`) };
  });
  const subscriptions = new Map<string, SubscriptionNode>();
  for (const s of subs) {
    const key = s.id.toLowerCase();
    if (subscriptions.has(key)) throw new SeedError(`seed: subscription '${s.id}' is declared twice`);
    subscriptions.set(key, s);
  }
  return { subscriptions };
}

export function findResourceGroup(world: World, sub: string, rg: string): ResourceGroupNode | undefined {
  return world.subscriptions.get(sub.toLowerCase())?.resourceGroups.get(rg.toLowerCase());
}

/** Every database of the world, in seed order. */
export function* allDatabases(world: World): Generator<DatabaseNode> {
  for (const sub of world.subscriptions.values()) {
    for (const rg of sub.resourceGroups.values()) {
      for (const cl of rg.clusters.values()) yield* cl.databases.values();
    }
  }
}
