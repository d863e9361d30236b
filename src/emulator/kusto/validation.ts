/**
 * Checks a data connection as the service would: its shape (kind, required properties, enums,
 * types), its place (location = the cluster's), what cannot change in place, what it
 * references (event hubs, consumer groups, IoT hubs, storage accounts, Cosmos DB, identities),
 * the one-connection-per-(hub, consumer group) rule, and what the service only finds while
 * the long-running operation runs (table or mapping missing).
 */
import { answerShape, kindInVersion, LATEST_API_VERSION, versionsWithKind } from './api-versions.js';
import type { SpecKind } from './api-version-types.js';
import { errorBody, type Problem } from '../arm/errors.js';
import { normalizeDateTime, formatDateTime } from '../format/datetime.js';
import { parseResourceId } from '../arm/ids.js';
import { isObject } from '../format/json.js';
import { KIND_SPECS, parseKind, type Kind, type KindSpec, type PropertySpec } from './kinds.js';
import { findRegion } from '../arm/regions.js';
import type { PropertyValue, Properties, StoredConnection, Store } from '../state/store.js';
import { derivedPrincipalId, findResourceGroup, type DatabaseNode, type World } from '../state/world.js';
import type { Catalog } from '../dataplane/catalog.js';

/** The code the service answers when the table or mapping is missing (its typo, kept). */
export const ASYNC_VALIDATION_CODE = 'EventHubValidationErorFound';

export interface CheckedConnection {
  readonly kind: Kind;
  readonly location: string;
  readonly properties: Properties;
  readonly managedIdentityObjectId?: string;
}

export interface CheckInput {
  readonly world: World;
  readonly store: Store;
  readonly db: DatabaseNode;
  readonly name: string;
  /** The DataConnection JSON of the request. */
  readonly body: unknown;
  /** The connection of that name, if one exists. */
  readonly existing: StoredConnection | undefined;
  /** PATCH: properties left out keep their current values. */
  readonly merge: boolean;
  readonly now: number;
  /** The request's api-version: which kinds and properties it knows (api-versions.ts). */
  readonly apiVersion: string;
  /** The databases' tables and mappings now (they change after the seed). */
  readonly catalog: Catalog;
}

export interface CheckResult {
  /** Present when there is no synchronous problem. */
  readonly value?: CheckedConnection;
  /** Each answers 400 at once. */
  readonly problems: readonly Problem[];
  /** Found while the operation runs: it fails with these. */
  readonly asyncProblems: readonly Problem[];
}

const bad = (message: string, target?: string): Problem => ({ code: 'BadRequest', message, target });

export function checkConnection(input: CheckInput): CheckResult {
  const { body, existing, db } = input;
  if (!isObject(body)) {
    return { problems: [{ code: 'InvalidRequestContent', message: 'The request content must be a JSON object.' }], asyncProblems: [] };
  }
  const rawKind = body['kind'];
  if (typeof rawKind !== 'string') {
    return { problems: [bad("The property 'kind' is required: EventHub, IotHub, EventGrid or CosmosDb.", 'kind')], asyncProblems: [] };
  }
  const kind = parseKind(rawKind);
  if (kind === undefined) {
    return {
      problems: [bad(`The kind '${rawKind}' is not valid. Allowed values: EventHub, IotHub, EventGrid, CosmosDb.`, 'kind')],
      asyncProblems: [],
    };
  }
  const known = kindInVersion(input.apiVersion, kind);
  if (known === undefined) {
    const since = versionsWithKind(kind)[0] ?? LATEST_API_VERSION;
    return {
      problems: [bad(`The kind '${kind}' is not available in api-version '${input.apiVersion}'; use api-version '${since}' or later.`, 'kind')],
      asyncProblems: [],
    };
  }
  const problems: Problem[] = [];
  if (existing !== undefined && existing.kind !== kind) {
    problems.push(bad(`The kind of data connection '${existing.name}' cannot change from '${existing.kind}' to '${kind}'.`, 'kind'));
    return { problems, asyncProblems: [] };
  }
  const spec = KIND_SPECS[kind];

  const rawProps = body['properties'] ?? {};
  if (!isObject(rawProps)) return { problems: [bad("'properties' must be an object.", 'properties')], asyncProblems: [] };
  const properties = shapeProperties(kind, rawProps, existing, input.merge, input.now, problems, known);

  const location = checkLocation(body['location'], existing, db, problems);
  if (existing !== undefined) checkImmutable(spec, existing, properties, problems);
  const managedIdentityObjectId = checkReferences(kind, properties, input, problems);
  checkTuple(kind, properties, input, problems);
  const asyncProblems = asyncChecks(properties, db, input.catalog);
  if (problems.length > 0) return { problems, asyncProblems };
  return {
    value: { kind, location, properties, ...(managedIdentityObjectId !== undefined ? { managedIdentityObjectId } : {}) },
    problems,
    asyncProblems,
  };
}

