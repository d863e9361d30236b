/**
 * How property values are written in plans: strings quoted, lists inline, booleans bare. JSON
 * quoting escapes control characters and line breaks; what it leaves raw (bidirectional controls,
 * C1 controls, U+2028/U+2029) is escaped by `printable`, so a live value cannot reorder or forge
 * what a person reads.
 */
import type { PropertyValue } from '../core/model.js';
import { printable } from '../core/printable.js';

export function formatValue(value: PropertyValue | undefined): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return printable(JSON.stringify(value));
  return printable(`[${value.map((v) => JSON.stringify(v)).join(', ')}]`);
}
