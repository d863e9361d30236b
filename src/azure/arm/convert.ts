/** Between the SDK's models and the domain model. Nothing else sees SDK types. */
import type { DataConnectionUnion } from '@azure/arm-kusto';
import type { ConnectionAddress, DatabaseAddress } from '../../core/address.js';
import type { ConnectionBody, LiveConnection, Properties, PropertyValue } from '../../core/model.js';

/** Envelope fields of an ARM resource, not properties of the connection. */
const ENVELOPE = new Set(['id', 'name', 'type', 'location', 'kind', 'systemData', 'etag']);

/** A property value of an answer in the domain's terms; undefined for what it cannot hold (objects, null). */
export function toPropertyValue(value: unknown): PropertyValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

/** The last segment of `cluster/database/name`, or of a resource ID. */
function lastSegment(text: string): string {
  const parts = text.split('/');
  return parts[parts.length - 1] ?? text;
}

export function liveFromSdk(database: DatabaseAddress, dc: DataConnectionUnion): LiveConnection {
  const properties: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(dc)) {
    if (ENVELOPE.has(key)) continue;
    const v = toPropertyValue(value);
    if (v !== undefined) properties[key] = v;
  }
  const name = lastSegment(dc.name ?? dc.id ?? '');
  return {
    address: { ...database, name },
    id: dc.id ?? '',
    kind: dc.kind,
    location: dc.location ?? '',
    properties: properties satisfies Properties,
  };
}

/** The request body of a PUT. Dates are sent as Date objects, as the SDK's serializer expects. */
export function sdkFromBody(body: ConnectionBody): DataConnectionUnion {
  const out: Record<string, unknown> = { kind: body.kind, location: body.location };
  for (const [key, value] of Object.entries(body.properties)) {
    out[key] = key === 'retrievalStartDate' && typeof value === 'string' ? new Date(value) : value;
  }
  // The SDK's union is discriminated by kind; the body was built from the kinds table.
  return out as unknown as DataConnectionUnion;
}

export function sdkPath(address: DatabaseAddress | ConnectionAddress): [string, string, string] {
  return [address.resourceGroup, address.cluster, address.database];
}
