/**
 * Builds the JSON Schemas of every document kind from the kinds table. `npm run schemas` writes
 * them to schemas/v1/ (committed; a test fails when they differ from what this produces), the
 * loader validates with them, and editors read them through the yaml-language-server modeline.
 *
 * A schema describes a document as written: fields a Defaults document may supply (the database
 * address, `location`, spec properties) are not `required` here, because an editor looking at one
 * file cannot see the Defaults above it. The loader checks them after applying Defaults.
 */
import { ANNOTATION_PREFIX, ANNOTATION_SPECS, type AnnotationKey, KNOWN_ANNOTATIONS } from '../../core/annotations.js';
import { CONNECTION_KINDS, type ConnectionKind, KIND_SPECS, type PropertySpec } from '../../core/kinds.js';
import { NAME_RULES } from '../../core/names.js';
import {
  API_VERSION,
  DATABASE_FIELDS,
  DEFAULTS_KIND,
  DOCUMENT_KINDS,
  LOCATION_DESCRIPTION,
  MANAGED_DATABASE_KIND,
  defaultableProperties,
} from '../documents.js';
import { LABEL_KEY, LABEL_VALUE, NAME_GLOB, caseInsensitivePattern, fieldListPattern } from './formats.js';
import { resourceIdShape } from './resource-id.js';

/** A JSON value, as the schemas are written. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

export const SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';
export const SCHEMA_DIR = 'schemas/v1';

/** The schema file of each document kind (lower-cased kind), and the dispatcher. */
export function schemaFileName(manifestKind: string): string {
  return `${manifestKind.toLowerCase()}.schema.json`;
}
export const MANIFEST_SCHEMA_FILE = 'manifest.schema.json';

function describe(spec: PropertySpec, requiredNote: string | undefined): string {
  const parts = [spec.description];
  if (requiredNote !== undefined) parts.push(requiredNote);
  if (spec.serverDefault !== undefined) parts.push(`Default: ${JSON.stringify(spec.serverDefault)}.`);
  if (spec.onChange === 'replace') parts.push('Changing it replaces the connection.');
  return parts.join(' ');
}

