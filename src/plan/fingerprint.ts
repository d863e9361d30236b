/**
 * Fingerprints of live objects, so a saved plan can prove the world has not moved under it.
 * Pure computation: sha256 of a canonical JSON (keys sorted at every level).
 */
import { createHash } from 'node:crypto';
import type { LiveConnection } from '../core/model.js';
import { compareText } from '../core/order.js';

export const ABSENT = 'absent';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The fingerprint of a live connection as read, or `absent`. */
export function liveFingerprint(live: LiveConnection | undefined): string {
  if (!live) return ABSENT;
  return `sha256:${sha256(
    canonicalJson({ id: live.id.toLowerCase(), kind: live.kind, location: live.location, properties: live.properties }),
  )}`;
}
