/**
 * The world built from a seed, indexed for case-insensitive lookups the way ARM resolves
 * names. Kusto table and mapping names are case-sensitive in Kusto itself, so those are not
 * folded. Read-only once built: loading a new seed builds a new world.
 */
import { createHash } from 'node:crypto';
import { findRegion, type Region } from '../arm/regions.js';
import { clusterId, type DatabaseAddress } from '../arm/ids.js';
import { kindFromName, parseMappingKind, type MappingKind } from '../dataplane/mapping-kinds.js';
import { findBuiltInRole, findSqlRole } from '../rbac/builtin-roles.js';
import {
  SeedError,
  type EmulatorSeed,
  type SeedCluster,
  type SeedCosmosDbAccount,
  type SeedDatabase,
  type SeedDataConnection,
  type SeedEventHubNamespace,
  type SeedIdentity,
  type SeedIotHub,
  type SeedPrincipal,
  type SeedResourceGroup,
  type SeedDenyAssignment,
  type SeedDenyPrincipal,
  type SeedRoleAssignment,
  type SeedSubscription,
} from './seed.js';

export interface MappingNode {
  readonly name: string;
  readonly kind: MappingKind;
  /** The mapping's JSON text. */
  readonly mapping: string;
}

export interface TableNode {
  readonly name: string;
  readonly folder: string;
  readonly docString: string;
  /** By name (case-sensitive, as in Kusto). */
  readonly mappings: ReadonlyMap<string, MappingNode>;
  /** Data the table holds when the seed loads: extents of rows, each created at `at` (epoch ms; absent: at load). */
  readonly extents: readonly { readonly rows: number; readonly at?: number }[];
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
  /** The user-assigned identities the cluster carries (besides its system-assigned one). */
  readonly userAssignedIdentities: readonly IdentityNode[];
  readonly databases: ReadonlyMap<string, DatabaseNode>;
}

export interface IdentityNode {
  readonly name: string;
  /** Its resource ID. */
  readonly id: string;
  /** Object ID: what role assignments name. */
  readonly principalId: string;
  /** Application (client) ID. */
  readonly clientId: string;
  readonly region: Region;
}

export interface NamedSet {
  readonly name: string;
  /** Members by lower-cased name, each in the seed's casing. */
  readonly members: ReadonlyMap<string, string>;
}

export interface EventHubNode extends NamedSet {
  readonly partitionCount: number;
}

export interface EventHubNamespaceNode {
  readonly name: string;
  readonly region: Region;
  readonly hubs: ReadonlyMap<string, EventHubNode>;
}

export interface SharedAccessPolicyNode {
  readonly name: string;
  readonly rights: string;
}

export interface IotHubNode {
  readonly name: string;
  readonly region: Region;
  /** By lower-cased name, each in the seed's casing. */
  readonly consumerGroups: ReadonlyMap<string, string>;
  readonly sharedAccessPolicies: ReadonlyMap<string, SharedAccessPolicyNode>;
}

export interface StorageAccountNode extends NamedSet {
  readonly region: Region;
}

export interface SqlRoleAssignmentNode {
  readonly name: string;
  /** The SQL role definition's GUID. */
  readonly roleDefinitionId: string;
  /** Relative to the account: `/`, `/dbs/{db}`, `/dbs/{db}/colls/{container}`. */
  readonly scope: string;
  readonly principalId: string;
}

export interface CosmosDbAccountNode {
  readonly name: string;
  readonly region: Region;
  readonly databases: ReadonlyMap<string, NamedSet>;
  readonly sqlRoleAssignments: readonly SqlRoleAssignmentNode[];
}

export interface ResourceGroupNode {
  readonly name: string;
  readonly clusters: ReadonlyMap<string, ClusterNode>;
  readonly eventHubNamespaces: ReadonlyMap<string, EventHubNamespaceNode>;
  readonly iotHubs: ReadonlyMap<string, IotHubNode>;
  readonly storageAccounts: ReadonlyMap<string, StorageAccountNode>;
  readonly cosmosDbAccounts: ReadonlyMap<string, CosmosDbAccountNode>;
  readonly identities: ReadonlyMap<string, IdentityNode>;
}