export function propertySchema(spec: PropertySpec, requiredNote?: string): JsonObject {
  const description = describe(spec, requiredNote);
  switch (spec.type) {
    case 'string':
      return { type: 'string', minLength: 1, description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'stringArray':
      return {
        type: 'array',
        items: { type: 'string', minLength: 1, ...(spec.knownValues ? { examples: [...spec.knownValues] } : {}) },
        description,
      };
    case 'dateTime':
      return { type: 'string', format: 'date-time', description };
    case 'enum': {
      const accepted = [...spec.values, ...Object.keys(spec.aliases ?? {})];
      return {
        type: 'string',
        anyOf: [
          { type: 'string', enum: accepted },
          { type: 'string', pattern: caseInsensitivePattern(accepted) },
        ],
        description,
      };
    }
    case 'resourceId': {
      const shapes = spec.resourceTypes.map((t) => resourceIdShape(t, spec.extensionOf));
      return { type: 'string', minLength: 1, description: `${description} ${shapes.join(' or ')}`, examples: shapes };
    }
  }
}

const nameSchema = (rule: { pattern: string; explain: string }, description: string): JsonObject => ({
  type: 'string',
  pattern: rule.pattern,
  description: `${description} (${rule.explain}).`,
});

const DATABASE_FIELD_SCHEMAS: Readonly<Record<(typeof DATABASE_FIELDS)[number], JsonObject>> = {
  subscriptionId: nameSchema(NAME_RULES.subscriptionId, 'The subscription of the cluster'),
  resourceGroup: nameSchema(NAME_RULES.resourceGroup, 'The resource group of the cluster'),
  cluster: nameSchema(NAME_RULES.cluster, 'The Azure Data Explorer cluster'),
  database: nameSchema(NAME_RULES.database, 'The database in the cluster'),
};

const labelsSchema: JsonObject = {
  type: 'object',
  description: 'Free key/value labels, for selecting manifests.',
  propertyNames: { type: 'string', pattern: LABEL_KEY.pattern },
  additionalProperties: { type: 'string', pattern: LABEL_VALUE.pattern },
};

/** The annotations of a document whose spec may name `fields` (a kind's properties, or all for Defaults). */
function annotationsSchema(fields: readonly string[]): JsonObject {
  const valueSchema = (k: AnnotationKey): JsonObject => {
    const spec = ANNOTATION_SPECS[k];
    switch (spec.accepts.type) {
      case 'enum':
        return { type: 'string', enum: [...spec.accepts.values], description: spec.description };
      case 'field-list':
        return {
          type: 'string',
          pattern: fieldListPattern(fields),
          description: `${spec.description} Comma-separated property names: ${fields.join(', ')}.`,
          examples: ['mappingRuleName, tableName'],
        };
    }
  };
  return {
    type: 'object',
    description: `Annotations. Keys under ${ANNOTATION_PREFIX} are kustodian's (${KNOWN_ANNOTATIONS.join(', ')}); other keys are free.`,
    propertyNames: {
      anyOf: [
        { type: 'string', enum: [...KNOWN_ANNOTATIONS] },
        { type: 'string', not: { type: 'string', pattern: `^${ANNOTATION_PREFIX.replace('.', '\\.')}` } },
      ],
    },
    properties: Object.fromEntries(KNOWN_ANNOTATIONS.map((k): [string, Json] => [k, valueSchema(k)])),
    additionalProperties: { type: 'string' },
  };
}

const DEFAULTABLE = '(Required; may come from a Defaults document.)';

function header(manifestKind: string, description: string): JsonObject {
  return {
    apiVersion: { type: 'string', const: API_VERSION, description: `Always ${API_VERSION}.` },
    kind: { type: 'string', const: manifestKind, description },
  };
}

function databaseFields(requiredNote: string): Record<string, Json> {
  return Object.fromEntries(
    DATABASE_FIELDS.map((f): [string, Json] => [
      f,
      { ...DATABASE_FIELD_SCHEMAS[f], description: `${String(DATABASE_FIELD_SCHEMAS[f]['description'])} ${requiredNote}` },
    ]),
  );
}

export function connectionSchema(kind: ConnectionKind): JsonObject {
  const spec = KIND_SPECS[kind];
  const properties: Record<string, Json> = {
    location: { type: 'string', minLength: 1, description: `${LOCATION_DESCRIPTION} ${DEFAULTABLE} Changing it replaces the connection.` },
  };
  for (const [name, p] of Object.entries(spec.properties)) {
    properties[name] = propertySchema(p, p.required ? DEFAULTABLE : undefined);
  }
  return {
    $schema: SCHEMA_DRAFT,
    title: spec.manifestKind,
    description: `An Azure Data Explorer ${kind} data connection (Microsoft.Kusto dataConnections, kind ${kind}).`,
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: false,
    properties: {
      ...header(spec.manifestKind, `An ${kind} data connection.`),
      metadata: {
        type: 'object',
        description: 'Where the connection lives and what it is called.',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: nameSchema(NAME_RULES.connection, 'The data connection\'s name in Azure'),
          ...databaseFields(DEFAULTABLE),
          labels: labelsSchema,
          annotations: annotationsSchema(Object.keys(spec.properties)),
        },
      },
      spec: {
        type: 'object',
        description: 'The Azure properties of the connection (names as in the REST API).',
        additionalProperties: false,
        properties,
      },
    },
  };
}

export function defaultsSchema(): JsonObject {
  const properties: Record<string, Json> = {
    location: { type: 'string', minLength: 1, description: LOCATION_DESCRIPTION },
  };
  for (const [name, p] of defaultableProperties()) {
    properties[name] = propertySchema(p, 'Applies to the kinds that have this property.');
  }
  return {
    $schema: SCHEMA_DRAFT,
    title: DEFAULTS_KIND,
    description:
      'Values for the documents in this directory and below. A nearer Defaults overrides a farther one field by field; a document\'s own value wins.',
    type: 'object',
    required: ['apiVersion', 'kind'],
    additionalProperties: false,
    properties: {
      ...header(DEFAULTS_KIND, 'Values shared by the documents in this directory and below.'),
      metadata: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...databaseFields('(Default for the documents below.)'),
          labels: { ...labelsSchema, description: 'Labels merged into each document\'s own (its own win).' },
          annotations: { ...annotationsSchema([...defaultableProperties().keys()]), description: 'Annotations merged into each connection\'s own (its own win).' },
        },
      },
      spec: {
        type: 'object',
        description: 'Spec fields for the connections below; each applies to the kinds that have it.',
        additionalProperties: false,
        properties,
      },
    },
  };
}