/**
 * The properties as the service stores them: the ones the api-version knows normalised (enum
 * spelling, dates), the others ignored; required ones checked; defaults filled in; in the
 * service's order. With `merge` (PATCH) properties left out keep the existing connection's
 * values; a PUT keeps only those its api-version does not know (see api-versions.ts).
 */
export function shapeProperties(
  kind: Kind,
  raw: Record<string, unknown>,
  existing: StoredConnection | undefined,
  merge: boolean,
  now: number,
  problems: Problem[],
  known: SpecKind = answerShape(LATEST_API_VERSION, kind),
): Properties {
  const spec = KIND_SPECS[kind];
  const given = normalizeProperties(spec, known, raw, problems);
  const kept = existing === undefined ? {} : merge ? existing.properties : unknownTo(known, existing.properties);
  const merged: Record<string, PropertyValue> = { ...kept, ...given };
  const invalid = new Set(problems.map((p) => p.target));
  for (const req of known.required) {
    if ((merged[req] === undefined || merged[req] === '') && !invalid.has(`properties.${req}`)) {
      problems.push(bad(`The property '${req}' is required for a data connection of kind '${kind}'.`, `properties.${req}`));
    }
  }
  for (const [key, value] of Object.entries(spec.defaults)) if (merged[key] === undefined) merged[key] = value;
  if (spec.retrievalStartDateDefaultsToCreation && merged['retrievalStartDate'] === undefined) {
    merged['retrievalStartDate'] = existing?.properties['retrievalStartDate'] ?? formatDateTime(existing?.createdAt ?? now);
  }
  return ordered(spec, merged);
}

/** The stored properties an api-version does not know: a PUT made with it keeps them. */
function unknownTo(known: SpecKind, props: Properties): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(props)) if (!known.properties.includes(key)) out[key] = value;
  return out;
}

function normalizeProperties(spec: KindSpec, known: SpecKind, raw: Record<string, unknown>, problems: Problem[]): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, prop] of Object.entries(spec.properties)) {
    if (!known.properties.includes(key)) continue;
    const value = raw[key];
    if (value === undefined || value === null) continue;
    const normalized = normalizeValue(prop, value);
    if (normalized === undefined) problems.push(bad(invalidValueMessage(key, prop, value), `properties.${key}`));
    else out[key] = normalized;
  }
  return out;
}

function normalizeValue(prop: PropertySpec, value: unknown): PropertyValue | undefined {
  switch (prop.type) {
    case 'string': {
      if (typeof value !== 'string') return undefined;
      if (prop.enum === undefined) return value;
      const lower = value.toLowerCase();
      return prop.enum.find((e) => e.toLowerCase() === lower);
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...(value as string[])] : undefined;
    case 'dateTime':
      return typeof value === 'string' ? normalizeDateTime(value) : undefined;
  }
}

