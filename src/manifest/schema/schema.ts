/**
 * Checks one document as written against its kind's JSON Schema and turns ajv's errors into
 * diagnostics that point at the offending node and say what to do.
 *
 * Two validators, one schema. The precompiled one (validators.generated.ts, made by
 * `npm run schemas` from the schemas committed under schemas/v1/) only says valid or not and
 * needs no ajv at run time; almost every document passes it. For a document it refuses, the full
 * validator (allErrors + verbose) is compiled here from the committed schema file and gives the
 * errors to translate. ajv and ajv-formats are loaded by that path only, on first use: loading
 * and compiling them costs more than checking a whole estate of valid documents.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { KNOWN_ANNOTATIONS } from '../../core/annotations.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourcePosition } from '../../core/model.js';
import { IGNORE_FIELDS_PATH } from '../checks/annotation-checks.js';
import { KD, report } from '../codes.js';
import { kindsWithProperty } from '../documents.js';
import { ruleForPattern } from './formats.js';
import { SCHEMA_DIR, schemaFileName } from './schema-gen.js';
import { suggest } from '../checks/suggest.js';
import { type LNode, type PathSegment, describeNode, entry, formatPath, locate, pointerSegments, toPlain } from '../yaml/tree.js';
import { PRECOMPILED_VALIDATORS } from './validators.generated.js';
import { packageFile } from '../../fs/package-root.js';
import { pathToFileURL } from 'node:url';

/** schemas/v1/ beside dist/ and src/ (the package root). */
export function schemaFileUrl(file: string): URL {
  return pathToFileURL(packageFile(SCHEMA_DIR, file));
}

// checkSchema is synchronous, so the lazy load is require(), not import(). Both packages are
// CommonJS; these are their types as require() returns them.
type AjvModule = typeof import('ajv', { with: { 'resolution-mode': 'require' } });
type FormatsModule = typeof import('ajv-formats', { with: { 'resolution-mode': 'require' } });
const require = createRequire(import.meta.url);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The full validator of a kind: every error, with its schema and data. */
function fullValidatorFor(manifestKind: string): ValidateFunction {
  let v = validators.get(manifestKind);
  if (v === undefined) {
    if (ajv === undefined) {
      const { Ajv } = require('ajv') as AjvModule;
      const addFormats = (require('ajv-formats') as FormatsModule).default;
      ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
      addFormats(ajv, ['date-time']);
    }
    const schema = JSON.parse(readFileSync(schemaFileUrl(schemaFileName(manifestKind)), 'utf8')) as object;
    v = ajv.compile(schema);
    validators.set(manifestKind, v);
  }
  return v;
}

export interface SchemaResult {
  readonly diagnostics: Diagnostic[];
  /** Paths of the fields found invalid (for Defaults: left out of what is applied). */
  readonly invalidPaths: PathSegment[][];
}