export function managedDatabaseSchema(): JsonObject {
  const globs = (description: string): JsonObject => ({
    type: 'array',
    description,
    items: { type: 'string', pattern: NAME_GLOB.pattern, description: NAME_GLOB.explain },
  });
  return {
    $schema: SCHEMA_DRAFT,
    title: MANAGED_DATABASE_KIND,
    description:
      'A database whose data connections kustodian owns. Without one, kustodian never deletes a connection in that database.',
    type: 'object',
    required: ['apiVersion', 'kind'],
    additionalProperties: false,
    properties: {
      ...header(MANAGED_DATABASE_KIND, 'A database whose data connections kustodian owns.'),
      metadata: {
        type: 'object',
        additionalProperties: false,
        properties: databaseFields(DEFAULTABLE),
      },
      spec: {
        type: 'object',
        additionalProperties: false,
        properties: {
          prune: { type: 'boolean', description: 'Delete live connections that no manifest declares. Default: false.' },
          ignore: globs('Names (globs, any letter case) of connections kustodian never touches.'),
          protect: globs('Names (globs, any letter case) of connections kustodian never deletes or replaces.'),
          allowEmpty: { type: 'boolean', description: 'Allow a prune that would delete every connection of the database. Default: false.' },
        },
      },
    },
  };
}

/** Every schema file: name → content. */
export function generateSchemas(): Map<string, JsonObject> {
  checkSharedProperties();
  const files = new Map<string, JsonObject>();
  const definitions: Record<string, Json> = {};
  const add = (manifestKind: string, schema: JsonObject): void => {
    files.set(schemaFileName(manifestKind), schema);
    const { $schema: _drop, ...body } = schema;
    definitions[manifestKind] = body;
  };
  for (const kind of CONNECTION_KINDS) add(KIND_SPECS[kind].manifestKind, connectionSchema(kind));
  add(DEFAULTS_KIND, defaultsSchema());
  add(MANAGED_DATABASE_KIND, managedDatabaseSchema());
  files.set(MANIFEST_SCHEMA_FILE, {
    $schema: SCHEMA_DRAFT,
    title: 'kustodian manifest',
    description: `One kustodian document; its kind selects the schema. Editors: # yaml-language-server: $schema=<path>/${SCHEMA_DIR}/${MANIFEST_SCHEMA_FILE}`,
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { type: 'string', const: API_VERSION },
      kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
    },
    allOf: DOCUMENT_KINDS.map((k) => ({
      if: { properties: { kind: { const: k } }, required: ['kind'] },
      then: { $ref: `#/definitions/${k}` },
    })),
    definitions,
  });
  return files;
}

/** Serialised exactly as committed: two-space JSON and a final newline. */
export function serialiseSchema(schema: Json): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** A property several kinds share must mean the same in all of them (a Defaults value applies to each). */
function checkSharedProperties(): void {
  const seen = new Map<string, { kind: string; shape: string }>();
  for (const kind of CONNECTION_KINDS) {
    for (const [name, p] of Object.entries(KIND_SPECS[kind].properties)) {
      const shape = JSON.stringify([
        p.type,
        p.type === 'enum' ? [p.values, p.aliases] : null,
        p.type === 'resourceId' ? [p.resourceTypes, p.extensionOf] : null,
      ]);
      const first = seen.get(name);
      if (first === undefined) seen.set(name, { kind, shape });
      else if (first.shape !== shape) {
        throw new Error(`kinds table: ${name} has one type in ${first.kind} and another in ${kind}`);
      }
    }
  }
}
