/**
 * What the identity of a data connection must be allowed to do on its source, as data (the
 * table of docs/prerequisites.md, with its sources), and whether a set of role grants allows it:
 * Azure RBAC's rules for data actions (wildcards, NotDataActions) and scopes (the assignment's
 * scope is the resource or one of its parents).
 */
import type { RoleGrant } from '../../core/ports/prerequisite-port.js';

export type RbacSystem = 'azure' | 'cosmos';

/** One requirement: on the resource a property names, these data actions, granted by e.g. this role. */
export interface AccessRequirement {
  /** The property holding the resource ID the grant must cover. */
  readonly property: string;
  /** Azure RBAC, or Cosmos DB's own data-plane RBAC (sqlRoleAssignments). */
  readonly system: RbacSystem;
  readonly dataActions: readonly string[];
  /** The built-in role that grants them, for the fix hint. */
  readonly role: string;
}

/**
 * Per kind, when the connection authenticates with a managed identity. IoT Hub connections read
 * with the shared access policy instead; Event Hub and Event Grid connections without
 * `managedIdentityResourceId` use the source's keys.
 */
export const REQUIRED_ACCESS: Readonly<Record<string, readonly AccessRequirement[]>> = {
  EventHub: [{ property: 'eventHubResourceId', system: 'azure', dataActions: ['Microsoft.EventHub/namespaces/messages/receive/action'], role: 'Azure Event Hubs Data Receiver' }],
  EventGrid: [
    { property: 'storageAccountResourceId', system: 'azure', dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'], role: 'Storage Blob Data Reader' },
    { property: 'eventHubResourceId', system: 'azure', dataActions: ['Microsoft.EventHub/namespaces/messages/receive/action'], role: 'Azure Event Hubs Data Receiver' },
  ],
  CosmosDb: [
    {
      property: 'cosmosDbAccountResourceId',
      system: 'cosmos',
      dataActions: [
        'Microsoft.DocumentDB/databaseAccounts/readMetadata',
        'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed',
        'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read',
      ],
      role: 'Cosmos DB Built-in Data Reader',
    },
  ],
  IotHub: [],
};

/** Whether an action pattern (`*` matches any run of characters) matches an action; case-insensitive, as Azure compares. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Whether a scope is the resource or one of its parents (`/` is the root above everything). */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = scope.replace(/\/+$/, '').toLowerCase();
  const r = resourceId.replace(/\/+$/, '').toLowerCase();
  return s === '' || r === s || r.startsWith(`${s}/`);
}

/** Whether one grant allows an action: some permission block has it in DataActions and not in NotDataActions. */
export function grantAllows(grant: RoleGrant, action: string): boolean {
  return grant.permissions.some((p) => p.dataActions.some((a) => actionMatches(a, action)) && !p.notDataActions.some((a) => actionMatches(a, action)));
}

/** The actions no grant that covers the resource allows (empty: the identity may do everything asked). */
export function missingActions(grants: readonly RoleGrant[], resourceId: string, actions: readonly string[]): string[] {
  const covering = grants.filter((g) => scopeCovers(g.scope, resourceId));
  return actions.filter((action) => !covering.some((g) => grantAllows(g, action)));
}
