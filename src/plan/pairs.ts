/** The exclusive (hub, consumer group) pair of a connection, compared case-insensitively. */
import { KIND_SPECS, type ConnectionKind } from '../core/kinds.js';
import type { Properties } from '../core/model.js';

export function exclusivePairKey(kind: ConnectionKind, properties: Properties): string | undefined {
  const pair = KIND_SPECS[kind].exclusivePair;
  if (!pair) return undefined;
  const hub = properties[pair.hub];
  const group = properties[pair.consumerGroup];
  if (typeof hub !== 'string' || typeof group !== 'string') return undefined;
  return `${hub.toLowerCase()}|${group.toLowerCase()}`;
}
