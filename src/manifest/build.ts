/**
 * A valid document (Defaults applied) → the domain model: `DesiredConnection` or
 * `ManagedDatabase`. Only ever called on documents with no errors, so every value has the type
 * the schema promised; what does not is left out rather than guessed.
 */
import type { ConnectionAddress, DatabaseAddress } from '../core/address.js';
import { type ConnectionKind, KIND_PROPERTY_LIST } from '../core/kinds.js';
import type { DesiredConnection, ManagedDatabase, PropertyValue, SourcePosition } from '../core/model.js';
import { type LMap, type LNode, entry, mapAt, stringAt } from './yaml/tree.js';


function propertyValue(node: LNode): PropertyValue | undefined {
  if (node.type === 'scalar') {
    return typeof node.value === 'string' || typeof node.value === 'boolean' ? node.value : undefined;
  }
  if (node.type === 'seq') {
    const items = node.items.flatMap((i) => (i.type === 'scalar' && typeof i.value === 'string' ? [i.value] : []));
    return Object.freeze(items);
  }
  return undefined;
}

function stringMap(node: LMap | undefined): Readonly<Record<string, string>> {
  if (node === undefined) return {};
  const pairs: [string, string][] = [];
  for (const [k, e] of node.entries) {
    if (e.value.type === 'scalar' && typeof e.value.value === 'string') pairs.push([k, e.value.value]);
  }
  // fromEntries defines own properties: a key can never reach a prototype (and none is allowed).
  return Object.fromEntries(pairs);
}

function databaseAddress(root: LMap): DatabaseAddress {
  const metadata = mapAt(root, 'metadata');
  return {
    subscriptionId: stringAt(metadata, 'subscriptionId') ?? '',
    resourceGroup: stringAt(metadata, 'resourceGroup') ?? '',
    cluster: stringAt(metadata, 'cluster') ?? '',
    database: stringAt(metadata, 'database') ?? '',
  };
}

export function buildConnection(root: LMap, kind: ConnectionKind): DesiredConnection {
  const metadata = mapAt(root, 'metadata');
  const spec = mapAt(root, 'spec');
  const address: ConnectionAddress = { ...databaseAddress(root), name: stringAt(metadata, 'name') ?? '' };
  const properties: Record<string, PropertyValue> = {};
  const fieldSources: Record<string, SourcePosition> = {};
  const location = entry(spec, 'location');
  if (location !== undefined) fieldSources['location'] = location.value.pos;
  // Properties in the kinds table's order, whatever order they were written in.
  for (const [name] of KIND_PROPERTY_LIST[kind]) {
    const e = entry(spec, name);
    if (e === undefined) continue;
    const value = propertyValue(e.value);
    if (value === undefined) continue;
    properties[name] = value;
    fieldSources[name] = e.value.pos;
  }
  return {
    address,
    kind,
    location: stringAt(spec, 'location') ?? '',
    properties,
    labels: stringMap(mapAt(metadata, 'labels')),
    annotations: stringMap(mapAt(metadata, 'annotations')),
    source: root.pos,
    fieldSources,
  };
}

export function buildManagedDatabase(root: LMap): ManagedDatabase {
  const spec = mapAt(root, 'spec');
  const flag = (name: string): boolean => {
    const v = entry(spec, name)?.value;
    return v?.type === 'scalar' && v.value === true;
  };
  const globs = (name: string): readonly string[] => {
    const v = entry(spec, name)?.value;
    const value = v === undefined ? undefined : propertyValue(v);
    return Array.isArray(value) ? value : [];
  };
  return {
    address: databaseAddress(root),
    prune: flag('prune'),
    ignore: globs('ignore'),
    protect: globs('protect'),
    allowEmpty: flag('allowEmpty'),
    source: root.pos,
  };
}
