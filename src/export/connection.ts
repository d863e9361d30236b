/**
 * One live data connection → the `spec` a person would write for it: the kinds table's
 * properties in its order, enum values in the Azure spelling, and nothing the service fills in
 * by itself (values equal to a server default, server-computed and read-only fields). What a
 * manifest cannot hold is a reason to leave the connection out, never a guess.
 */
import equal from 'fast-deep-equal';
import { formatConnectionAddress } from '../core/address.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { canonicalEnumValue, CONNECTION_KINDS, isConnectionKind, KIND_SPECS, type PropertySpec, READ_ONLY_PROPERTIES } from '../core/kinds.js';
import type { LiveConnection, PropertyValue } from '../core/model.js';
import { isValidName, NAME_RULES } from '../core/names.js';
import { comparableValue } from '../plan/normalise.js';
import { EXPORT_CODES } from './codes.js';
import type { YamlValue } from './yaml.js';

export type ConnectionExport =
  | {
      readonly type: 'exported';
      readonly connection: LiveConnection;
      readonly manifestKind: string;
      /** Properties to write, in the kinds table's order (location is decided per database). */
      readonly spec: Readonly<Record<string, YamlValue>>;
      readonly warnings: readonly Diagnostic[];
      /** Comment lines for its file. */
      readonly comment: readonly string[];
    }
  | {
      readonly type: 'skipped';
      readonly connection: LiveConnection;
      /** Whether its ManagedDatabase should list it in `ignore`, so that kustodian never touches it. */
      readonly ignore: boolean;
      readonly diagnostic: Diagnostic;
    };

const READ_ONLY: ReadonlySet<string> = new Set(READ_ONLY_PROPERTIES);

function warning(c: LiveConnection, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'warning', code, message, hint, address: formatConnectionAddress(c.address) };
}

type Written = { readonly ok: true; readonly value: YamlValue | undefined } | { readonly ok: false; readonly problem: string };

/** The value to write for one property; undefined when it is left to the service. */
function written(name: string, spec: PropertySpec, value: PropertyValue): Written {
  const bad = (expected: string): Written => ({ ok: false, problem: `\`${name}\` is ${JSON.stringify(value)}, ${expected}` });
  if (spec.serverComputed === true) return { ok: true, value: undefined };
  let out: PropertyValue;
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') return bad('not a boolean');
      out = value;
      break;
    case 'stringArray':
      if (!Array.isArray(value)) return bad('not a list of strings');
      out = value;
      break;
    case 'enum': {
      const canonical = typeof value === 'string' ? canonicalEnumValue(spec, value) : undefined;
      if (canonical === undefined) return bad(`not one of ${spec.values.join(', ')}`);
      out = canonical;
      break;
    }
    case 'string':
    case 'resourceId':
    case 'dateTime':
      if (typeof value !== 'string') return bad('not a string');
      out = value;
      break;
  }
  if (spec.serverDefault !== undefined && equal(comparableValue(spec, out), comparableValue(spec, spec.serverDefault))) {
    return { ok: true, value: undefined };
  }
  return { ok: true, value: out };
}

/** Terminal states after which plan applies the declared state again. */
const REPAIRED = new Set(['failed', 'canceled']);

function stateComment(state: string | undefined): string[] {
  if (state === undefined || state.toLowerCase() === 'succeeded') return [];
  if (REPAIRED.has(state.toLowerCase())) return [`The service reported provisioningState ${state} at export: kustodian plan will apply it again.`];
  return [`The service reported provisioningState ${state} at export: check this file once that operation has finished.`];
}

export function exportConnection(c: LiveConnection): ConnectionExport {
  const skip = (code: string, ignore: boolean, message: string, hint: string): ConnectionExport => ({
    type: 'skipped',
    connection: c,
    ignore: ignore && isValidName('connection', c.address.name),
    diagnostic: warning(c, code, message, hint),
  });
  const stateValue = c.properties['provisioningState'];
  const state = typeof stateValue === 'string' ? stateValue : undefined;
  if (state?.toLowerCase() === 'deleting') {
    return skip(EXPORT_CODES.beingDeleted, false, 'not exported: the service is deleting it', 'export again once the deletion has finished if it is still there');
  }
  const ignoreHint = 'its ManagedDatabase lists it in ignore, so kustodian leaves it alone; manage it outside kustodian';
  if (!isConnectionKind(c.kind)) {
    return skip(EXPORT_CODES.unknownKind, true, `not exported: kind "${c.kind}" is none of the kinds kustodian manages (${CONNECTION_KINDS.join(', ')})`, ignoreHint);
  }
  if (!isValidName('connection', c.address.name)) {
    return skip(EXPORT_CODES.unwritableValue, false, `not exported: its name must be ${NAME_RULES.connection.explain}`, 'rename it on the service, then export again');
  }
  if (c.location.trim() === '') {
    return skip(EXPORT_CODES.unwritableValue, true, 'not exported: the service reported no location', ignoreHint);
  }
  const kind = KIND_SPECS[c.kind];
  const spec: Record<string, YamlValue> = {};
  for (const [name, propertySpec] of Object.entries(kind.properties)) {
    const value = c.properties[name];
    // An empty string is how some answers spell "not set".
    if (value === undefined || value === '') {
      if (propertySpec.required) return skip(EXPORT_CODES.unwritableValue, true, `not exported: the service reported no \`${name}\`, which ${kind.manifestKind} requires`, ignoreHint);
      continue;
    }
    const w = written(name, propertySpec, value);
    if (!w.ok) return skip(EXPORT_CODES.unwritableValue, true, `not exported: ${w.problem}`, ignoreHint);
    if (w.value !== undefined) spec[name] = w.value;
  }
  const warnings: Diagnostic[] = [];
  const unknown = Object.keys(c.properties).filter((p) => !Object.hasOwn(kind.properties, p) && !READ_ONLY.has(p));
  if (unknown.length > 0) {
    warnings.push(
      warning(c, EXPORT_CODES.unknownProperty, `exported without ${unknown.map((p) => `\`${p}\``).join(', ')}: kustodian does not know ${unknown.length === 1 ? 'this property' : 'these properties'}`, 'kustodian neither writes nor compares them; an update through kustodian sends the whole definition without them, which may reset them on the service'),
    );
  }
  const comment = stateComment(state);
  if (comment.length > 0) {
    warnings.push(warning(c, EXPORT_CODES.notSucceeded, `exported in provisioningState ${state ?? ''}`, comment[0] ?? ''));
  }
  return { type: 'exported', connection: c, manifestKind: kind.manifestKind, spec, warnings, comment };
}
