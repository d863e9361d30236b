/**
 * Checks of single spec values that a JSON Schema cannot state well: resource IDs (shape, type,
 * and the scope of an extension resource) and documented list values (a warning, since the
 * service changes its lists). Runs on each document as written, Defaults included, after the
 * schema check, on the fields the schema found well-typed.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { PropertySpec } from '../../core/kinds.js';
import { KD, report } from '../codes.js';
import { type ResourceIdCheck, checkResourceId, resourceIdShape } from '../schema/resource-id.js';
import { suggest } from './suggest.js';
import { type LMap, type PathSegment, entry } from '../yaml/tree.js';

/**
 * `checkResourceId` under a property's rules, remembered per property: an estate names the same
 * few hubs, accounts and identities in thousands of documents.
 */
function checkedResourceId(p: PropertySpec & { readonly type: 'resourceId' }, id: string): ResourceIdCheck {
  let byId = verdicts.get(p);
  if (byId === undefined) verdicts.set(p, (byId = new Map()));
  let result = byId.get(id);
  if (result === undefined) {
    result = checkResourceId(id, p.resourceTypes, p.extensionOf);
    if (byId.size < 10_000) byId.set(id, result);
  }
  return result;
}
const verdicts = new WeakMap<PropertySpec, Map<string, ResourceIdCheck>>();

export function checkValues(
  root: LMap,
  properties: ReadonlyMap<string, PropertySpec>,
  invalid: readonly PathSegment[][],
): { diagnostics: Diagnostic[]; invalidPaths: PathSegment[][] } {
  const diagnostics: Diagnostic[] = [];
  const invalidPaths: PathSegment[][] = [];
  const spec = entry(root, 'spec')?.value;
  if (spec?.type !== 'map') return { diagnostics, invalidPaths };
  const skip = new Set(invalid.flatMap((p) => (p.length === 2 && p[0] === 'spec' ? [String(p[1])] : [])));

  for (const e of spec.entries.values()) {
    const name = e.key;
    const p = properties.get(name);
    if (p === undefined || skip.has(name)) continue;
    const value = e.value;
    const field = `spec.${name}`;

    if (p.type === 'resourceId' && value.type === 'scalar' && typeof value.value === 'string' && value.unresolved !== true) {
      const result = checkedResourceId(p, value.value);
      if (result.ok) continue;
      const shape = p.resourceTypes.map((t) => resourceIdShape(t, p.extensionOf)).join(' or ');
      invalidPaths.push(['spec', name]);
      switch (result.problem) {
        case 'malformed':
          diagnostics.push(report(KD.malformedResourceId, value.pos, field, result.detail, shape));
          break;
        case 'wrongType':
          diagnostics.push(report(KD.wrongResourceType, value.pos, field, result.found, p.resourceTypes, shape));
          break;
        case 'wrongScope': {
          const wanted = (p.extensionOf ?? []).flatMap((s) => p.resourceTypes.map((t) => `${t} on a ${s}`));
          diagnostics.push(
            report(KD.wrongResourceType, value.pos, field, `${p.resourceTypes.join(', ')} on a ${result.found}`, wanted, shape),
          );
          break;
        }
      }
    }

    if (p.type === 'stringArray' && p.knownValues !== undefined && value.type === 'seq') {
      for (const item of value.items) {
        if (item.type !== 'scalar' || typeof item.value !== 'string' || item.unresolved === true) continue;
        if (p.knownValues.includes(item.value)) continue;
        diagnostics.push(report(KD.unknownSystemProperty, item.pos, item.value, suggest(item.value, p.knownValues), p.knownValues));
      }
    }
  }
  return { diagnostics, invalidPaths };
}
