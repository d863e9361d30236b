/**
 * What a PUT keeps of the live connection it writes over, and the strategy of a replacement.
 */
import { ANNOTATIONS, ignoredFields, replaceStrategy } from '../../core/annotations.js';
import { KIND_SPECS, isConnectionKind } from '../../core/kinds.js';
import type { DesiredConnection, LiveConnection, PropertyValue } from '../../core/model.js';
import type { ConnectionBody, ReplaceStrategy } from '../model.js';

export function replaceStrategyFor(d: DesiredConnection, fallback: ReplaceStrategy | undefined): ReplaceStrategy {
  const chosen = d.annotations[ANNOTATIONS.replaceStrategy] !== undefined ? replaceStrategy(d.annotations) : (fallback ?? 'default');
  const supportsStart = KIND_SPECS[d.kind].properties['retrievalStartDate'] !== undefined;
  // A declared retrievalStartDate already says where reading starts again.
  if (chosen === 'gap-free' && supportsStart && !declares(d, 'retrievalStartDate')) return 'gap-free';
  return 'default';
}

/** The manifest sets `name` and does not list it in kustodian.io/ignore-fields. */
function declares(d: DesiredConnection, name: string): boolean {
  return d.properties[name] !== undefined && !ignoredFields(d.annotations).has(name);
}

/**
 * What a PUT to a live connection of the same kind keeps from it:
 * - the live retrievalStartDate when the manifest has none: a PUT without it would let the
 *   service move the start to now;
 * - every field of kustodian.io/ignore-fields: its live value is accepted drift, so the PUT sends
 *   it back as it is (and leaves it out when it is unset live).
 */
export function withCarriedOver(after: ConnectionBody, d: DesiredConnection, l: LiveConnection): ConnectionBody {
  if (!isConnectionKind(l.kind) || l.kind !== d.kind) return after;
  const carried = new Set(ignoredFields(d.annotations));
  if (!declares(d, 'retrievalStartDate')) carried.add('retrievalStartDate');
  const properties: Record<string, PropertyValue> = { ...after.properties };
  for (const name of carried) {
    if (KIND_SPECS[d.kind].properties[name] === undefined) continue;
    const value = l.properties[name];
    if (value !== undefined) properties[name] = value;
    else delete properties[name];
  }
  return { ...after, properties };
}

/** A default replacement creates a new connection: its start is the service's to choose. */
export function withoutCarriedStart(after: ConnectionBody, d: DesiredConnection): ConnectionBody {
  if (declares(d, 'retrievalStartDate') || after.properties['retrievalStartDate'] === undefined) return after;
  const { retrievalStartDate: _dropped, ...rest } = after.properties;
  return { ...after, properties: rest };
}