export function checkSchema(root: LNode, manifestKind: string): SchemaResult {
  const document = toPlain(root);
  if (PRECOMPILED_VALIDATORS.get(manifestKind)?.(document) === true) return { diagnostics: [], invalidPaths: [] };
  const validate = fullValidatorFor(manifestKind);
  if (validate(document)) return { diagnostics: [], invalidPaths: [] };
  const diagnostics: Diagnostic[] = [];
  const invalidPaths: PathSegment[][] = [];
  const seen = new Set<string>();
  // A value of the wrong type is reported for that alone (not also as outside an enum).
  const errors = [...(validate.errors ?? [])].sort((a, b) => Number(b.keyword === 'type') - Number(a.keyword === 'type'));
  const mistyped = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'type') mistyped.add(error.instancePath);
    else if (mistyped.has(error.instancePath)) continue;
    const found = translate(error, root, manifestKind);
    if (found === undefined) continue;
    const key = `${found.diagnostic.code}|${found.diagnostic.source?.line}|${found.diagnostic.source?.col}|${found.diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(found.diagnostic);
    if (found.invalid !== undefined) invalidPaths.push(found.invalid);
  }
  return { diagnostics, invalidPaths };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

type Translation = { diagnostic: Diagnostic; invalid?: PathSegment[] };

/** One ajv error, placed: the node it is about and the words around it. */
interface PlacedError {
  readonly error: ErrorObject;
  readonly manifestKind: string;
  readonly path: PathSegment[];
  readonly where: ReturnType<typeof locate>;
  readonly node: LNode;
  readonly field: string;
  readonly value: string;
  readonly params: Record<string, unknown>;
  readonly parent: Record<string, unknown>;
  readonly at: SourcePosition;
}

function translate(error: ErrorObject, root: LNode, manifestKind: string): Translation | undefined {
  // Branches of anyOf and propertyNames are reported once, by the keyword that holds them.
  if (/\/(anyOf|propertyNames)\//.test(error.schemaPath)) return undefined;
  const path = pointerSegments(error.instancePath);
  // The names an ignore-fields value lists are checked with a did-you-mean by annotation-checks.ts.
  if (error.keyword === 'pattern' && samePath(path, IGNORE_FIELDS_PATH)) return undefined;
  const where = locate(root, path);
  const node = where.node;
  if (node === undefined) return undefined;
  if (node.type === 'scalar' && node.unresolved === true) return undefined; // its ${VAR} was reported
  return explain({
    error,
    manifestKind,
    path,
    where,
    node,
    field: formatPath(path),
    value: node.type === 'scalar' ? String(node.value) : '',
    params: isRecord(error.params) ? error.params : {},
    parent: isRecord(error.parentSchema) ? error.parentSchema : {},
    at: node.pos,
  });
}

function explain(e: PlacedError): Translation | undefined {
  const { error, path, field, value, params, at } = e;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      if (path.length === 0 && (missing === 'apiVersion' || missing === 'kind')) return undefined; // checked first
      return { diagnostic: report(KD.missingField, e.where.keyPos ?? at, formatPath([...path, missing]), e.manifestKind, false) };
    }
    case 'additionalProperties':
      return unknownField(e);
    case 'propertyNames':
      return badKey(e);
    case 'type':
      return wrongType(e);
    case 'anyOf':
    case 'enum': {
      const options = error.keyword === 'enum' ? stringList(error.schema) : enumOfAnyOf(e.parent['anyOf']);
      return { diagnostic: report(KD.notAllowed, at, field, value, options, suggest(value, options)), invalid: path };
    }
    case 'pattern': {
      const rule = ruleForPattern(String(params['pattern']));
      if (rule?.connectionName === true) return { diagnostic: report(KD.badConnectionName, at, value, rule.explain), invalid: path };
      return {
        diagnostic: report(KD.badFormat, at, `\`${field}\``, rule?.explain ?? `to match ${String(params['pattern'])}`, rule?.example),
        invalid: path,
      };
    }
    case 'minLength':
      return { diagnostic: report(KD.badFormat, at, `\`${field}\``, 'a non-empty string', undefined), invalid: path };
    case 'format':
      return { diagnostic: report(KD.badDateTime, at, field, value), invalid: path };
    default:
      return { diagnostic: report(KD.badFormat, at, `\`${field}\``, error.message ?? `valid (${error.keyword})`, undefined), invalid: path };
  }
}

function unknownField(e: PlacedError): Translation {
  const { path, node, at } = e;
  const extra = String(e.params['additionalProperty']);
  const known = Object.keys(isRecord(e.parent['properties']) ? e.parent['properties'] : {});
  const owners = path.length === 1 && path[0] === 'spec' ? kindsWithProperty(extra) : [];
  const container = path.length === 0 ? `a ${e.manifestKind} document` : `${e.field} of ${e.manifestKind}`;
  return {
    diagnostic: report(
      KD.unknownField,
      entry(node, extra)?.keyPos ?? at,
      extra,
      container,
      suggest(extra, known),
      owners.length > 0 ? owners.join(', ') : undefined,
      known,
    ),
    invalid: [...path, extra],
  };
}

function badKey(e: PlacedError): Translation {
  const name = String(e.params['propertyName']);
  const keyPos = entry(e.node, name)?.keyPos ?? e.at;
  if (e.path[e.path.length - 1] === 'annotations') {
    return {
      diagnostic: report(KD.unknownAnnotation, keyPos, name, suggest(name, KNOWN_ANNOTATIONS), KNOWN_ANNOTATIONS),
      invalid: [...e.path, name],
    };
  }
  const rule = ruleForPattern(String(findPattern(e.parent['propertyNames'])));
  return {
    diagnostic: report(KD.badFormat, keyPos, `key \`${name}\` of ${e.field}`, rule?.explain ?? 'a valid key', rule?.example),
    invalid: [...e.path, name],
  };
}

function wrongType(e: PlacedError): Translation {
  const { node } = e;
  const expected = String(e.params['type']);
  const quotable =
    expected === 'string' && node.type === 'scalar' && (typeof node.value === 'boolean' || typeof node.value === 'number')
      ? (node.source ?? e.value)
      : undefined;
  return { diagnostic: report(KD.wrongType, e.at, e.field, TYPE_WORDS[expected] ?? expected, describeNode(node), quotable), invalid: e.path };
}

function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function enumOfAnyOf(anyOf: unknown): string[] {
  if (!Array.isArray(anyOf)) return [];
  for (const branch of anyOf) {
    if (isRecord(branch) && Array.isArray(branch['enum'])) return stringList(branch['enum']);
  }
  return [];
}

function findPattern(schema: unknown): string | undefined {
  return isRecord(schema) && typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined;
}
