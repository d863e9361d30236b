/**
 * The built-in Azure roles the emulator knows, with their real IDs and permissions, copied
 * from Microsoft Learn's "Azure built-in roles" reference (the JSON block of each role), and
 * the built-in Cosmos DB data-plane (SQL) role definitions from "Configure role-based access
 * control with Microsoft Entra ID for your Azure Cosmos DB account". Data: edit here when
 * Azure changes a role.
 */

export interface Permission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

export interface BuiltInRole {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
}

function role(id: string, roleName: string, description: string, actions: string[], dataActions: string[] = [], notActions: string[] = []): BuiltInRole {
  return { id, roleName, description, permissions: [{ actions, notActions, dataActions, notDataActions: [] }] };
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  role('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', ['*']),
  role(
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    ['*'],
    [],
    [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
    ],
  ),
  role('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', ['*/read']),
  role('f526a384-b230-433a-b45c-95f59c4a2dec', 'Azure Event Hubs Data Owner', 'Allows for full access to Azure Event Hubs resources.', ['Microsoft.EventHub/*'], ['Microsoft.EventHub/*']),
  role(
    'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
    'Azure Event Hubs Data Receiver',
    'Allows receive access to Azure Event Hubs resources.',
    ['Microsoft.EventHub/*/eventhubs/consumergroups/read'],
    ['Microsoft.EventHub/*/receive/action'],
  ),
  role(
    '2b629674-e913-4c01-ae53-ef4638d8f975',
    'Azure Event Hubs Data Sender',
    'Allows send access to Azure Event Hubs resources.',
    ['Microsoft.EventHub/*/eventhubs/read'],
    ['Microsoft.EventHub/*/send/action'],
  ),
  role(
    '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    'Storage Blob Data Reader',
    'Allows for read access to Azure Storage blob containers and data',
    ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
  ),
  role(
    'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    'Storage Blob Data Contributor',
    'Allows for read, write and delete access to Azure Storage blob containers and data',
    [
      'Microsoft.Storage/storageAccounts/blobServices/containers/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/write',
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
    ],
  ),
  role(
    'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    'Storage Blob Data Owner',
    'Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.',
    ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'],
  ),
  role('fbdf93bf-df7d-467e-a4d2-9458aa1360c8', 'Cosmos DB Account Reader Role', 'Can read Azure Cosmos DB Accounts data', [
    'Microsoft.Authorization/*/read',
    'Microsoft.DocumentDB/*/read',
    'Microsoft.DocumentDB/databaseAccounts/readonlykeys/action',
    'Microsoft.Insights/MetricDefinitions/read',
    'Microsoft.Insights/Metrics/read',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Support/*',
  ]),
  role('b447c946-2db7-41ec-983d-d8bf3b1c77e3', 'IoT Hub Data Reader', 'Allows for full read access to IoT Hub data-plane properties', [], [
    'Microsoft.Devices/IotHubs/*/read',
    'Microsoft.Devices/IotHubs/fileUpload/notifications/action',
  ]),
  role('4fc6c259-987e-4a07-842e-c321cc9d413f', 'IoT Hub Data Contributor', 'Allows for full access to IoT Hub data plane operations.', [], ['Microsoft.Devices/IotHubs/*']),
];

/** A built-in role by GUID or name (case-insensitive). */
export function findBuiltInRole(idOrName: string): BuiltInRole | undefined {
  const key = idOrName.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.id === key || r.roleName.toLowerCase() === key);
}

export interface SqlRoleDefinition {
  readonly id: string;
  readonly roleName: string;
  readonly dataActions: readonly string[];
}

/** Cosmos DB's two built-in data-plane role definitions (fixed IDs in every account). */
export const COSMOS_SQL_ROLES: readonly SqlRoleDefinition[] = [
  {
    id: '00000000-0000-0000-0000-000000000001',
    roleName: 'Cosmos DB Built-in Data Reader',
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read',
    ],
  },
  {
    id: '00000000-0000-0000-0000-000000000002',
    roleName: 'Cosmos DB Built-in Data Contributor',
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*',
    ],
  },
];

export function findSqlRole(id: string): SqlRoleDefinition | undefined {
  return COSMOS_SQL_ROLES.find((r) => r.id === id.toLowerCase());
}
