/**
 * Checks of annotation values that a JSON Schema cannot explain well: each name that
 * `kustodian.io/ignore-fields` lists must be a property of the document's kind (any kind's, in a
 * Defaults document), with a did-you-mean. The schema carries the same rule as a pattern for
 * editors; the schema check leaves this one to here, for the better message.
 */
import { ANNOTATIONS, splitFieldList } from '../../core/annotations.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { KD, report } from '../codes.js';
import { kindsWithProperty } from '../documents.js';
import { suggest } from './suggest.js';
import { type LMap, type PathSegment, entry, mapAt } from '../yaml/tree.js';

export const IGNORE_FIELDS_PATH: readonly PathSegment[] = ['metadata', 'annotations', ANNOTATIONS.ignoreFields];

/** `where` names the document kind in messages; `fields` are the property names it may list. */
export function checkAnnotationValues(
  root: LMap,
  where: string,
  fields: readonly string[],
): { diagnostics: Diagnostic[]; invalidPaths: PathSegment[][] } {
  const value = entry(mapAt(mapAt(root, 'metadata'), 'annotations'), ANNOTATIONS.ignoreFields)?.value;
  if (value?.type !== 'scalar' || typeof value.value !== 'string' || value.unresolved === true) return { diagnostics: [], invalidPaths: [] };
  const known = new Set(fields);
  const diagnostics = splitFieldList(value.value)
    .filter((item) => !known.has(item))
    .map((item) => {
      const owners = item === '' ? [] : kindsWithProperty(item);
      return report(KD.unknownIgnoredField, value.pos, item, where, suggest(item, fields), owners.length > 0 ? owners.join(', ') : undefined, fields);
    });
  return { diagnostics, invalidPaths: diagnostics.length > 0 ? [[...IGNORE_FIELDS_PATH]] : [] };
}
