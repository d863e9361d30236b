/**
 * The data-connection kinds and their properties, as the Microsoft.Kusto 2023-08-15 /
 * 2024-04-13 REST specifications define them (see shared/reference/azure-facts.md).
 *
 * This table is data: the JSON Schemas, the normaliser, the planner and the exporter all read
 * it, so a correction made here reaches every one of them.
 *
 * `onChange: 'replace'` marks the fields whose change forces a delete-then-create. The REST spec
 * marks nothing immutable; the list follows Terraform's azurerm resources (third-party practice,
 * unverified against the service) and is kept here, in one place, so it can be corrected.
 */

export const CONNECTION_KINDS = ['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** Manifest `kind` for each Azure data-connection `kind`. */
export const MANIFEST_KIND_OF: Readonly<Record<ConnectionKind, string>> = {
  EventHub: 'EventHubDataConnection',
  IotHub: 'IotHubDataConnection',
  EventGrid: 'EventGridDataConnection',
  CosmosDb: 'CosmosDbDataConnection',
};

export const DATA_FORMATS = [
  'MULTIJSON', 'JSON', 'CSV', 'TSV', 'SCSV', 'SOHSV', 'PSV', 'TXT', 'RAW', 'SINGLEJSON',
  'AVRO', 'TSVE', 'PARQUET', 'ORC', 'APACHEAVRO', 'W3CLOGFILE',
] as const;

export const PROVISIONING_STATES = [
  'Running', 'Creating', 'Deleting', 'Succeeded', 'Failed', 'Moving', 'Canceled',
] as const;

/** Azure resource types a resource-ID property may point at (compared case-insensitively). */
export const RESOURCE_TYPES = {
  eventHub: 'Microsoft.EventHub/namespaces/eventhubs',
  iotHub: 'Microsoft.Devices/IotHubs',
  storageAccount: 'Microsoft.Storage/storageAccounts',
  eventGridSubscription: 'Microsoft.EventGrid/eventSubscriptions',
  eventGridSystemTopic: 'Microsoft.EventGrid/systemTopics',
  userAssignedIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  kustoCluster: 'Microsoft.Kusto/clusters',
  cosmosDbAccount: 'Microsoft.DocumentDB/databaseAccounts',
} as const;

export type PropertyType =
  | { readonly type: 'string' }
  | { readonly type: 'boolean' }
  | {
      readonly type: 'stringArray';
      /** Values the service documents; others are accepted with a warning (the list changes). */
      readonly knownValues?: readonly string[];
    }
  | { readonly type: 'dateTime' }
  | {
      readonly type: 'enum';
      readonly values: readonly string[];
      /** Extra accepted spellings (compared case-insensitively) mapped to the canonical value. */
      readonly aliases?: Readonly<Record<string, string>>;
    }
  | {
      readonly type: 'resourceId';
      /** Accepted target types; an extension resource matches on its last provider segment. */
      readonly resourceTypes: readonly string[];
      /** For an extension resource: the types of resource it may be attached to. */
      readonly extensionOf?: readonly string[];
    };

export type PropertySpec = PropertyType & {
  readonly required: boolean;
  /** How a change to this field is carried out. */
  readonly onChange: 'update' | 'replace';
  /** The value the service fills in when the field is left out. */
  readonly serverDefault?: string | boolean | readonly string[];
  /** The service computes a value when the field is left out (never compared then). */
  readonly serverComputed?: boolean;
  /** One line for the manifest reference and the schema's description. */
  readonly description: string;
};

export interface KindSpec {
  readonly kind: ConnectionKind;
  readonly manifestKind: string;
  /** Properties in the documented order (also the order `export` writes them in). */
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** Properties of the pair that one data connection may own exclusively: (hub, consumer group). */
  readonly exclusivePair?: { readonly hub: string; readonly consumerGroup: string };
}

const dataFormat: PropertySpec = {
  type: 'enum',
  values: DATA_FORMATS,
  required: false,
  onChange: 'update',
  description: 'The data format of the message (any letter case; written in the Azure spelling).',
};
const tableName = (required: boolean, onChange: 'update' | 'replace'): PropertySpec => ({
  type: 'string', required, onChange, description: 'The table where the data is ingested.',
});
const mappingRuleName = (onChange: 'update' | 'replace'): PropertySpec => ({
  type: 'string', required: false, onChange, description: 'The ingestion mapping rule of the table.',
});
const databaseRouting: PropertySpec = {
  type: 'enum',
  values: ['Single', 'Multi'],
  required: false,
  onChange: 'replace',
  serverDefault: 'Single',
  description: 'Single: only the connection\'s database; Multi: the Database ingestion property may route elsewhere.',
};
const retrievalStartDate = (onChange: 'update' | 'replace'): PropertySpec => ({
  type: 'dateTime',
  required: false,
  onChange,
  serverComputed: true,
  description: 'Ingest events enqueued after this ISO-8601 time (the service sets the creation time when left out).',
});
const managedIdentityResourceId = (required: boolean, onChange: 'update' | 'replace'): PropertySpec => ({
  type: 'resourceId',
  resourceTypes: [RESOURCE_TYPES.userAssignedIdentity, RESOURCE_TYPES.kustoCluster],
  required,
  onChange,
  description: 'A user-assigned identity, or the cluster itself for its system-assigned identity.',
});
const consumerGroup = (onChange: 'update' | 'replace'): PropertySpec => ({
  type: 'string', required: true, onChange, description: 'The consumer group to read from ($Default is valid).',
});
/**
 * System properties documented for Event Hubs (the x-opt-* annotations and the AMQP message
 * properties) and for IoT Hub. Unverified completeness: the service has changed these lists, so
 * values outside them only draw a warning.
 */
export const EVENT_HUB_SYSTEM_PROPERTIES = [
  'x-opt-enqueued-time', 'x-opt-sequence-number', 'x-opt-offset', 'x-opt-publisher', 'x-opt-partition-key',
  'message-id', 'user-id', 'to', 'subject', 'reply-to', 'correlation-id', 'content-type', 'content-encoding',
  'absolute-expiry-time', 'creation-time', 'group-id', 'group-sequence', 'reply-to-group-id',
] as const;
export const IOT_HUB_SYSTEM_PROPERTIES = [
  'message-id', 'iothub-enqueuedtime', 'iothub-connection-device-id', 'iothub-connection-module-id',
  'iothub-connection-auth-method', 'iothub-connection-auth-generation-id', 'iothub-creation-time-utc',
  'correlation-id', 'user-id', 'content-type', 'content-encoding', 'absolute-expiry-time',
  'dt-dataschema', 'dt-subject',
] as const;
const eventSystemProperties = (knownValues: readonly string[]): PropertySpec => ({
  type: 'stringArray',
  knownValues,
  required: false,
  onChange: 'update',
  serverDefault: [],
  description: 'System properties of each event to ingest with it.',
});

export const KIND_SPECS: Readonly<Record<ConnectionKind, KindSpec>> = {
  EventHub: {
    kind: 'EventHub',
    manifestKind: MANIFEST_KIND_OF.EventHub,
    exclusivePair: { hub: 'eventHubResourceId', consumerGroup: 'consumerGroup' },
    properties: {
      eventHubResourceId: {
        type: 'resourceId', resourceTypes: [RESOURCE_TYPES.eventHub], required: true, onChange: 'replace',
        description: 'The resource ID of the event hub to read from.',
      },
      consumerGroup: consumerGroup('replace'),
      tableName: tableName(false, 'update'),
      mappingRuleName: mappingRuleName('update'),
      dataFormat,
      eventSystemProperties: eventSystemProperties(EVENT_HUB_SYSTEM_PROPERTIES),
      compression: {
        type: 'enum', values: ['None', 'GZip'], required: false, onChange: 'replace', serverDefault: 'None',
        description: 'The compression of the event hub messages.',
      },
      managedIdentityResourceId: managedIdentityResourceId(false, 'update'),
      databaseRouting,
      retrievalStartDate: retrievalStartDate('update'),
    },
  },
  IotHub: {
    kind: 'IotHub',
    manifestKind: MANIFEST_KIND_OF.IotHub,
    exclusivePair: { hub: 'iotHubResourceId', consumerGroup: 'consumerGroup' },
    properties: {
      iotHubResourceId: {
        type: 'resourceId', resourceTypes: [RESOURCE_TYPES.iotHub], required: true, onChange: 'replace',
        description: 'The resource ID of the IoT hub to read from.',
      },
      consumerGroup: consumerGroup('replace'),
      sharedAccessPolicyName: {
        type: 'string', required: true, onChange: 'replace',
        description: 'The IoT hub shared access policy used to read (its name, never its key).',
      },
      tableName: tableName(false, 'update'),
      mappingRuleName: mappingRuleName('update'),
      dataFormat,
      eventSystemProperties: eventSystemProperties(IOT_HUB_SYSTEM_PROPERTIES),
      databaseRouting,
      retrievalStartDate: retrievalStartDate('update'),
    },
  },
  EventGrid: {
    kind: 'EventGrid',
    manifestKind: MANIFEST_KIND_OF.EventGrid,
    exclusivePair: { hub: 'eventHubResourceId', consumerGroup: 'consumerGroup' },
    properties: {
      storageAccountResourceId: {
        type: 'resourceId', resourceTypes: [RESOURCE_TYPES.storageAccount], required: true, onChange: 'replace',
        description: 'The storage account whose blob events are ingested.',
      },
      eventGridResourceId: {
        type: 'resourceId',
        resourceTypes: [RESOURCE_TYPES.eventGridSubscription],
        extensionOf: [RESOURCE_TYPES.storageAccount, RESOURCE_TYPES.eventGridSystemTopic],
        required: false,
        onChange: 'update',
        description: 'The Event Grid subscription that forwards the storage account\'s events.',
      },
      eventHubResourceId: {
        type: 'resourceId', resourceTypes: [RESOURCE_TYPES.eventHub], required: true, onChange: 'replace',
        description: 'The event hub the Event Grid subscription delivers to.',
      },
      consumerGroup: consumerGroup('replace'),
      tableName: tableName(false, 'update'),
      mappingRuleName: mappingRuleName('update'),
      dataFormat,
      ignoreFirstRecord: {
        type: 'boolean', required: false, onChange: 'update', serverDefault: false,
        description: 'Skip the first record of every file (a header line).',
      },
      blobStorageEventType: {
        type: 'enum',
        values: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobRenamed'],
        aliases: { BlobCreated: 'Microsoft.Storage.BlobCreated', BlobRenamed: 'Microsoft.Storage.BlobRenamed' },
        required: false,
        onChange: 'update',
        serverDefault: 'Microsoft.Storage.BlobCreated',
        description: 'Which blob event triggers ingestion.',
      },
      managedIdentityResourceId: managedIdentityResourceId(false, 'update'),
      databaseRouting,
    },
  },
  CosmosDb: {
    kind: 'CosmosDb',
    manifestKind: MANIFEST_KIND_OF.CosmosDb,
    properties: {
      cosmosDbAccountResourceId: {
        type: 'resourceId', resourceTypes: [RESOURCE_TYPES.cosmosDbAccount], required: true, onChange: 'replace',
        description: 'The Cosmos DB account to read the change feed from.',
      },
      cosmosDbDatabase: {
        type: 'string', required: true, onChange: 'replace', description: 'The Cosmos DB database.',
      },
      cosmosDbContainer: {
        type: 'string', required: true, onChange: 'replace', description: 'The Cosmos DB container.',
      },
      tableName: tableName(true, 'replace'),
      mappingRuleName: mappingRuleName('replace'),
      managedIdentityResourceId: managedIdentityResourceId(true, 'replace'),
      retrievalStartDate: retrievalStartDate('replace'),
    },
  },
};

/**
 * Each kind's properties as [name, spec] pairs in the table's order: what loops over a kind's
 * properties iterate (built once, not per connection with Object.entries).
 */
export const KIND_PROPERTY_LIST: Readonly<Record<ConnectionKind, readonly (readonly [string, PropertySpec])[]>> = {
  EventHub: Object.entries(KIND_SPECS.EventHub.properties),
  IotHub: Object.entries(KIND_SPECS.IotHub.properties),
  EventGrid: Object.entries(KIND_SPECS.EventGrid.properties),
  CosmosDb: Object.entries(KIND_SPECS.CosmosDb.properties),
};

/** Properties every connection has besides its kind's own. `location` forces replacement. */
export const COMMON_REPLACE_FIELDS = ['kind', 'location'] as const;

/** Read-only properties the service reports; never declared, never compared. */
export const READ_ONLY_PROPERTIES = ['provisioningState', 'managedIdentityObjectId'] as const;

export function isConnectionKind(value: string): value is ConnectionKind {
  return (CONNECTION_KINDS as readonly string[]).includes(value);
}

/** The Azure kind for a manifest kind (`IotHubDataConnection` → `IotHub`), or undefined. */
export function connectionKindOfManifest(manifestKind: string): ConnectionKind | undefined {
  return CONNECTION_KINDS.find((k) => MANIFEST_KIND_OF[k] === manifestKind);
}

/**
 * The canonical spelling of an enum value: matched case-insensitively against the values and the
 * aliases (`csv` → `CSV`, `blobcreated` → `Microsoft.Storage.BlobCreated`); undefined when none.
 */
export function canonicalEnumValue(
  spec: { readonly values: readonly string[]; readonly aliases?: Readonly<Record<string, string>> },
  value: string,
): string | undefined {
  const lower = value.toLowerCase();
  const direct = spec.values.find((v) => v.toLowerCase() === lower);
  if (direct !== undefined) return direct;
  const alias = Object.keys(spec.aliases ?? {}).find((a) => a.toLowerCase() === lower);
  return alias === undefined ? undefined : spec.aliases?.[alias];
}
