/**
 * The seed: the world the emulator validates against (subscriptions, resource groups, Kusto
 * clusters and databases with their tables and mappings, the event sources and identities
 * that data connections may reference) and, optionally, data connections that already exist.
 * Written in YAML or JSON; checked here so that a mistake names its place in the file.
 */
import { readFileSync } from 'node:fs';
import { inert } from '../format/inert.js';
import { parse as parseYaml } from 'yaml';
import { isObject } from '../format/json.js';

export interface EmulatorSeed {
  readonly subscriptions: readonly SeedSubscription[];
}

export interface SeedSubscription {
  readonly id: string;
  readonly resourceGroups?: readonly SeedResourceGroup[];
  /** Azure role assignments at any scope of the subscription (see rbac/). */
  readonly roleAssignments?: readonly SeedRoleAssignment[];
  /** Azure deny assignments at any scope of the subscription (see rbac/deny-assignments.ts). */
  readonly denyAssignments?: readonly SeedDenyAssignment[];
}

/**
 * Who holds a role: exactly one of an object ID, a cluster's system-assigned identity (by
 * cluster name, in this subscription) or a user-assigned identity (by name, in this subscription).
 */
export interface SeedPrincipal {
  readonly principalId?: string;
  readonly cluster?: string;
  readonly identity?: string;
}

export interface SeedRoleAssignment extends SeedPrincipal {
  /** A resource ID in this subscription (`/subscriptions/{id}`, a resource group, a resource). */
  readonly scope: string;
  /** A built-in role's name (`Azure Event Hubs Data Receiver`) or its GUID. */
  readonly role: string;
  /** The assignment's name (a GUID); derived when absent. */
  readonly name?: string;
  /** `ServicePrincipal` (default), `User` or `Group`. */
  readonly principalType?: string;
  /** An ABAC condition (e.g. `@Resource[...] StringEquals 'x'`); answered as is, never evaluated. */
  readonly condition?: string;
  /** `2.0` when a condition is given. */
  readonly conditionVersion?: string;
}

/** A principal a deny assignment names or excludes: who (as for role assignments) and its type. */
export interface SeedDenyPrincipal extends SeedPrincipal {
  /** `ServicePrincipal` (default), `User`, `Group`; `SystemDefined` for everyone (principalId 00000000-0000-0000-0000-000000000000). */
  readonly type?: string;
}

/** A deny assignment: what Azure creates for deployment stacks, managed applications and Blueprints. */
export interface SeedDenyAssignment {
  /** A resource ID in this subscription. */
  readonly scope: string;
  /** Its display name. */
  readonly denyAssignmentName: string;
  /** The assignment's name (a GUID); derived when absent. */
  readonly name?: string;
  readonly description?: string;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions?: readonly string[];
  readonly notDataActions?: readonly string[];
  /** Whom it denies; `principalId: 00000000-0000-0000-0000-000000000000` is everyone. */
  readonly principals: readonly SeedDenyPrincipal[];
  readonly excludePrincipals?: readonly SeedDenyPrincipal[];
  readonly doNotApplyToChildScopes?: boolean;
  readonly condition?: string;
  readonly conditionVersion?: string;
}

export interface SeedResourceGroup {
  readonly name: string;
  readonly clusters?: readonly SeedCluster[];
  readonly eventHubNamespaces?: readonly SeedEventHubNamespace[];
  readonly iotHubs?: readonly SeedIotHub[];
  readonly storageAccounts?: readonly SeedStorageAccount[];
  readonly cosmosDbAccounts?: readonly SeedCosmosDbAccount[];
  readonly userAssignedIdentities?: readonly SeedIdentity[];
}

export interface SeedCluster {
  readonly name: string;
  /** Any spelling of an Azure region: `Central US`, `centralus`. */
  readonly location: string;
  /** Object ID of the cluster's system-assigned identity (derived from the ID when absent). */
  readonly principalId?: string;
  /** Names of user-assigned identities of the same resource group the cluster carries. */
  readonly userAssignedIdentities?: readonly string[];
  readonly databases?: readonly SeedDatabase[];
}

export interface SeedDatabase {
  readonly name: string;
  readonly tables?: readonly SeedTable[];
  readonly dataConnections?: readonly SeedDataConnection[];
}

