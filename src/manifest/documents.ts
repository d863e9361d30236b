/**
 * The document kinds a manifest may hold and the fields of their `metadata`: the vocabulary the
 * schema generator, the loader and docs/manifests.md share.
 */
import { type ConnectionKind, CONNECTION_KINDS, KIND_PROPERTY_LIST, KIND_SPECS, type PropertySpec } from '../core/kinds.js';

export const API_VERSION = 'kustodian.io/v1';

export const DEFAULTS_KIND = 'Defaults';
export const MANAGED_DATABASE_KIND = 'ManagedDatabase';

/** Every `kind` a document may have: the four connection kinds, then Defaults and ManagedDatabase. */
export const DOCUMENT_KINDS: readonly string[] = [
  ...CONNECTION_KINDS.map((k) => KIND_SPECS[k].manifestKind),
  DEFAULTS_KIND,
  MANAGED_DATABASE_KIND,
];

export type DocumentKind =
  | { readonly type: 'connection'; readonly kind: ConnectionKind; readonly manifestKind: string }
  | { readonly type: 'defaults'; readonly manifestKind: typeof DEFAULTS_KIND }
  | { readonly type: 'managedDatabase'; readonly manifestKind: typeof MANAGED_DATABASE_KIND };

export function documentKindOf(manifestKind: string): DocumentKind | undefined {
  if (manifestKind === DEFAULTS_KIND) return { type: 'defaults', manifestKind: DEFAULTS_KIND };
  if (manifestKind === MANAGED_DATABASE_KIND) return { type: 'managedDatabase', manifestKind: MANAGED_DATABASE_KIND };
  const kind = CONNECTION_KINDS.find((k) => KIND_SPECS[k].manifestKind === manifestKind);
  return kind === undefined ? undefined : { type: 'connection', kind, manifestKind };
}

/** The metadata fields that name a database; a Defaults document may supply each of them. */
export const DATABASE_FIELDS = ['subscriptionId', 'resourceGroup', 'cluster', 'database'] as const;
export type DatabaseField = (typeof DATABASE_FIELDS)[number];

/** `location`: every connection has it, besides its kind's own properties. */
export const LOCATION_DESCRIPTION =
  'The Azure region of the data connection, the same as the cluster\'s (for example Central US).';

/**
 * Every connection property of any kind, for a Defaults document's `spec`: a value there applies
 * to each document below whose kind has that property. A property that several kinds share has
 * one type in all of them (the schema generator checks this); the documented values of a list
 * property are those of every kind that has it.
 */
export function defaultableProperties(): ReadonlyMap<string, PropertySpec> {
  if (defaultable !== undefined) return defaultable;
  const out = new Map<string, PropertySpec>();
  for (const kind of CONNECTION_KINDS) {
    for (const [name, spec] of KIND_PROPERTY_LIST[kind]) {
      const first = out.get(name);
      if (first === undefined) out.set(name, spec);
      else if (first.type === 'stringArray' && spec.type === 'stringArray' && spec.knownValues !== undefined) {
        const known = [...new Set([...(first.knownValues ?? []), ...spec.knownValues])];
        out.set(name, { ...first, knownValues: known });
      }
    }
  }
  defaultable = out;
  return out;
}
let defaultable: ReadonlyMap<string, PropertySpec> | undefined;

/** The spec properties a document of this kind may set (computed once per kind: loading asks per document). */
export function specProperties(kind: DocumentKind): ReadonlyMap<string, PropertySpec> {
  switch (kind.type) {
    case 'connection':
      return KIND_PROPERTIES.get(kind.kind) ?? NO_PROPERTIES;
    case 'defaults':
      return defaultableProperties();
    case 'managedDatabase':
      return NO_PROPERTIES;
  }
}
const KIND_PROPERTIES = new Map<ConnectionKind, ReadonlyMap<string, PropertySpec>>(CONNECTION_KINDS.map((k) => [k, new Map(KIND_PROPERTY_LIST[k])]));
const NO_PROPERTIES: ReadonlyMap<string, PropertySpec> = new Map();

/** The manifest kinds that have property `name`. */
export function kindsWithProperty(name: string): string[] {
  return CONNECTION_KINDS.filter((k) => Object.hasOwn(KIND_SPECS[k].properties, name)).map((k) => KIND_SPECS[k].manifestKind);
}