function invalidValueMessage(key: string, prop: PropertySpec, value: unknown): string {
  const shown = JSON.stringify(value);
  if (prop.enum !== undefined) return `The value ${shown} is not valid for '${key}'. Allowed values: ${prop.enum.join(', ')}.`;
  const expected = { string: 'a string', boolean: 'a boolean', stringArray: 'an array of strings', dateTime: 'an ISO 8601 date-time' }[prop.type];
  return `The value ${shown} is not valid for '${key}': expected ${expected}.`;
}

function ordered(spec: KindSpec, props: Record<string, PropertyValue>): Properties {
  const out: Record<string, PropertyValue> = {};
  for (const key of Object.keys(spec.properties)) {
    const v = props[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function checkLocation(raw: unknown, existing: StoredConnection | undefined, db: DatabaseNode, problems: Problem[]): string {
  const clusterRegion = db.cluster.region;
  if (raw === undefined || raw === null) return existing?.location ?? clusterRegion.displayName;
  if (typeof raw !== 'string') {
    problems.push(bad("'location' must be a string.", 'location'));
    return clusterRegion.displayName;
  }
  const region = findRegion(raw);
  if (region === undefined) {
    problems.push({
      code: 'LocationNotAvailableForResourceType',
      message: `The provided location '${raw}' is not available for resource type 'Microsoft.Kusto/clusters/databases/dataConnections'.`,
      target: 'location',
    });
  } else if (region.name !== clusterRegion.name) {
    problems.push(
      bad(
        `The data connection location '${region.displayName}' must be the location of cluster '${db.cluster.name}' ('${clusterRegion.displayName}').`,
        'location',
      ),
    );
  }
  return clusterRegion.displayName;
}

function sameValue(prop: PropertySpec | undefined, a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string' && prop?.resourceId === true) return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkImmutable(spec: KindSpec, existing: StoredConnection, next: Properties, problems: Problem[]): void {
  for (const key of spec.immutable) {
    if (!sameValue(spec.properties[key], existing.properties[key], next[key])) {
      problems.push(
        bad(
          `The property '${key}' of data connection '${existing.name}' cannot be changed in place ` +
            `(from ${JSON.stringify(existing.properties[key] ?? null)} to ${JSON.stringify(next[key] ?? null)}); delete and recreate the data connection.`,
          `properties.${key}`,
        ),
      );
    }
  }
}

/** Checks every resource the connection references; answers the managed identity's object ID. */
function checkReferences(kind: Kind, props: Properties, input: CheckInput, problems: Problem[]): string | undefined {
  const s = (key: string): string | undefined => {
    const v = props[key];
    return typeof v === 'string' ? v : undefined;
  };
  switch (kind) {
    case 'EventHub':
      checkEventHub(input.world, s('eventHubResourceId'), s('consumerGroup'), problems);
      return checkIdentity(input.world, input.db, s('managedIdentityResourceId'), problems);
    case 'EventGrid':
      checkStorage(input.world, s('storageAccountResourceId'), s('eventGridResourceId'), problems);
      checkEventHub(input.world, s('eventHubResourceId'), s('consumerGroup'), problems);
      return checkIdentity(input.world, input.db, s('managedIdentityResourceId'), problems);
    case 'IotHub':
      checkIotHub(input.world, s('iotHubResourceId'), s('consumerGroup'), s('sharedAccessPolicyName'), problems);
      return undefined;
    case 'CosmosDb':
      checkCosmosDb(input.world, s('cosmosDbAccountResourceId'), s('cosmosDbDatabase'), s('cosmosDbContainer'), problems);
      return checkIdentity(input.world, input.db, s('managedIdentityResourceId'), problems);
  }
}

function resolve(world: World, id: string, chain: string, target: string, what: string, problems: Problem[]) {
  const parsed = parseResourceId(id);
  if (parsed === undefined || parsed.chain !== chain) {
    problems.push(bad(`'${id}' is not a valid ${what} resource ID.`, target));
    return undefined;
  }
  return { parsed, rg: findResourceGroup(world, parsed.subscription, parsed.resourceGroup) };
}

function checkEventHub(world: World, id: string | undefined, consumerGroup: string | undefined, problems: Problem[]): void {
  if (id === undefined) return;
  const target = 'properties.eventHubResourceId';
  const r = resolve(world, id, 'microsoft.eventhub/namespaces/eventhubs', target, 'event hub', problems);
  if (r === undefined) return;
  const [nsName = '', hubName = ''] = r.parsed.names;
  const ns = r.rg?.eventHubNamespaces.get(nsName.toLowerCase());
  if (ns === undefined) return void problems.push(bad(`Event hub's namespace does not exist: '${nsName}'.`, target));
  const hub = ns.hubs.get(hubName.toLowerCase());
  if (hub === undefined) return void problems.push(bad(`Event hub '${hubName}' does not exist in namespace '${ns.name}'.`, target));
  if (consumerGroup !== undefined && !hub.members.has(consumerGroup.toLowerCase())) {
    problems.push(bad(`Consumer group '${consumerGroup}' does not exist in event hub '${hub.name}'.`, 'properties.consumerGroup'));
  }
}

function checkIotHub(
  world: World,
  id: string | undefined,
  consumerGroup: string | undefined,
  policy: string | undefined,
  problems: Problem[],
): void {
  if (id === undefined) return;
  const target = 'properties.iotHubResourceId';
  const r = resolve(world, id, 'microsoft.devices/iothubs', target, 'IoT hub', problems);
  if (r === undefined) return;
  const [hubName = ''] = r.parsed.names;
  const hub = r.rg?.iotHubs.get(hubName.toLowerCase());
  if (hub === undefined) return void problems.push(bad(`IoT hub '${hubName}' does not exist.`, target));
  if (consumerGroup !== undefined && !hub.consumerGroups.has(consumerGroup.toLowerCase())) {
    problems.push(bad(`Consumer group '${consumerGroup}' does not exist in IoT hub '${hub.name}'.`, 'properties.consumerGroup'));
  }
  if (policy !== undefined && !hub.sharedAccessPolicies.has(policy.toLowerCase())) {
    problems.push(bad(`Shared access policy '${policy}' does not exist on IoT hub '${hub.name}'.`, 'properties.sharedAccessPolicyName'));
  }
}

function checkStorage(world: World, id: string | undefined, eventGridId: string | undefined, problems: Problem[]): void {
  if (id !== undefined) {
    const target = 'properties.storageAccountResourceId';
    const r = resolve(world, id, 'microsoft.storage/storageaccounts', target, 'storage account', problems);
    const name = r?.parsed.names[0] ?? '';
    if (r !== undefined && r.rg?.storageAccounts.get(name.toLowerCase()) === undefined) {
      problems.push(bad(`Storage account '${name}' does not exist.`, target));
    }
  }
  if (eventGridId !== undefined) {
    const target = 'properties.eventGridResourceId';
    const chain = 'microsoft.storage/storageaccounts/providers/microsoft.eventgrid/eventsubscriptions';
    const r = resolve(world, eventGridId, chain, target, 'Event Grid subscription', problems);
    if (r === undefined) return;
    const [account = '', sub = ''] = r.parsed.names;
    if (r.rg?.storageAccounts.get(account.toLowerCase())?.members.has(sub.toLowerCase()) !== true) {
      problems.push(bad(`Event Grid subscription '${sub}' does not exist on storage account '${account}'.`, target));
    }
  }
}

function checkCosmosDb(
  world: World,
  id: string | undefined,
  database: string | undefined,
  container: string | undefined,
  problems: Problem[],
): void {
  if (id === undefined) return;
  const target = 'properties.cosmosDbAccountResourceId';
  const r = resolve(world, id, 'microsoft.documentdb/databaseaccounts', target, 'Cosmos DB account', problems);
  if (r === undefined) return;
  const [name = ''] = r.parsed.names;
  const account = r.rg?.cosmosDbAccounts.get(name.toLowerCase());
  if (account === undefined) return void problems.push(bad(`Cosmos DB account '${name}' does not exist.`, target));
  if (database === undefined) return;
  const db = account.databases.get(database.toLowerCase());
  if (db === undefined) {
    return void problems.push(bad(`Cosmos DB database '${database}' does not exist in account '${account.name}'.`, 'properties.cosmosDbDatabase'));
  }
  if (container !== undefined && !db.members.has(container.toLowerCase())) {
    problems.push(bad(`Cosmos DB container '${container}' does not exist in database '${db.name}'.`, 'properties.cosmosDbContainer'));
  }
}

function checkIdentity(world: World, db: DatabaseNode, id: string | undefined, problems: Problem[]): string | undefined {
  if (id === undefined) return undefined;
  const cluster = db.cluster;
  if (id.toLowerCase() === cluster.id.toLowerCase()) return cluster.principalId;
  const target = 'properties.managedIdentityResourceId';
  const parsed = parseResourceId(id);
  const identity =
    parsed?.chain === 'microsoft.managedidentity/userassignedidentities'
      ? findResourceGroup(world, parsed.subscription, parsed.resourceGroup)?.identities.get((parsed.names[0] ?? '').toLowerCase())
      : undefined;
  if (identity === undefined) {
    problems.push(
      bad(`Managed identity '${id}' was not found: use the cluster's resource ID (system-assigned) or an existing user-assigned identity.`, target),
    );
    return undefined;
  }
  return identity.principalId;
}

/**
 * The object ID answered for a managed identity the world may not know (seeded and
 * out-of-band connections are not checked): the identity's, else one derived from its ID.
 */
export function identityObjectId(world: World, db: DatabaseNode, id: string): string {
  return checkIdentity(world, db, id, []) ?? derivedPrincipalId(id);
}

/** One (event hub or IoT hub, consumer group) pair feeds one data connection of the cluster. */
function checkTuple(kind: Kind, props: Properties, input: CheckInput, problems: Problem[]): void {
  const key = tupleKey(kind, props);
  if (key === undefined) return;
  for (const other of input.store.inCluster(input.db.address)) {
    const self = other.db.database.toLowerCase() === input.db.address.database.toLowerCase() && other.name.toLowerCase() === input.name.toLowerCase();
    if (!self && tupleKey(other.kind, other.properties) === key) {
      const what = kind === 'IotHub' ? 'iot hub' : 'event hub';
      problems.push(bad(`${what} resource id and consumer group tuple provided are already used`, 'properties.consumerGroup'));
      return;
    }
  }
}

function tupleKey(kind: Kind, props: Properties): string | undefined {
  const source = kind === 'IotHub' ? props['iotHubResourceId'] : kind === 'CosmosDb' ? undefined : props['eventHubResourceId'];
  const group = props['consumerGroup'];
  if (typeof source !== 'string' || typeof group !== 'string') return undefined;
  return `${kind === 'IotHub' ? 'iot' : 'eh'}|${source.toLowerCase()}|${group.toLowerCase()}`;
}

/** What the service finds only while the operation runs: the table and mapping must exist. */
function asyncChecks(props: Properties, db: DatabaseNode, catalog: Catalog): Problem[] {
  const tableName = props['tableName'];
  if (typeof tableName !== 'string' || tableName === '') return [];
  const table = catalog.table(db.address, tableName);
  const database = db.address.database;
  if (table === undefined) {
    return [{ code: ASYNC_VALIDATION_CODE, message: `Table '${tableName}' does not exist in database '${database}'.` }];
  }
  const mapping = props['mappingRuleName'];
  if (typeof mapping === 'string' && mapping !== '' && !table.mappings.has(mapping)) {
    return [{ code: ASYNC_VALIDATION_CODE, message: `Mapping '${mapping}' does not exist on table '${tableName}' in database '${database}'.` }];
  }
  return [];
}

/** The error an operation fails with for its asynchronous problems. */
export function asyncFailure(problems: readonly Problem[]) {
  const [first] = problems;
  if (first === undefined) return undefined;
  return errorBody(first.code, problems.map((p) => p.message).join(' '));
}