export interface SeedTable {
  readonly name: string;
  /**
   * Ingestion mappings of the table: `{ name, kind }` (kind `Csv`, `Json`, `Avro`, `ApacheAvro`,
   * `Parquet`, `Orc`, `W3CLogFile`), or a bare name whose kind is read from a format word in
   * it (`X_CSV_Mapping` → Csv; `Json` when it names none).
   */
  readonly mappings?: readonly (string | SeedMapping)[];
  readonly folder?: string;
  readonly docString?: string;
  /** Data the table already holds: extents of `rows` rows ingested at `ingestedAt` (ISO; default: when the seed loads). */
  readonly extents?: readonly SeedExtent[];
}

export interface SeedExtent {
  /** 1 or more. */
  readonly rows: number;
  readonly ingestedAt?: string;
}

export interface SeedMapping {
  readonly name: string;
  readonly kind: string;
  /** The mapping's JSON text; default `[]`. */
  readonly mapping?: string;
}

/** A data connection that exists when the emulator starts: taken as written, not validated against the world. */
export interface SeedDataConnection {
  readonly name: string;
  readonly kind: string;
  /** Defaults to the cluster's location. */
  readonly location?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  /** ISO time; defaults to the moment the seed is loaded. */
  readonly createdAt?: string;
}

export interface SeedEventHubNamespace {
  readonly name: string;
  /** Default: the location of the resource group's first cluster, else Central US. */
  readonly location?: string;
  readonly eventHubs?: readonly SeedEventHub[];
}

export interface SeedEventHub {
  readonly name: string;
  /** `$Default` always exists, listed or not. */
  readonly consumerGroups?: readonly string[];
  /** Default 4. */
  readonly partitionCount?: number;
  /** Nothing is sent to it: its connections receive no data (dataplane/ingestion.ts). Default false. */
  readonly idle?: boolean;
}

export interface SeedIotHub {
  readonly name: string;
  readonly location?: string;
  readonly consumerGroups?: readonly string[];
  /** Names, or `{ name, rights }` (rights as IoT Hub spells them: `ServiceConnect, RegistryRead`). */
  readonly sharedAccessPolicies?: readonly (string | SeedSharedAccessPolicy)[];
  /** No device sends: its connections receive no data. Default false. */
  readonly idle?: boolean;
}

export interface SeedSharedAccessPolicy {
  readonly name: string;
  readonly rights?: string;
}

export interface SeedStorageAccount {
  readonly name: string;
  readonly location?: string;
  /** Event Grid subscriptions on the storage account (names). */
  readonly eventGridSubscriptions?: readonly string[];
  /** No blob is written: its Event Grid connections receive no data. Default false. */
  readonly idle?: boolean;
}

export interface SeedCosmosDbAccount {
  readonly name: string;
  readonly location?: string;
  readonly databases?: readonly { readonly name: string; readonly containers?: readonly string[] }[];
  /** Cosmos DB data-plane (SQL) role assignments on the account. */
  readonly sqlRoleAssignments?: readonly SeedSqlRoleAssignment[];
  /** No item changes: its connections receive no data. Default false. */
  readonly idle?: boolean;
}

export interface SeedSqlRoleAssignment extends SeedPrincipal {
  /** A SQL role definition's GUID: `00000000-0000-0000-0000-000000000001` (Cosmos DB Built-in Data Reader) or `...0002` (Contributor). */
  readonly roleDefinitionId: string;
  /** Relative to the account: `/` (default), `/dbs/{db}`, `/dbs/{db}/colls/{container}`. */
  readonly scope?: string;
  readonly name?: string;
}

export interface SeedIdentity {
  readonly name: string;
  readonly principalId?: string;
  readonly clientId?: string;
  readonly location?: string;
}

export class SeedError extends Error {
  /** The message quotes the seed's own text (names, paths, parser messages): made inert here, once for all. */
  constructor(message: string) {
    super(inert(message));
    this.name = 'SeedError';
  }
}

