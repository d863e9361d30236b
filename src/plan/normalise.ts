/**
 * Normalisation: the comparable form of a data connection, the same whichever side it came
 * from. Applying a plan and planning again must give no changes, even though the service
 * answers with other casing, display-name locations, filled-in defaults and Date objects.
 *
 * Inputs are never mutated: the desired side comes from the loader and the live side from the
 * SDK, and both are shown to the user as they were (before/after), so normalisation builds new
 * values next to them.
 */
import { KIND_PROPERTY_LIST, canonicalEnumValue, type ConnectionKind, type PropertySpec } from '../core/kinds.js';
import type { Properties, PropertyValue } from '../core/model.js';

/** The comparable form of one connection. Read-only and unknown properties are dropped. */
export interface Comparable {
  readonly kind: string;
  readonly location: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

/** Locations compare lower-cased without spaces: `West US` = `westus` = `WestUS`. */
export function locationKey(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/** The canonical spelling of an enum value, or undefined if it is not one of the values. */
export function canonicalEnum(spec: PropertySpec, value: string): string | undefined {
  return spec.type === 'enum' ? canonicalEnumValue(spec, value) : undefined;
}

/** An ISO-8601 date-time in one spelling (UTC, milliseconds), or the input if unparseable. */
export function canonicalDateTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** The comparable form of one property value under its spec. */
export function comparableValue(spec: PropertySpec, value: PropertyValue): PropertyValue {
  switch (spec.type) {
    case 'resourceId':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'enum':
      return typeof value === 'string' ? (canonicalEnum(spec, value) ?? value) : value;
    case 'dateTime':
      return typeof value === 'string' ? canonicalDateTime(value) : value;
    case 'stringArray':
      // The service does not promise an order; the set is what matters.
      return Array.isArray(value) ? [...new Set(value)].sort() : value;
    case 'string':
    case 'boolean':
      return value;
  }
}

/**
 * The comparable properties of a connection of a known kind: every property of the kind that
 * is set, plus server defaults for those left out. Server-computed fields left out stay out,
 * so they are not compared. An empty string is "not set" (a manifest cannot hold one; an
 * answer may spell an unset field so).
 */
export function comparableProperties(kind: ConnectionKind, properties: Properties): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [name, spec] of KIND_PROPERTY_LIST[kind]) {
    const value = comparableField(spec, properties[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** One property of `comparableProperties`: undefined when it is not set and has no server default. */
export function comparableField(spec: PropertySpec, value: PropertyValue | undefined): PropertyValue | undefined {
  if (value !== undefined && value !== '') return comparableValue(spec, value);
  return spec.serverDefault === undefined ? undefined : comparableValue(spec, spec.serverDefault);
}
