/**
 * What changed in a live connection between the moment a plan read it and now, field by field,
 * in words: why a saved plan went stale. Pure: the plan's record of the connection (its `before`
 * body and provisioning state, or absent) against the connection as read now.
 */
import equal from 'fast-deep-equal';
import type { LiveConnection, PropertyValue } from '../core/model.js';
import { compareText } from '../core/order.js';
import { printable } from '../core/printable.js';
import { liveBody, provisioningStateOf } from './bodies.js';
import type { ConnectionBody } from './model.js';

/** The connection as the plan saw it; undefined when it did not exist. */
export interface PlannedView {
  readonly body: ConnectionBody;
  readonly provisioningState?: string;
}

function show(value: PropertyValue | undefined): string {
  return value === undefined ? 'unset' : printable(JSON.stringify(value));
}

/** `field: A when planned, B now` for each field that differs, in a stable order. */
export function liveDifference(planned: PlannedView | undefined, now: LiveConnection | undefined): string {
  if (planned === undefined && now === undefined) return 'it did not exist when planned and does not now';
  if (planned === undefined) return `it did not exist when planned; now it does, of kind ${printable(now?.kind ?? '')}`;
  if (now === undefined) return 'it existed when planned; now it does not';
  const current = liveBody(now);
  const parts: string[] = [];
  if (planned.body.kind !== current.kind) parts.push(`kind: ${show(planned.body.kind)} when planned, ${show(current.kind)} now`);
  if (planned.body.location !== current.location) parts.push(`location: ${show(planned.body.location)} when planned, ${show(current.location)} now`);
  const names = [...new Set([...Object.keys(planned.body.properties), ...Object.keys(current.properties)])].sort(compareText);
  for (const name of names) {
    const was = planned.body.properties[name];
    const is = current.properties[name];
    if (!equal(was, is)) parts.push(`${printable(name)}: ${show(was)} when planned, ${show(is)} now`);
  }
  const state = provisioningStateOf(now);
  if (planned.provisioningState !== undefined && state !== planned.provisioningState) {
    parts.push(`provisioningState: ${show(planned.provisioningState)} when planned, ${show(state)} now`);
  }
  return parts.length > 0 ? parts.join('; ') : 'its service-side fields changed (none that a manifest sets)';
}
