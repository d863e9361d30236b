/**
 * The export job: all the reading (the databases each scope holds, then their connections, one
 * list call per database), the pure exporter, then the round-trip check of what it made. Writes
 * nothing: the command decides where the files go.
 */
import { type DatabaseAddress, databaseKey } from '../core/address.js';
import type { AzurePort, InventoryPort } from '../core/azure-port.js';
import { type Diagnostic, hasErrors } from '../core/diagnostics.js';
import { compareText } from '../core/order.js';
import { type ArmScope, formatScope } from '../core/scope.js';
import { exportManifests, type ExportResult } from '../export/export.js';
import { checkRoundTrip } from './export-check.js';
import type { ManifestLoader } from './loader.js';
import { accessFailure, readLiveState, type ReadWording } from './read-live.js';

export interface ExportJobInput {
  readonly scopes: readonly ArmScope[];
  readonly inventory: InventoryPort;
  readonly port: AzurePort;
  readonly load: ManifestLoader;
  /** The manifest schema relative to the export root (or absolute), for the modelines. */
  readonly schemaPath: string;
  readonly now: string;
  readonly signal?: AbortSignal;
}

export interface ExportJobResult {
  /** Absent when something could not be read or the files would not round-trip. */
  readonly exported?: ExportResult;
  readonly diagnostics: readonly Diagnostic[];
}

const SCOPE_READ: ReadWording = {
  notFound: 'it does not exist, or a level above it does not',
  notFoundHint: 'check the ID given to export (az account list, az group list, az kusto cluster list show what exists)',
  forbidden: 'permission denied listing its Kusto clusters and databases',
  forbiddenHint: 'grant the identity Microsoft.Kusto/clusters/read and Microsoft.Kusto/clusters/databases/read (the Reader role includes both)',
  failed: 'listing its Kusto clusters and databases failed',
};

const DATABASE_READ: ReadWording = {
  notFound: 'the database does not exist, or its cluster, resource group or subscription does not',
  notFoundHint: 'check the --database ID (az kusto database list --cluster-name CLUSTER --resource-group GROUP shows the databases)',
  forbidden: 'permission denied reading the data connections',
  forbiddenHint: 'grant the identity Microsoft.Kusto/clusters/databases/dataConnections/read on the database (the Reader role includes it)',
  failed: 'listing the data connections failed',
};

/** Every database the scopes hold, once each, in order of address. */
async function findDatabases(inventory: InventoryPort, scopes: readonly ArmScope[], signal?: AbortSignal): Promise<{ databases: DatabaseAddress[]; diagnostics: Diagnostic[] }> {
  const settled = await Promise.allSettled(scopes.map((s) => inventory.listDatabases(s, signal)));
  const byKey = new Map<string, DatabaseAddress>();
  const diagnostics: Diagnostic[] = [];
  settled.forEach((s, i) => {
    const scope = scopes[i];
    if (scope === undefined) return;
    if (s.status === 'rejected') diagnostics.push(accessFailure(formatScope(scope), s.reason, SCOPE_READ));
    else for (const db of s.value) if (!byKey.has(databaseKey(db))) byKey.set(databaseKey(db), db);
  });
  const databases = [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, db]) => db);
  return { databases, diagnostics };
}

export async function runExportJob(input: ExportJobInput): Promise<ExportJobResult> {
  const found = await findDatabases(input.inventory, input.scopes, input.signal);
  if (hasErrors(found.diagnostics)) return { diagnostics: found.diagnostics };
  const read = await readLiveState(input.port, found.databases, input.signal, DATABASE_READ);
  if (read.diagnostics.length > 0) return { diagnostics: read.diagnostics };
  const exported = exportManifests(read.live, { schemaPath: input.schemaPath });
  const check = await checkRoundTrip(exported, read.live, input.load, input.now);
  if (check.length > 0) return { diagnostics: [...exported.diagnostics, ...check] };
  return { exported, diagnostics: exported.diagnostics };
}
