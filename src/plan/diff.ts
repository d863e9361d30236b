/**
 * The field-level difference between a declared connection and the live one, on their
 * comparable forms (see normalise.ts), with each field's replacement impact read from the
 * kinds table. One reducer turns field impacts into the connection's impact. Fields the manifest
 * lists in `kustodian.io/ignore-fields` are not compared at all.
 */
import equal from 'fast-deep-equal';
import { ignoredFields } from '../core/annotations.js';
import { COMMON_REPLACE_FIELDS, KIND_PROPERTY_LIST, isConnectionKind } from '../core/kinds.js';
import type { DesiredConnection, LiveConnection, PropertyValue } from '../core/model.js';
import type { FieldChange } from './model.js';
import { comparableField, locationKey } from './normalise.js';
import { desiredBody } from './bodies.js';

export interface ConnectionDiff {
  readonly fieldChanges: readonly FieldChange[];
  /** Paths whose change forces a replacement, in field order. */
  readonly replacePaths: readonly string[];
}

const COMMON_REPLACE: ReadonlySet<string> = new Set(COMMON_REPLACE_FIELDS);

export function diffConnection(desired: DesiredConnection, live: LiveConnection): ConnectionDiff {
  const changes: FieldChange[] = [];
  const after = desiredBody(desired);

  if (live.kind.toLowerCase() !== desired.kind.toLowerCase()) {
    changes.push({ path: 'kind', before: live.kind, after: desired.kind, forcesReplacement: true });
  }
  if (locationKey(live.location) !== locationKey(desired.location)) {
    changes.push({ path: 'location', before: live.location, after: desired.location, forcesReplacement: true });
  }

  // Of another kind, the live properties are compared as they are (under the desired kind's names).
  const sameKind = isConnectionKind(live.kind) && live.kind.toLowerCase() === desired.kind.toLowerCase();

  const ignored = ignoredFields(desired.annotations);
  for (const [name, propSpec] of KIND_PROPERTY_LIST[desired.kind]) {
    // A server-computed field the manifest leaves out is the service's to choose.
    if (propSpec.serverComputed && desired.properties[name] === undefined) continue;
    // Accepted drift (kustodian.io/ignore-fields): whatever the live value is, it is not a change.
    if (ignored.has(name)) continue;
    const w = comparableField(propSpec, after.properties[name]);
    const a = sameKind ? comparableField(propSpec, live.properties[name]) : live.properties[name];
    if (equal(w, a)) continue;
    const change: { path: string; before?: PropertyValue; after?: PropertyValue; forcesReplacement: boolean } = {
      path: name,
      forcesReplacement: propSpec.onChange === 'replace' || COMMON_REPLACE.has(name),
    };
    const before = live.properties[name];
    const afterValue = after.properties[name];
    if (before !== undefined) change.before = before;
    if (afterValue !== undefined) change.after = afterValue;
    changes.push(change);
  }

  return {
    fieldChanges: changes,
    replacePaths: changes.filter((c) => c.forcesReplacement).map((c) => c.path),
  };
}
