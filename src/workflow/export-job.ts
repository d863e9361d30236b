/**
 * The export job: all the reading (the databases each scope holds, then their connections, one
 * list call per database; or, with Resource Graph, every connection of the scopes by
 * subscription in a few paged queries), the pure exporter, then the round-trip check of what it
 * made. Writes nothing: the command decides where the files go.
 */
import { type DatabaseAddress, databaseKey } from '../core/address.js';
import type { AzurePort, GraphPort, InventoryPort } from '../core/ports/azure-port.js';
import { type Diagnostic, hasErrors } from '../core/diagnostics.js';
import type { LiveDatabase } from '../core/model.js';
import { compareText } from '../core/order.js';
import { type ArmScope, formatScope } from '../core/scope.js';
import { exportManifests, type ExportResult } from '../export/export.js';
import { checkRoundTrip } from './export-check.js';
import type { ManifestTextLoader } from './loader.js';
import { readScopesFromGraph } from './read-graph.js';
import { accessFailure, readLiveState, type ReadWording } from './read-live.js';

export interface ExportJobInput {
  readonly scopes: readonly ArmScope[];
  readonly inventory: InventoryPort;
  readonly port: AzurePort;
  /** Read the scopes from Azure Resource Graph instead of walking clusters → databases → lists. */
  readonly graph?: GraphPort;
  /** Loads the files export would write, from memory, for the round-trip check. */
  readonly loadTexts: ManifestTextLoader;
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

/** The live state under the scopes: databases found through ARM, then one list each. */
async function readFromArm(input: ExportJobInput): Promise<{ live: LiveDatabase[]; diagnostics: Diagnostic[] }> {
  const found = await findDatabases(input.inventory, input.scopes, input.signal);
  if (hasErrors(found.diagnostics)) return { live: [], diagnostics: found.diagnostics };
  return readLiveState(input.port, found.databases, input.signal, DATABASE_READ);
}

export async function runExportJob(input: ExportJobInput): Promise<ExportJobResult> {
  const read = input.graph ? await readScopesFromGraph(input.graph, input.scopes, input.signal) : await readFromArm(input);
  if (hasErrors(read.diagnostics)) return { diagnostics: read.diagnostics };
  const exported = exportManifests(read.live, { schemaPath: input.schemaPath });
  const check = checkRoundTrip(exported, read.live, input.loadTexts, input.now);
  if (check.length > 0) return { diagnostics: [...read.diagnostics, ...exported.diagnostics, ...check] };
  return { exported, diagnostics: [...read.diagnostics, ...exported.diagnostics] };
}
