/** How property values are written in plans: strings quoted, lists inline, booleans bare. */
import type { PropertyValue } from '../core/model.js';

export function formatValue(value: PropertyValue | undefined): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
}