/** An Azure role assignment, resolved: the role is a built-in role's GUID. */
export interface RoleAssignmentNode {
  readonly name: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly condition?: string;
  readonly conditionVersion?: string;
}

/** A principal of a deny assignment, resolved to its object ID. */
export interface DenyPrincipalNode {
  readonly id: string;
  readonly type: string;
}

/** An Azure deny assignment, resolved. */
export interface DenyAssignmentNode {
  readonly name: string;
  readonly scope: string;
  readonly denyAssignmentName: string;
  readonly description: string;
  readonly permissions: { readonly actions: readonly string[]; readonly notActions: readonly string[]; readonly dataActions: readonly string[]; readonly notDataActions: readonly string[] };
  readonly principals: readonly DenyPrincipalNode[];
  readonly excludePrincipals: readonly DenyPrincipalNode[];
  readonly doNotApplyToChildScopes: boolean;
  readonly condition?: string;
  readonly conditionVersion?: string;
}

export interface SubscriptionNode {
  readonly id: string;
  readonly resourceGroups: ReadonlyMap<string, ResourceGroupNode>;
  readonly roleAssignments: readonly RoleAssignmentNode[];
  readonly denyAssignments: readonly DenyAssignmentNode[];
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

/** Members by lower-cased name: the `always` ones first, each in the seed's casing when it lists it too. */
function lowerSet(values: readonly string[] | undefined, always: readonly string[] = []): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of [...always, ...(values ?? [])]) map.set(v.toLowerCase(), v);
  return map;
}

function regionOr(location: string | undefined, fallback: Region, where: string): Region {
  if (location === undefined) return fallback;
  const region = findRegion(location);
  if (region === undefined) throw new SeedError(`seed: ${where}: unknown location '${location}'`);
  return region;
}

/** A GUID-shaped name derived from what makes an assignment unique. */
function derivedName(...parts: string[]): string {
  return derivedPrincipalId(parts.join('|'));
}

/** The object ID a seed principal names: given, a cluster's system identity, or a user-assigned identity of the subscription. */
function resolvePrincipal(p: SeedPrincipal, groups: readonly ResourceGroupNode[], where: string): string {
  if (p.principalId !== undefined) return p.principalId;
  for (const rg of groups) {
    if (p.cluster !== undefined) {
      const cl = rg.clusters.get(p.cluster.toLowerCase());
      if (cl !== undefined) return cl.principalId;
    }
    if (p.identity !== undefined) {
      const id = rg.identities.get(p.identity.toLowerCase());
      if (id !== undefined) return id.principalId;
    }
  }
  const what = p.cluster !== undefined ? `cluster '${p.cluster}'` : `user-assigned identity '${p.identity ?? ''}'`;
  throw new SeedError(`${where}: ${what} is not declared in this subscription`);
}

export function buildWorld(seed: EmulatorSeed): World {
  const subs = seed.subscriptions.map(subscriptionNode);
  const subscriptions = new Map<string, SubscriptionNode>();
  for (const s of subs) {
    const key = s.id.toLowerCase();
    if (subscriptions.has(key)) throw new SeedError(`seed: subscription '${s.id}' is declared twice`);
    subscriptions.set(key, s);
  }
  return { subscriptions };
}

/** A resource group built without its Cosmos DB accounts, which need all the subscription's groups to resolve principals. */
interface PartialGroup {
  readonly rg: SeedResourceGroup;
  readonly partial: ResourceGroupNode;
  /** The region its resources default to: its first cluster's. */
  readonly home: Region;
  readonly where: string;
}

