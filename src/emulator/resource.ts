/** A stored data connection as the service answers it. */
import { dataConnectionId } from './ids.js';
import type { StoredConnection } from './state.js';

export const DATA_CONNECTION_TYPE = 'Microsoft.Kusto/Clusters/Databases/DataConnections';

export interface DataConnectionResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string;
  readonly kind: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export function renderConnection(conn: StoredConnection): DataConnectionResource {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(conn.properties)) {
    properties[key] = Array.isArray(value) ? [...value] : value;
    if (key === 'managedIdentityResourceId' && conn.managedIdentityObjectId !== undefined) {
      properties['managedIdentityObjectId'] = conn.managedIdentityObjectId;
    }
  }
  properties['provisioningState'] = conn.provisioningState;
  return {
    id: dataConnectionId(conn.db, conn.name),
    name: `${conn.db.cluster}/${conn.db.database}/${conn.name}`,
    type: DATA_CONNECTION_TYPE,
    location: conn.location,
    kind: conn.kind,
    properties,
  };
}
