/**
 * The documents of one exported database: a Defaults document (its address, and the location
 * most of its connections share), a ManagedDatabase with prune off, and one document per
 * connection carrying only what is its own.
 */
import { databaseResourceId, type DatabaseAddress } from '../core/address.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { LiveDatabase } from '../core/model.js';
import { compareText } from '../core/order.js';
import { API_VERSION, DEFAULTS_KIND, MANAGED_DATABASE_KIND } from '../manifest/documents.js';
import { locationKey } from '../plan/normalise.js';
import { exportConnection, type ConnectionExport } from './connection.js';
import type { DocumentModel, YamlMap, YamlValue } from './yaml.js';

export interface DatabaseDocuments {
  readonly address: DatabaseAddress;
  readonly defaults: DocumentModel;
  readonly managedDatabase: DocumentModel;
  /** By connection name, in name order. */
  readonly connections: readonly { readonly name: string; readonly document: DocumentModel }[];
  readonly diagnostics: readonly Diagnostic[];
}

type Exported = Extract<ConnectionExport, { type: 'exported' }>;

/** The spelling of the location most connections share (the first such connection's, by name). */
function commonLocation(exported: readonly Exported[]): string | undefined {
  const groups = new Map<string, { spelling: string; count: number }>();
  for (const e of exported) {
    const key = locationKey(e.connection.location);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { spelling: e.connection.location, count: 1 });
    else g.count += 1;
  }
  let best: { spelling: string; count: number } | undefined;
  for (const g of groups.values()) if (best === undefined || g.count > best.count) best = g;
  return best?.spelling;
}

function defaultsDocument(address: DatabaseAddress, location: string | undefined): DocumentModel {
  const spec: YamlMap = location === undefined ? {} : { location };
  return {
    comment: [
      `Exported by kustodian export from ${databaseResourceId(address)}.`,
      location === undefined
        ? 'The database of every manifest in this directory and below.'
        : 'The database of every manifest in this directory and below, and the location of its connections.',
    ],
    body: {
      apiVersion: API_VERSION,
      kind: DEFAULTS_KIND,
      metadata: { subscriptionId: address.subscriptionId, resourceGroup: address.resourceGroup, cluster: address.cluster, database: address.database },
      ...(location === undefined ? {} : { spec }),
    },
  };
}

function managedDatabaseDocument(address: DatabaseAddress, ignore: readonly string[]): DocumentModel {
  const comment = [
    'kustodian owns the data connections of this database. prune is off, so apply never deletes',
    'one. Once this directory declares every connection you want to keep, set prune: true to let',
    'apply delete the live connections no manifest declares (protect and ignore list the ones it',
    'must never delete or touch).',
  ];
  if (ignore.length > 0) comment.push('', 'ignore: the connections export could not write as manifests (see its warnings).');
  const spec: Record<string, YamlValue> = { prune: false };
  if (ignore.length > 0) spec['ignore'] = ignore;
  return {
    comment,
    body: { apiVersion: API_VERSION, kind: MANAGED_DATABASE_KIND, metadata: { database: address.database }, spec },
  };
}

function connectionDocument(e: Exported, defaultLocation: string | undefined): DocumentModel {
  const ownLocation = defaultLocation === undefined || locationKey(defaultLocation) !== locationKey(e.connection.location);
  return {
    comment: e.comment,
    body: {
      apiVersion: API_VERSION,
      kind: e.manifestKind,
      metadata: { name: e.connection.address.name },
      spec: { ...(ownLocation ? { location: e.connection.location } : {}), ...e.spec },
    },
  };
}

export function exportDatabase(db: LiveDatabase): DatabaseDocuments {
  const byName = [...db.connections].sort((a, b) => compareText(a.address.name.toLowerCase(), b.address.name.toLowerCase()));
  const outcomes = byName.map(exportConnection);
  const exported = outcomes.filter((o): o is Exported => o.type === 'exported');
  const location = commonLocation(exported);
  const ignore = outcomes.flatMap((o) => (o.type === 'skipped' && o.ignore ? [o.connection.address.name] : []));
  return {
    address: db.address,
    defaults: defaultsDocument(db.address, location),
    managedDatabase: managedDatabaseDocument(db.address, ignore),
    connections: exported.map((e) => ({ name: e.connection.address.name, document: connectionDocument(e, location) })),
    diagnostics: outcomes.flatMap((o) => (o.type === 'skipped' ? [o.diagnostic] : o.warnings)),
  };
}
