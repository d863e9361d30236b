/**
 * Reading the live state from Azure Resource Graph instead of one list per database: a few
 * paged queries for the whole estate. For reports only (plan without --out, drift, export):
 * Resource Graph lags behind ARM, and it cannot tell an empty database from one that does not
 * exist, so every read says so in warnings. A failed query is an error diagnostic: nothing is
 * planned against a part of the estate.
 */
import { type DatabaseAddress, databaseKey, databaseOf, formatDatabaseAddress } from '../core/address.js';
import type { GraphPort } from '../core/ports/azure-port.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { LiveConnection, LiveDatabase } from '../core/model.js';
import { compareText } from '../core/order.js';
import { type ArmScope, scopeSubscription } from '../core/scope.js';
import { AZURE_CODES } from './codes.js';
import { accessFailure, type ReadWording } from './read-live.js';

export const GRAPH_READ: ReadWording = {
  notFound: 'Azure Resource Graph could not be queried',
  notFoundHint: 'check --endpoint; Resource Graph answers at the ARM endpoint of the cloud',
  forbidden: 'permission denied querying Azure Resource Graph',
  forbiddenHint:
    'grant the identity Microsoft.ResourceGraph/resources/read and read on the data connections (the Reader role includes both), or read from ARM: --inventory arm',
  failed: 'the Azure Resource Graph query failed',
  failedHint: 'check that the subscription IDs are right and that the identity may read them (Reader); or read from ARM: --inventory arm',
};

export interface GraphRead {
  readonly live: LiveDatabase[];
  /** Errors (the read failed: plan nothing) and warnings (what Resource Graph cannot promise). */
  readonly diagnostics: Diagnostic[];
}

function where(scopes: readonly ArmScope[]): string {
  const subscriptions = [...new Set(scopes.map((s) => scopeSubscription(s).toLowerCase()))].sort(compareText);
  return `Azure Resource Graph (subscription${subscriptions.length === 1 ? '' : 's'} ${subscriptions.join(', ')})`;
}

async function query(graph: GraphPort, scopes: readonly ArmScope[], signal?: AbortSignal): Promise<LiveConnection[] | Diagnostic> {
  try {
    return await graph.listConnectionsUnder(scopes, signal);
  } catch (e) {
    return accessFailure(where(scopes), e, GRAPH_READ);
  }
}

const LAG: Diagnostic = {
  severity: 'warning',
  code: AZURE_CODES.graphLag,
  message: 'the live state was read from Azure Resource Graph, which lags behind Azure Resource Manager: changes of the last minutes may be missing',
  hint: 'for a plan to apply, plan without --inventory resource-graph (one ARM list per database, the default)',
};

/** The live state of the referenced databases, from one query (per batch of subscriptions). */
export async function readLiveFromGraph(graph: GraphPort, databases: readonly DatabaseAddress[], signal?: AbortSignal): Promise<GraphRead> {
  if (databases.length === 0) return { live: [], diagnostics: [LAG] };
  const found = await query(graph, databases.map((database): ArmScope => ({ level: 'database', database })), signal);
  if (!Array.isArray(found)) return { live: [], diagnostics: [found] };
  const byDatabase = new Map<string, LiveConnection[]>(databases.map((d) => [databaseKey(d), []]));
  for (const c of found) byDatabase.get(databaseKey(c.address))?.push(c);
  const diagnostics: Diagnostic[] = [LAG];
  const live = databases.map((address): LiveDatabase => {
    // Addressed as the manifests write the database, as a list call's answers are.
    const connections = (byDatabase.get(databaseKey(address)) ?? []).map((c) => ({ ...c, address: { ...address, name: c.address.name } }));
    if (connections.length === 0) {
      diagnostics.push({
        severity: 'warning',
        code: AZURE_CODES.graphEmptyDatabase,
        address: formatDatabaseAddress(address),
        message: 'Azure Resource Graph holds no data connection of this database, so it is taken as empty; Resource Graph cannot tell an empty database from one that does not exist or is not indexed yet',
        hint: 'if the database should exist or have connections, check it with --inventory arm (one ARM list, which fails for a missing database)',
      });
    }
    return { address, connections };
  });
  return { live, diagnostics };
}

const EXPORT_LAG: Diagnostic = {
  ...LAG,
  message: `${LAG.message}; and only databases with at least one data connection are found`,
  hint: 'to export empty databases too, or the state of this very moment, export without --inventory resource-graph (ARM lists, the default)',
};

/** Every database that holds a data connection under the scopes, with its connections, by address. */
export async function readScopesFromGraph(graph: GraphPort, scopes: readonly ArmScope[], signal?: AbortSignal): Promise<GraphRead> {
  const found = await query(graph, scopes, signal);
  if (!Array.isArray(found)) return { live: [], diagnostics: [found] };
  const byDatabase = new Map<string, LiveDatabase & { connections: LiveConnection[] }>();
  for (const c of found) {
    const key = databaseKey(c.address);
    const db = byDatabase.get(key) ?? { address: databaseOf(c.address), connections: [] };
    db.connections.push(c);
    byDatabase.set(key, db);
  }
  const live = [...byDatabase.entries()].sort(([a], [b]) => compareText(a, b)).map(([, db]) => db);
  return { live, diagnostics: [EXPORT_LAG] };
}
