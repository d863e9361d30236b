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

/** schemas/v1/ beside dist/ and src/ (the package root). */
export function schemaFileUrl(file: string): URL {
  return new URL(`../../../${SCHEMA_DIR}/${file}`, import.meta.url);
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

function translate(
  error: ErrorObject,
  root: LNode,
  manifestKind: string,
): { diagnostic: Diagnostic; invalid?: PathSegment[] } | undefined {
  // Branches of anyOf and propertyNames are reported once, by the keyword that holds them.
  if (/\/(anyOf|propertyNames)\//.test(error.schemaPath)) return undefined;
  const path = pointerSegments(error.instancePath);
  // The names an ignore-fields value lists are checked with a did-you-mean by annotation-checks.ts.
  if (error.keyword === 'pattern' && samePath(path, IGNORE_FIELDS_PATH)) return undefined;
  const where = locate(root, path);
  const node = where.node;
  if (node === undefined) return undefined;
  if (node.type === 'scalar' && node.unresolved === true) return undefined; // its ${VAR} was reported
  const field = formatPath(path);
  const value = node.type === 'scalar' ? String(node.value) : '';
  const params: Record<string, unknown> = isRecord(error.params) ? error.params : {};
  const parent: Record<string, unknown> = isRecord(error.parentSchema) ? error.parentSchema : {};
  const at: SourcePosition = node.pos;

  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      if (path.length === 0 && (missing === 'apiVersion' || missing === 'kind')) return undefined; // checked first
      return { diagnostic: report(KD.missingField, where.keyPos ?? at, formatPath([...path, missing]), manifestKind, false) };
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const e = entry(node, extra);
      const known = Object.keys(isRecord(parent['properties']) ? parent['properties'] : {});
      const owners = path.length === 1 && path[0] === 'spec' ? kindsWithProperty(extra) : [];
      const container = path.length === 0 ? `a ${manifestKind} document` : `${field} of ${manifestKind}`;
      return {
        diagnostic: report(
          KD.unknownField,
          e?.keyPos ?? at,
          extra,
          container,
          suggest(extra, known),
          owners.length > 0 ? owners.join(', ') : undefined,
          known,
        ),
        invalid: [...path, extra],
      };
    }
    case 'propertyNames': {
      const name = String(params['propertyName']);
      const e = entry(node, name);
      const last = path[path.length - 1];
      if (last === 'annotations') {
        return {
          diagnostic: report(KD.unknownAnnotation, e?.keyPos ?? at, name, suggest(name, KNOWN_ANNOTATIONS), KNOWN_ANNOTATIONS),
          invalid: [...path, name],
        };
      }
      const rule = ruleForPattern(String(findPattern(parent['propertyNames'])));
      return {
        diagnostic: report(KD.badFormat, e?.keyPos ?? at, `key \`${name}\` of ${field}`, rule?.explain ?? 'a valid key', rule?.example),
        invalid: [...path, name],
      };
    }
    case 'type': {
      const expected = String(params['type']);
      const quotable =
        expected === 'string' && node.type === 'scalar' && (typeof node.value === 'boolean' || typeof node.value === 'number')
          ? (node.source ?? value)
          : undefined;
      return {
        diagnostic: report(KD.wrongType, at, field, TYPE_WORDS[expected] ?? expected, describeNode(node), quotable),
        invalid: path,
      };
    }
    case 'anyOf':
    case 'enum': {
      const options = error.keyword === 'enum' ? stringList(error.schema) : enumOfAnyOf(parent['anyOf']);
      return {
        diagnostic: report(KD.notAllowed, at, field, value, options, suggest(value, options)),
        invalid: path,
      };
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
      return {
        diagnostic: report(KD.badFormat, at, `\`${field}\``, error.message ?? `valid (${error.keyword})`, undefined),
        invalid: path,
      };
  }
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
