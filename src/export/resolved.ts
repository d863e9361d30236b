/**
 * `kustodian render`'s pure part: the desired state as the planner sees it (variables
 * substituted, Defaults applied, enum values in the Azure spelling) → one multi-document YAML
 * stream, each document headed by the place it was written (`# Source: file:line:col`).
 *
 * Every document is complete (database address, location and properties written out), so the
 * stream is itself a valid manifest tree of one file: `kustodian render ... > all.yaml` then
 * `kustodian plan all.yaml` plans the same changes. Defaults documents are not printed (their
 * values are in the documents they apply to). It lives beside export because it writes
 * manifests the way export does (yaml.ts: `${` escaped, ambiguous strings quoted).
 *
 * Secrets: the loader refuses credentials in manifests and in variables, and the CLI's
 * output streams redact whatever else looks like one (src/cli/output/redacting-io.ts).
 */
import type { DatabaseAddress } from '../core/address.js';
import { KIND_SPECS } from '../core/kinds.js';
import { compareText } from '../core/order.js';
import type { DesiredConnection, DesiredState, ManagedDatabase, SourcePosition } from '../core/model.js';
import { API_VERSION, MANAGED_DATABASE_KIND } from '../manifest/documents.js';
import { type DocumentModel, renderDocument, type YamlMap, type YamlValue } from './yaml.js';

export function renderResolvedManifests(state: DesiredState): string {
  const documents = [
    ...state.connections.map((c) => ({ source: c.source, document: connectionDocument(c) })),
    ...state.databases.map((d) => ({ source: d.source, document: databaseDocument(d) })),
  ].sort((a, b) => compareSources(a.source, b.source)); // file and document order, as written
  return documents.map((d) => `---\n${renderDocument(d.document, [`Source: ${sourceText(d.source)}`])}`).join('');
}

function compareSources(a: SourcePosition, b: SourcePosition): number {
  return a.file !== b.file ? compareText(a.file, b.file) : a.line !== b.line ? a.line - b.line : a.col - b.col;
}

function sourceText(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.col}`;
}

function addressFields(a: DatabaseAddress): YamlMap {
  return { subscriptionId: a.subscriptionId, resourceGroup: a.resourceGroup, cluster: a.cluster, database: a.database };
}

function nonEmpty(map: Readonly<Record<string, string>>): YamlMap | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

function connectionDocument(c: DesiredConnection): DocumentModel {
  const labels = nonEmpty(c.labels);
  const annotations = nonEmpty(c.annotations);
  const spec: Record<string, YamlValue> = { location: c.location };
  for (const [name, value] of Object.entries(c.properties)) spec[name] = value;
  return {
    comment: [],
    body: {
      apiVersion: API_VERSION,
      kind: KIND_SPECS[c.kind].manifestKind,
      metadata: {
        name: c.address.name,
        ...addressFields(c.address),
        ...(labels ? { labels } : {}),
        ...(annotations ? { annotations } : {}),
      },
      spec,
    },
  };
}

function databaseDocument(d: ManagedDatabase): DocumentModel {
  return {
    comment: [],
    body: {
      apiVersion: API_VERSION,
      kind: MANAGED_DATABASE_KIND,
      metadata: addressFields(d.address),
      spec: {
        prune: d.prune,
        ...(d.ignore.length > 0 ? { ignore: d.ignore } : {}),
        ...(d.protect.length > 0 ? { protect: d.protect } : {}),
        ...(d.allowEmpty ? { allowEmpty: true } : {}),
      },
    },
  };
}