/** Reads a seed file (`.json`, else YAML) and checks it. */
export function readSeedFile(path: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SeedError(`cannot read seed file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseSeedText(text, path);
}

/** Parses YAML or JSON text (JSON is YAML) and checks it; `source` names it in errors. */
export function parseSeedText(text: string, source = 'seed'): EmulatorSeed {
  let value: unknown;
  try {
    value = parseYaml(text, { logLevel: 'error' });
  } catch (err) {
    throw new SeedError(`${source}: not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return checkSeed(value, source);
}

/** Checks the shape of a seed value; every error names the path of the offending field. */
export function checkSeed(value: unknown, source = 'seed'): EmulatorSeed {
  const c = new Checker(source);
  const root = c.object(value, '');
  c.list(root, 'subscriptions', '', (sub, p) => checkSubscription(c, sub, p));
  if (root['subscriptions'] === undefined) throw new SeedError(`${source}: 'subscriptions' is required`);
  // Every field the emulator reads was checked above; the rest is ignored.
  return root as unknown as EmulatorSeed;
}

function checkSubscription(c: Checker, sub: Obj, p: string): void {
  c.string(sub, 'id', p);
  c.list(sub, 'resourceGroups', p, (rg, p2) => checkResourceGroup(c, rg, p2));
  c.list(sub, 'roleAssignments', p, (ra, p2) => {
    c.principal(ra, p2);
    c.string(ra, 'scope', p2);
    c.string(ra, 'role', p2);
    c.optionalString(ra, 'name', p2);
    c.optionalString(ra, 'principalType', p2);
    c.optionalString(ra, 'condition', p2);
    c.optionalString(ra, 'conditionVersion', p2);
  });
  c.list(sub, 'denyAssignments', p, (da, p2) => checkDenyAssignment(c, da, p2));
}

/** A deny assignment given alone (the control API's), checked as the seed's are. */
export function checkDenyAssignmentSpec(value: unknown, source: string): SeedDenyAssignment {
  const c = new Checker(source);
  checkDenyAssignment(c, c.object(value, ''), '');
  return value as SeedDenyAssignment;
}

function checkDenyAssignment(c: Checker, da: Obj, p: string): void {
  c.string(da, 'scope', p);
  c.string(da, 'denyAssignmentName', p);
  for (const k of ['name', 'description', 'condition', 'conditionVersion']) c.optionalString(da, k, p);
  for (const k of ['actions', 'notActions', 'dataActions', 'notDataActions']) c.stringList(da, k, p);
  if (da['doNotApplyToChildScopes'] !== undefined && typeof da['doNotApplyToChildScopes'] !== 'boolean') c.fail(join(p, 'doNotApplyToChildScopes'), 'must be true or false');
  if (!Array.isArray(da['principals']) || da['principals'].length === 0) c.fail(join(p, 'principals'), 'must be a list of one or more principals');
  for (const key of ['principals', 'excludePrincipals']) {
    c.list(da, key, p, (pr, p2) => {
      c.principal(pr, p2);
      c.optionalString(pr, 'type', p2);
    });
  }
}

function checkResourceGroup(c: Checker, rg: Obj, p2: string): void {
  c.string(rg, 'name', p2);
  c.list(rg, 'clusters', p2, (cl, p3) => checkCluster(c, cl, p3));
  c.list(rg, 'eventHubNamespaces', p2, (ns, p3) => {
    c.string(ns, 'name', p3);
    c.optionalString(ns, 'location', p3);
    c.list(ns, 'eventHubs', p3, (hub, p4) => {
      c.string(hub, 'name', p4);
      c.stringList(hub, 'consumerGroups', p4);
      c.optionalCount(hub, 'partitionCount', p4);
      c.optionalBoolean(hub, 'idle', p4);
    });
  });
  c.list(rg, 'iotHubs', p2, (hub, p3) => {
    c.string(hub, 'name', p3);
    c.optionalString(hub, 'location', p3);
    c.stringList(hub, 'consumerGroups', p3);
    c.namedList(hub, 'sharedAccessPolicies', p3, (pol, p4) => c.optionalString(pol, 'rights', p4));
    c.optionalBoolean(hub, 'idle', p3);
  });
  c.list(rg, 'storageAccounts', p2, (sa, p3) => {
    c.string(sa, 'name', p3);
    c.optionalString(sa, 'location', p3);
    c.stringList(sa, 'eventGridSubscriptions', p3);
    c.optionalBoolean(sa, 'idle', p3);
  });
  c.list(rg, 'cosmosDbAccounts', p2, (acc, p3) => checkCosmosDbAccount(c, acc, p3));
  c.list(rg, 'userAssignedIdentities', p2, (id, p3) => {
    c.string(id, 'name', p3);
    c.optionalString(id, 'principalId', p3);
    c.optionalString(id, 'clientId', p3);
    c.optionalString(id, 'location', p3);
  });
}

function checkCluster(c: Checker, cl: Obj, p3: string): void {
  c.string(cl, 'name', p3);
  c.string(cl, 'location', p3);
  c.optionalString(cl, 'principalId', p3);
  c.stringList(cl, 'userAssignedIdentities', p3);
  c.list(cl, 'databases', p3, (db, p4) => {
    c.string(db, 'name', p4);
    c.list(db, 'tables', p4, (t, p5) => {
      c.string(t, 'name', p5);
      c.optionalString(t, 'folder', p5);
      c.optionalString(t, 'docString', p5, true);
      c.namedList(t, 'mappings', p5, (m, p6) => {
        c.string(m, 'kind', p6);
        c.optionalString(m, 'mapping', p6);
      });
      c.list(t, 'extents', p5, (e, p6) => {
        c.rows(e, 'rows', p6);
        c.optionalTime(e, 'ingestedAt', p6);
      });
    });
    c.list(db, 'dataConnections', p4, (dc, p5) => {
      c.string(dc, 'name', p5);
      c.string(dc, 'kind', p5);
      c.optionalString(dc, 'location', p5);
      c.optionalString(dc, 'createdAt', p5);
      if (dc['properties'] !== undefined) c.object(dc['properties'], `${p5}.properties`);
    });
  });
}

function checkCosmosDbAccount(c: Checker, acc: Obj, p3: string): void {
  c.string(acc, 'name', p3);
  c.optionalString(acc, 'location', p3);
  c.optionalBoolean(acc, 'idle', p3);
  c.list(acc, 'databases', p3, (db, p4) => {
    c.string(db, 'name', p4);
    c.stringList(db, 'containers', p4);
  });
  c.list(acc, 'sqlRoleAssignments', p3, (ra, p4) => {
    c.principal(ra, p4);
    c.string(ra, 'roleDefinitionId', p4);
    c.optionalString(ra, 'scope', p4);
    c.optionalString(ra, 'name', p4);
  });
}

type Obj = Record<string, unknown>;

class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, message: string): never {
    throw new SeedError(`${this.source}: ${path === '' ? '' : `${path}: `}${message}`);
  }

  object(value: unknown, path: string): Obj {
    if (!isObject(value)) this.fail(path, 'must be a mapping');
    return value;
  }

  string(obj: Obj, key: string, path: string): void {
    const v = obj[key];
    if (typeof v !== 'string' || v === '') this.fail(join(path, key), 'must be a non-empty string');
  }

  optionalString(obj: Obj, key: string, path: string, emptyAllowed = false): void {
    const v = obj[key];
    if (v === undefined) return;
    if (emptyAllowed && v === '') return;
    this.string(obj, key, path);
  }

  optionalCount(obj: Obj, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1024)) {
      this.fail(join(path, key), 'must be a whole number from 1 to 1024');
    }
  }

  /** A whole number of at least 1 (a count of rows). */
  rows(obj: Obj, key: string, path: string): void {
    const v = obj[key];
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) this.fail(join(path, key), 'must be a whole number of at least 1');
  }

  optionalBoolean(obj: Obj, key: string, path: string): void {
    const v = obj[key];
    if (v !== undefined && typeof v !== 'boolean') this.fail(join(path, key), 'must be true or false');
  }

  /** An ISO 8601 time, when given. */
  optionalTime(obj: Obj, key: string, path: string): void {
    this.optionalString(obj, key, path);
    const v = obj[key];
    if (typeof v === 'string' && Number.isNaN(Date.parse(v))) this.fail(join(path, key), 'must be an ISO 8601 time');
  }

  /** Exactly one of principalId, cluster, identity. */
  principal(obj: Obj, path: string): void {
    const given = ['principalId', 'cluster', 'identity'].filter((k) => obj[k] !== undefined);
    if (given.length !== 1) this.fail(path, "needs exactly one of 'principalId', 'cluster' (its system-assigned identity) or 'identity' (a user-assigned identity)");
    for (const k of given) this.string(obj, k, path);
  }

  /** A list whose items are names or objects with a `name` (and what `each` checks). */
  namedList(obj: Obj, key: string, path: string, each: (item: Obj, itemPath: string) => void): void {
    const v = obj[key];
    if (v === undefined) return;
    if (!Array.isArray(v)) this.fail(join(path, key), 'must be a list');
    v.forEach((item, i) => {
      const p = `${join(path, key)}[${i}]`;
      if (typeof item === 'string') {
        if (item === '') this.fail(p, 'must be a non-empty string or a mapping with a name');
        return;
      }
      const o = this.object(item, p);
      this.string(o, 'name', p);
      each(o, p);
    });
  }

  stringList(obj: Obj, key: string, path: string): void {
    const v = obj[key];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
      this.fail(join(path, key), 'must be a list of non-empty strings');
    }
  }

  list(obj: Obj, key: string, path: string, each: (item: Obj, itemPath: string) => void): void {
    const v = obj[key];
    if (v === undefined) return;
    if (!Array.isArray(v)) this.fail(join(path, key), 'must be a list');
    v.forEach((item, i) => {
      const p = `${join(path, key)}[${i}]`;
      each(this.object(item, p), p);
    });
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
