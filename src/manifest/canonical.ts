/**
 * Enum values are accepted in any letter case and by their aliases, and written in the Azure
 * spelling (`csv` → `CSV`, `BlobCreated` → `Microsoft.Storage.BlobCreated`) before the schema
 * check, so the schema sees, and the desired state holds, only canonical values.
 */
import { canonicalEnumValue, type PropertySpec } from '../core/kinds.js';
import { type LEntry, type LMap, type LNode, entry, withEntry } from './yaml/tree.js';

export function canonicaliseSpec(root: LMap, properties: ReadonlyMap<string, PropertySpec>): LMap {
  const spec = entry(root, 'spec');
  if (spec === undefined || spec.value.type !== 'map') return root;
  let map: LMap = spec.value;
  for (const [name, e] of spec.value.entries) {
    const p = properties.get(name);
    const v: LNode = e.value;
    if (p?.type !== 'enum' || v.type !== 'scalar' || typeof v.value !== 'string') continue;
    const canonical = canonicalEnumValue(p, v.value);
    if (canonical !== undefined && canonical !== v.value) {
      const updated: LEntry = { ...e, value: { ...v, value: canonical } };
      map = withEntry(map, updated);
    }
  }
  return map === spec.value ? root : withEntry(root, { ...spec, value: map });
}
