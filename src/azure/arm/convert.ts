/** Between the SDK's models and the domain model. Nothing else sees SDK types. */
import type { DataConnectionUnion } from '@azure/arm-kusto';
import type { ConnectionAddress, DatabaseAddress } from '../../core/address.js';
import type { ConnectionBody, PropertyValue } from '../../core/model.js';
import { KIND_SPECS, isConnectionKind } from '../../core/kinds.js';

/** A property value of an answer in the domain's terms; undefined for what it cannot hold (objects, null). */
function toPropertyValue(value: unknown): PropertyValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

/**
 * A property of a connection as ARM's JSON holds it, in the domain's terms and as the SDK's
 * models gave it: a date-time in ISO form with milliseconds (ARM writes seven fractional
 * digits), so the same connection reads the same whichever way it was read.
 */
export function propertyFromWire(kind: string, name: string, value: unknown): PropertyValue | undefined {
  const v = toPropertyValue(value);
  const spec = isConnectionKind(kind) ? KIND_SPECS[kind].properties[name] : undefined;
  if (spec?.type !== 'dateTime' || typeof v !== 'string') return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : new Date(ms).toISOString();
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