function subscriptionNode(s: SeedSubscription): SubscriptionNode {
  const groups = (s.resourceGroups ?? []).map((rg) => partialResourceGroup(s.id, rg));
  const nodes = groups.map((g) => g.partial);
  const resourceGroups = groups.map(({ rg, partial, home, where }): ResourceGroupNode => ({
    ...partial,
    cosmosDbAccounts: byLowerName(
      (rg.cosmosDbAccounts ?? []).map((acc) => cosmosDbAccountNode(acc, home, where, nodes)),
      where,
    ),
  }));
  const node: SubscriptionNode = { id: s.id, resourceGroups: byLowerName(resourceGroups, `subscription ${s.id}`), roleAssignments: [], denyAssignments: [] };
  const roleAssignments = (s.roleAssignments ?? []).map((ra, i) => roleAssignmentNode(node, ra, `seed: subscription ${s.id}, roleAssignments[${i}]`));
  const denyAssignments = (s.denyAssignments ?? []).map((da, i) => denyAssignmentNode(node, da, `seed: subscription ${s.id}, denyAssignments[${i}]`));
  return { ...node, roleAssignments, denyAssignments };
}

function partialResourceGroup(subscription: string, rg: SeedResourceGroup): PartialGroup {
  const where = `subscription ${subscription}, resource group ${rg.name}`;
  const clusters = (rg.clusters ?? []).map((cl) => clusterNode(subscription, rg.name, cl));
  const home = clusters[0]?.region ?? DEFAULT_REGION;
  const namespaces = (rg.eventHubNamespaces ?? []).map((ns) => eventHubNamespaceNode(ns, home, where));
  const identities = (rg.userAssignedIdentities ?? []).map((uai) => identityNode(subscription, rg.name, uai, home, where));
  const identityMap = byLowerName(identities, where);
  attachIdentities(rg.clusters ?? [], clusters, identityMap, where);
  const partial: ResourceGroupNode = {
    name: rg.name,
    clusters: byLowerName(clusters, where),
    eventHubNamespaces: byLowerName(namespaces, where),
    iotHubs: byLowerName(
      (rg.iotHubs ?? []).map((h) => iotHubNode(h, home, where)),
      where,
    ),
    storageAccounts: byLowerName(
      (rg.storageAccounts ?? []).map((sa) => ({
        name: sa.name,
        region: regionOr(sa.location, home, `${where}, storage account ${sa.name}`),
        members: lowerSet(sa.eventGridSubscriptions),
      })),
      where,
    ),
    cosmosDbAccounts: new Map(),
    identities: identityMap,
  };
  return { rg, partial, home, where };
}

function clusterNode(subscription: string, resourceGroup: string, cl: SeedCluster): ClusterNode {
  const region = findRegion(cl.location);
  if (region === undefined) throw new SeedError(`seed: cluster ${cl.name}: unknown location '${cl.location}'`);
  const id = clusterId(subscription, resourceGroup, cl.name);
  const databases = new Map<string, DatabaseNode>();
  const node: ClusterNode = {
    subscription,
    resourceGroup,
    name: cl.name,
    id,
    region,
    principalId: cl.principalId ?? derivedPrincipalId(id),
    userAssignedIdentities: [],
    databases,
  };
  for (const db of cl.databases ?? []) {
    const key = db.name.toLowerCase();
    if (databases.has(key)) throw new SeedError(`seed: cluster ${cl.name}: database '${db.name}' is declared twice`);
    databases.set(key, {
      address: { subscription, resourceGroup, cluster: cl.name, database: db.name },
      cluster: node,
      tables: tableNodes(db),
      seedConnections: db.dataConnections ?? [],
    });
  }
  return node;
}

/** A database's tables by name (case-sensitive), each with its mappings. */
function tableNodes(db: SeedDatabase): Map<string, TableNode> {
  const tables = new Map<string, TableNode>();
  for (const t of db.tables ?? []) {
    const mappings = new Map<string, MappingNode>();
    for (const m of t.mappings ?? []) {
      const node = typeof m === 'string' ? { name: m, kind: kindFromName(m), mapping: '[]' } : mappingNode(m, `database ${db.name}, table ${t.name}`);
      mappings.set(node.name, node);
    }
    const extents = (t.extents ?? []).map((e) => ({ rows: e.rows, ...(e.ingestedAt !== undefined ? { at: Date.parse(e.ingestedAt) } : {}) }));
    tables.set(t.name, { name: t.name, folder: t.folder ?? '', docString: t.docString ?? '', mappings, extents });
  }
  return tables;
}

