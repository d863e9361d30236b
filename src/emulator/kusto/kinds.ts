/**
 * The service's facts about data-connection kinds, kept as data: the properties of each kind
 * (as the 2023-08-15 / 2024-04-13 specs define them), which are required, their enums, the
 * defaults the service fills in, and which properties cannot change in place. The emulator's
 * own copy: nothing here is shared with the reconciler, so the end-to-end tests compare two
 * independent readings of the service.
 */

export const KINDS = ['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'] as const;
export type Kind = (typeof KINDS)[number];

export const PROVISIONING_STATES = [
  'Running',
  'Creating',
  'Deleting',
  'Succeeded',
  'Failed',
  'Moving',
  'Canceled',
] as const;
export type ProvisioningState = (typeof PROVISIONING_STATES)[number];

export const DATA_FORMATS = [
  'MULTIJSON',
  'JSON',
  'CSV',
  'TSV',
  'SCSV',
  'SOHSV',
  'PSV',
  'TXT',
  'RAW',
  'SINGLEJSON',
  'AVRO',
  'TSVE',
  'PARQUET',
  'ORC',
  'APACHEAVRO',
  'W3CLOGFILE',
] as const;

const COMPRESSION = ['None', 'GZip'] as const;
const DATABASE_ROUTING = ['Single', 'Multi'] as const;
const BLOB_STORAGE_EVENT_TYPES = ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobRenamed'] as const;

export type PropertyType = 'string' | 'stringArray' | 'boolean' | 'dateTime';

export interface PropertySpec {
  readonly type: PropertyType;
  /** Accepted case-insensitively, answered in this spelling. */
  readonly enum?: readonly string[];
  /** An Azure resource ID: compared case-insensitively. */
  readonly resourceId?: boolean;
}

export interface KindSpec {
  /** Writable properties, in the order the service answers them. */
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required: readonly string[];
  /** Filled in by the service when the request leaves them out. */
  readonly defaults: Readonly<Record<string, string | boolean | readonly string[]>>;
  /** `retrievalStartDate` defaults to the creation time. */
  readonly retrievalStartDateDefaultsToCreation: boolean;
  /** Answers the read-only `managedIdentityObjectId` when `managedIdentityResourceId` is set. */
  readonly managedIdentity: boolean;
  /** Properties that cannot change in place (besides kind and location, immutable for all). */
  readonly immutable: readonly string[];
}

const str: PropertySpec = { type: 'string' };
const resourceId: PropertySpec = { type: 'string', resourceId: true };
const dataFormat: PropertySpec = { type: 'string', enum: DATA_FORMATS };
const databaseRouting: PropertySpec = { type: 'string', enum: DATABASE_ROUTING };
const dateTime: PropertySpec = { type: 'dateTime' };

const EVENT_HUB: KindSpec = {
  properties: {
    eventHubResourceId: resourceId,
    consumerGroup: str,
    tableName: str,
    mappingRuleName: str,
    dataFormat,
    eventSystemProperties: { type: 'stringArray' },
    compression: { type: 'string', enum: COMPRESSION },
    managedIdentityResourceId: resourceId,
    databaseRouting,
    retrievalStartDate: dateTime,
  },
  required: ['eventHubResourceId', 'consumerGroup'],
  defaults: { eventSystemProperties: [], compression: 'None', databaseRouting: 'Single' },
  retrievalStartDateDefaultsToCreation: true,
  managedIdentity: true,
  immutable: ['databaseRouting', 'eventHubResourceId', 'consumerGroup', 'compression'],
};

const IOT_HUB: KindSpec = {
  properties: {
    iotHubResourceId: resourceId,
    consumerGroup: str,
    tableName: str,
    mappingRuleName: str,
    dataFormat,
    eventSystemProperties: { type: 'stringArray' },
    sharedAccessPolicyName: str,
    databaseRouting,
    retrievalStartDate: dateTime,
  },
  required: ['iotHubResourceId', 'consumerGroup', 'sharedAccessPolicyName'],
  defaults: { eventSystemProperties: [], databaseRouting: 'Single' },
  retrievalStartDateDefaultsToCreation: true,
  managedIdentity: false,
  immutable: ['databaseRouting', 'iotHubResourceId', 'consumerGroup', 'sharedAccessPolicyName'],
};

const EVENT_GRID: KindSpec = {
  properties: {
    storageAccountResourceId: resourceId,
    eventGridResourceId: resourceId,
    eventHubResourceId: resourceId,
    consumerGroup: str,
    tableName: str,
    mappingRuleName: str,
    dataFormat,
    ignoreFirstRecord: { type: 'boolean' },
    blobStorageEventType: { type: 'string', enum: BLOB_STORAGE_EVENT_TYPES },
    managedIdentityResourceId: resourceId,
    databaseRouting,
  },
  required: ['storageAccountResourceId', 'eventHubResourceId', 'consumerGroup'],
  defaults: {
    ignoreFirstRecord: false,
    blobStorageEventType: 'Microsoft.Storage.BlobCreated',
    databaseRouting: 'Single',
  },
  retrievalStartDateDefaultsToCreation: false,
  managedIdentity: true,
  immutable: ['databaseRouting', 'storageAccountResourceId', 'eventHubResourceId', 'consumerGroup'],
};

const COSMOS_DB_PROPERTIES = {
  tableName: str,
  mappingRuleName: str,
  managedIdentityResourceId: resourceId,
  cosmosDbAccountResourceId: resourceId,
  cosmosDbDatabase: str,
  cosmosDbContainer: str,
  retrievalStartDate: dateTime,
} as const;

const COSMOS_DB: KindSpec = {
  properties: COSMOS_DB_PROPERTIES,
  required: ['tableName', 'managedIdentityResourceId', 'cosmosDbAccountResourceId', 'cosmosDbDatabase', 'cosmosDbContainer'],
  defaults: {},
  retrievalStartDateDefaultsToCreation: true,
  managedIdentity: true,
  immutable: Object.keys(COSMOS_DB_PROPERTIES),
};

export const KIND_SPECS: Readonly<Record<Kind, KindSpec>> = {
  EventHub: EVENT_HUB,
  IotHub: IOT_HUB,
  EventGrid: EVENT_GRID,
  CosmosDb: COSMOS_DB,
};

/** The kind a spelling names (any case), answered in the service's exact spelling. */
export function parseKind(value: string): Kind | undefined {
  const lower = value.toLowerCase();
  return KINDS.find((k) => k.toLowerCase() === lower);
}

/** Data-connection names: 1–40 letters, digits, hyphens, periods, spaces; not only spaces. */
export function nameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 40) {
    return `The name '${name}' must be between 1 and 40 characters long.`;
  }
  if (!/^[A-Za-z0-9 .-]+$/.test(name)) {
    return `The name '${name}' may contain only letters, digits, hyphens, periods and spaces.`;
  }
  if (name.trim() === '') return `The name '${name}' must not consist of spaces only.`;
  return undefined;
}
