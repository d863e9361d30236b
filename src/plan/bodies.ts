/**
 * The bodies of a change: what a declared connection is sent as, and what a live one was read
 * as. Server defaults are written out in the sent body, so that what the plan shows is exactly
 * what the connection will be, and a PUT resets a field the manifest no longer sets.
 */
import { KIND_PROPERTY_LIST, READ_ONLY_PROPERTIES } from '../core/kinds.js';
import type { DesiredConnection, LiveConnection, PropertyValue } from '../core/model.js';
import type { ConnectionBody } from './model.js';
import { canonicalEnum } from './normalise.js';

const READ_ONLY: ReadonlySet<string> = new Set(READ_ONLY_PROPERTIES);

/** Enum values are sent in the service's spelling, whatever letter case or alias was declared. */
export function desiredBody(desired: DesiredConnection): ConnectionBody {
  const properties: Record<string, PropertyValue> = {};
  for (const [name, spec] of KIND_PROPERTY_LIST[desired.kind]) {
    const declared = desired.properties[name];
    if (typeof declared === 'string' && spec.type === 'enum') properties[name] = canonicalEnum(spec, declared) ?? declared;
    else if (declared !== undefined) properties[name] = declared;
    else if (spec.serverDefault !== undefined) properties[name] = spec.serverDefault;
  }
  return { kind: desired.kind, location: desired.location, properties };
}

/** The live connection as read, without read-only fields. */
export function liveBody(live: LiveConnection): ConnectionBody {
  const properties: Record<string, PropertyValue> = {};
  for (const [name, value] of Object.entries(live.properties)) {
    if (!READ_ONLY.has(name)) properties[name] = value;
  }
  return { kind: live.kind, location: live.location, properties };
}

export function provisioningStateOf(live: LiveConnection): string | undefined {
  const state = live.properties['provisioningState'];
  return typeof state === 'string' ? state : undefined;
}
