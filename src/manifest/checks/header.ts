/**
 * The first check of every document: `apiVersion` and `kind`, which select the schema for the
 * rest. A document that fails it is not checked further (there is nothing to check it against).
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { CONNECTION_KINDS, KIND_SPECS } from '../../core/kinds.js';
import { KD, report } from '../codes.js';
import { API_VERSION, DOCUMENT_KINDS, type DocumentKind, documentKindOf } from '../documents.js';
import { suggest } from './suggest.js';
import { type LMap, entry } from '../yaml/tree.js';

/** Azure's kind names (`IotHub`) lead to the manifest kind (`IotHubDataConnection`). */
function suggestKind(written: string): string | undefined {
  const azure = CONNECTION_KINDS.find((k) => k.toLowerCase() === written.toLowerCase());
  return azure === undefined ? suggest(written, DOCUMENT_KINDS) : KIND_SPECS[azure].manifestKind;
}

export function readHeader(root: LMap, diagnostics: Diagnostic[]): DocumentKind | undefined {
  const api = entry(root, 'apiVersion');
  const kind = entry(root, 'kind');
  let ok = true;
  if (api === undefined) {
    diagnostics.push(report(KD.apiVersion, root.pos, undefined, API_VERSION));
    ok = false;
  } else if (api.value.type !== 'scalar' || api.value.value !== API_VERSION) {
    if (api.value.type !== 'scalar' || api.value.unresolved !== true) {
      const written = api.value.type === 'scalar' ? String(api.value.value) : 'a collection';
      diagnostics.push(report(KD.apiVersion, api.value.pos, written, API_VERSION));
    }
    ok = false;
  }
  if (kind === undefined) {
    diagnostics.push(report(KD.kind, root.pos, undefined, undefined, DOCUMENT_KINDS));
    return undefined;
  }
  const written = kind.value.type === 'scalar' ? String(kind.value.value) : 'a collection';
  const found = kind.value.type === 'scalar' && typeof kind.value.value === 'string' ? documentKindOf(kind.value.value) : undefined;
  if (found === undefined) {
    if (kind.value.type !== 'scalar' || kind.value.unresolved !== true) {
      diagnostics.push(report(KD.kind, kind.value.pos, written, suggestKind(written), DOCUMENT_KINDS));
    }
    return undefined;
  }
  return ok ? found : undefined;
}
