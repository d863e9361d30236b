/**
 * Reads the live state: exactly one list call per database, all databases concurrently (the
 * port bounds requests per subscription). A database that cannot be read is a diagnostic
 * with its address; the caller must not plan against a database it could not read.
 */
import { type DatabaseAddress, databaseKey, formatDatabaseAddress } from '../core/address.js';
import { AzureFailure, type AzurePort } from '../core/ports/azure-port.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { DesiredState, LiveDatabase } from '../core/model.js';
import { AZURE_ACTIONS } from '../core/permissions.js';
import { AZURE_CODES } from './codes.js';
import { compareText } from '../core/order.js';

/** Every database the manifests reference or a ManagedDatabase declares, once, sorted. */
export function referencedDatabases(desired: DesiredState): DatabaseAddress[] {
  const byKey = new Map<string, DatabaseAddress>();
  for (const c of desired.connections) {
    const { subscriptionId, resourceGroup, cluster, database } = c.address;
    if (!byKey.has(databaseKey(c.address))) byKey.set(databaseKey(c.address), { subscriptionId, resourceGroup, cluster, database });
  }
  for (const d of desired.databases) if (!byKey.has(databaseKey(d.address))) byKey.set(databaseKey(d.address), d.address);
  return [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, v]) => v);
}

/** How a failed read is told, for what was being read. */
export interface ReadWording {
  readonly notFound: string;
  readonly notFoundHint: string;
  readonly forbidden: string;
  readonly forbiddenHint: string;
  readonly failed: string;
  /** What to do when the read failed otherwise; by default, run again. */
  readonly failedHint?: string;
}

/** Listing a database's connections for a plan of the manifests. */
export const CONNECTIONS_READ: ReadWording = {
  notFound: 'the database does not exist, or its cluster, resource group or subscription does not',
  notFoundHint: 'check metadata.subscriptionId/resourceGroup/cluster/database in the manifests (or the Defaults that supply them)',
  forbidden: 'permission denied reading the data connections',
  forbiddenHint: `grant the identity ${AZURE_ACTIONS.read} on the database (the Reader role includes it)`,
  failed: 'listing the data connections failed',
};

/** A failed read of `where` (an address) as a diagnostic that says what to do. */
export function accessFailure(where: string, e: unknown, wording: ReadWording): Diagnostic {
  const f = e instanceof AzureFailure ? e : new AzureFailure('unknown', e instanceof Error ? e.message : String(e));
  const service = f.details.code ? ` (${f.details.code}: ${f.message})` : ` (${f.message})`;
  const base = { severity: 'error' as const, address: where };
  switch (f.kind) {
    case 'not-found':
      return { ...base, code: AZURE_CODES.databaseNotFound, message: `${wording.notFound}${service}`, hint: wording.notFoundHint };
    case 'forbidden':
      return { ...base, code: AZURE_CODES.forbidden, message: `${wording.forbidden}${service}`, hint: wording.forbiddenHint };
    case 'unauthenticated':
      return { ...base, code: AZURE_CODES.unauthenticated, message: `the request was not authenticated${service}`, hint: f.details.hint ?? 'log in (az login), or set AZURE_TENANT_ID/AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE, or use a managed identity' };
    case 'network':
    case 'timeout':
      return { ...base, code: AZURE_CODES.unreachable, message: `Azure Resource Manager could not be reached${service}`, hint: f.details.hint ?? 'check the network, --endpoint and --ca-file, then run again' };
    default:
      return { ...base, code: AZURE_CODES.readFailed, message: `${wording.failed}${service}`, hint: wording.failedHint ?? 'run again; if it persists, check the service health of the region' };
  }
}

export function readFailure(address: DatabaseAddress, e: unknown, wording: ReadWording = CONNECTIONS_READ): Diagnostic {
  return accessFailure(formatDatabaseAddress(address), e, wording);
}

export async function readLiveState(
  port: AzurePort,
  databases: readonly DatabaseAddress[],
  signal?: AbortSignal,
  wording: ReadWording = CONNECTIONS_READ,
): Promise<{ live: LiveDatabase[]; diagnostics: Diagnostic[] }> {
  const settled = await Promise.allSettled(databases.map((db) => port.listConnections(db, signal)));
  const live: LiveDatabase[] = [];
  const diagnostics: Diagnostic[] = [];
  /** An endpoint that cannot be reached is told once, not once per database. */
  const unreachable = new Map<string, { diagnostic: Diagnostic; others: number }>();
  settled.forEach((s, i) => {
    const address = databases[i];
    if (!address) return;
    if (s.status === 'fulfilled') {
      live.push({ address, connections: s.value });
      return;
    }
    const d = readFailure(address, s.reason, wording);
    if (!(s.reason instanceof AzureFailure && s.reason.kind === 'network')) {
      diagnostics.push(d);
      return;
    }
    const same = unreachable.get(s.reason.message);
    if (same) same.others += 1;
    else unreachable.set(s.reason.message, { diagnostic: d, others: 0 });
  });
  for (const { diagnostic, others } of unreachable.values()) {
    diagnostics.push(others === 0 ? diagnostic : { ...diagnostic, message: `${diagnostic.message}; ${others} other database${others === 1 ? '' : 's'} could not be read for the same reason` });
  }
  return { live, diagnostics };
}