/** Gives each cluster the user-assigned identities its seed names, from its resource group. */
function attachIdentities(seedClusters: readonly SeedCluster[], clusters: readonly ClusterNode[], identities: ReadonlyMap<string, IdentityNode>, where: string): void {
  seedClusters.forEach((cl, i) => {
    const node = clusters[i];
    for (const name of cl.userAssignedIdentities ?? []) {
      const identity = identities.get(name.toLowerCase());
      if (identity === undefined) throw new SeedError(`seed: ${where}, cluster ${cl.name}: user-assigned identity '${name}' is not declared in this resource group`);
      (node?.userAssignedIdentities as IdentityNode[] | undefined)?.push(identity);
    }
  });
}

function eventHubNamespaceNode(ns: SeedEventHubNamespace, home: Region, where: string): EventHubNamespaceNode {
  return {
    name: ns.name,
    region: regionOr(ns.location, home, `${where}, namespace ${ns.name}`),
    hubs: byLowerName(
      (ns.eventHubs ?? []).map((h) => ({ name: h.name, members: lowerSet(h.consumerGroups, ['$Default']), partitionCount: h.partitionCount ?? 4 })),
      `${where}, namespace ${ns.name}`,
    ),
  };
}

function identityNode(subscription: string, resourceGroup: string, uai: SeedIdentity, home: Region, where: string): IdentityNode {
  const id = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${uai.name}`;
  return {
    name: uai.name,
    id,
    principalId: uai.principalId ?? derivedPrincipalId(id),
    clientId: uai.clientId ?? derivedPrincipalId(`client:${id}`),
    region: regionOr(uai.location, home, `${where}, user-assigned identity ${uai.name}`),
  };
}

function iotHubNode(h: SeedIotHub, home: Region, where: string): IotHubNode {
  return {
    name: h.name,
    region: regionOr(h.location, home, `${where}, IoT hub ${h.name}`),
    consumerGroups: lowerSet(h.consumerGroups, ['$Default']),
    sharedAccessPolicies: byLowerName(
      (h.sharedAccessPolicies ?? []).map((p) => (typeof p === 'string' ? { name: p, rights: defaultRights(p) } : { name: p.name, rights: p.rights ?? defaultRights(p.name) })),
      `${where}, IoT hub ${h.name}`,
    ),
  };
}

/** A Cosmos DB account; its SQL role assignments' principals resolve against every group of the subscription. */
function cosmosDbAccountNode(acc: SeedCosmosDbAccount, home: Region, where: string, groups: readonly ResourceGroupNode[]): CosmosDbAccountNode {
  return {
    name: acc.name,
    region: regionOr(acc.location, home, `${where}, Cosmos DB account ${acc.name}`),
    databases: byLowerName(
      (acc.databases ?? []).map((d) => ({ name: d.name, members: lowerSet(d.containers) })),
      `${where}, Cosmos DB account ${acc.name}`,
    ),
    sqlRoleAssignments: (acc.sqlRoleAssignments ?? []).map((ra, i) => {
      const at = `${where}, Cosmos DB account ${acc.name}, sqlRoleAssignments[${i}]`;
      if (findSqlRole(ra.roleDefinitionId) === undefined) {
        throw new SeedError(`seed: ${at}: unknown SQL role definition '${ra.roleDefinitionId}' (built-in: 00000000-0000-0000-0000-000000000001 reader, ...0002 contributor)`);
      }
      const principalId = resolvePrincipal(ra, groups, `seed: ${at}`);
      const scope = ra.scope ?? '/';
      return { name: ra.name ?? derivedName(acc.name, scope, ra.roleDefinitionId, principalId), roleDefinitionId: ra.roleDefinitionId.toLowerCase(), scope, principalId };
    }),
  };
}

/** Resolves a seed (or control API) role assignment in its subscription; a mistake throws SeedError starting with `where`. */
export function roleAssignmentNode(sub: SubscriptionNode, ra: SeedRoleAssignment, where: string): RoleAssignmentNode {
  const role = findBuiltInRole(ra.role);
  if (role === undefined) throw new SeedError(`${where}: unknown role '${ra.role}' (give a built-in role's name or GUID, see docs/emulator.md)`);
  if (!ra.scope.toLowerCase().startsWith(`/subscriptions/${sub.id.toLowerCase()}`)) {
    throw new SeedError(`${where}: scope '${ra.scope}' is not in subscription ${sub.id}`);
  }
  const principalId = resolvePrincipal(ra, [...sub.resourceGroups.values()], where);
  return {
    name: ra.name ?? derivedName(ra.scope.toLowerCase(), role.id, principalId),
    scope: ra.scope.replace(/\/+$/, ''),
    roleDefinitionId: role.id,
    principalId,
    principalType: ra.principalType ?? 'ServicePrincipal',
    ...(ra.condition !== undefined ? { condition: ra.condition, conditionVersion: ra.conditionVersion ?? '2.0' } : {}),
  };
}

/** The object ID by which a deny assignment names everyone. */
const EVERYONE = '00000000-0000-0000-0000-000000000000';

function denyPrincipal(p: SeedDenyPrincipal, groups: readonly ResourceGroupNode[], where: string): DenyPrincipalNode {
  const id = resolvePrincipal(p, groups, where);
  return { id, type: p.type ?? (id === EVERYONE ? 'SystemDefined' : 'ServicePrincipal') };
}

/** Resolves a seed (or control API) deny assignment in its subscription; a mistake throws SeedError starting with `where`. */
export function denyAssignmentNode(sub: SubscriptionNode, da: SeedDenyAssignment, where: string): DenyAssignmentNode {
  if (!da.scope.toLowerCase().startsWith(`/subscriptions/${sub.id.toLowerCase()}`)) throw new SeedError(`${where}: scope '${da.scope}' is not in subscription ${sub.id}`);
  const groups = [...sub.resourceGroups.values()];
  const principals = da.principals.map((p) => denyPrincipal(p, groups, where));
  return {
    name: da.name ?? derivedName('deny', da.scope.toLowerCase(), da.denyAssignmentName),
    scope: da.scope.replace(/\/+$/, ''),
    denyAssignmentName: da.denyAssignmentName,
    description: da.description ?? '',
    permissions: { actions: da.actions ?? [], notActions: da.notActions ?? [], dataActions: da.dataActions ?? [], notDataActions: da.notDataActions ?? [] },
    principals,
    excludePrincipals: (da.excludePrincipals ?? []).map((p) => denyPrincipal(p, groups, where)),
    doNotApplyToChildScopes: da.doNotApplyToChildScopes ?? false,
    ...(da.condition !== undefined ? { condition: da.condition, conditionVersion: da.conditionVersion ?? '2.0' } : {}),
  };
}

const DEFAULT_REGION: Region = findRegion('Central US') as Region;

/** IoT Hub's rights for its default policies (the listkeys example's), `ServiceConnect` for others. */
function defaultRights(policy: string): string {
  const known: Readonly<Record<string, string>> = {
    iothubowner: 'RegistryWrite, ServiceConnect, DeviceConnect',
    service: 'ServiceConnect',
    device: 'DeviceConnect',
    registryread: 'RegistryRead',
    registryreadwrite: 'RegistryWrite',
  };
  return known[policy.toLowerCase()] ?? 'ServiceConnect';
}

function mappingNode(m: { readonly name: string; readonly kind: string; readonly mapping?: string }, where: string): MappingNode {
  const kind = parseMappingKind(m.kind);
  if (kind === undefined) throw new SeedError(`seed: ${where}, mapping ${m.name}: unknown kind '${m.kind}' (Csv, Json, Avro, ApacheAvro, Parquet, Orc, W3CLogFile)`);
  return { name: m.name, kind, mapping: m.mapping ?? '[]' };
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
