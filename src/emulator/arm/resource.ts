/** A stored data connection as the service answers it, at an api-version. */
import { answerShape, LATEST_API_VERSION } from '../kusto/api-versions.js';
import { dataConnectionId } from './ids.js';
import type { StoredConnection } from '../state/store.js';

export const DATA_CONNECTION_TYPE = 'Microsoft.Kusto/Clusters/Databases/DataConnections';

export interface DataConnectionResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string;
  readonly kind: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The connection with only the properties the api-version knows (see api-versions.ts). */
export function renderConnection(conn: StoredConnection, apiVersion: string = LATEST_API_VERSION): DataConnectionResource {
  const shape = answerShape(apiVersion, conn.kind);
  const known = new Set(shape.properties);
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(conn.properties)) {
    if (!known.has(key)) continue;
    properties[key] = Array.isArray(value) ? [...value] : value;
    if (key === 'managedIdentityResourceId' && conn.managedIdentityObjectId !== undefined && shape.readOnly.includes('managedIdentityObjectId')) {
      properties['managedIdentityObjectId'] = conn.managedIdentityObjectId;
    }
  }
  if (shape.readOnly.includes('provisioningState')) properties['provisioningState'] = conn.provisioningState;
  return {
    id: dataConnectionId(conn.db, conn.name),
    name: `${conn.db.cluster}/${conn.db.database}/${conn.name}`,
    type: DATA_CONNECTION_TYPE,
    location: conn.location,
    kind: conn.kind,
    properties,
  };
}
