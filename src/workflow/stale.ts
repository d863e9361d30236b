/**
 * Staleness of a saved plan: re-reads the live objects the plan depends on (one list per
 * database) and compares their fingerprints with those recorded at plan time.
 */
import { type DatabaseAddress, connectionKey, databaseKey, databaseOf } from '../core/address.js';
import type { AzurePort } from '../core/ports/azure-port.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { liveFingerprint } from '../plan/fingerprint.js';
import { liveDifference, type PlannedView } from '../plan/live-difference.js';
import type { Change, Plan } from '../plan/model.js';
import { APPLY_CODES } from './codes.js';
import { readLiveState } from './read-live.js';

export interface StaleCheck {
  readonly diagnostics: readonly Diagnostic[];
}

/** The connection as the plan read it: the change's `before`, absent for a create. */
function plannedView(change: Change): PlannedView | undefined {
  if (change.action === 'create') return undefined;
  return { body: change.before, ...(change.liveState !== undefined ? { provisioningState: change.liveState } : {}) };
}

export async function checkStale(plan: Plan, port: AzurePort, signal?: AbortSignal): Promise<StaleCheck> {
  const dbs = new Map<string, DatabaseAddress>();
  for (const c of plan.changes) dbs.set(databaseKey(c.target), databaseOf(c.target));
  const read = await readLiveState(port, [...dbs.values()], signal);
  if (read.diagnostics.length > 0) return { diagnostics: read.diagnostics };
  const live = new Map(read.live.flatMap((db) => db.connections.map((c) => [connectionKey(c.address), c] as const)));
  const diagnostics: Diagnostic[] = [];
  for (const change of plan.changes) {
    const current = live.get(connectionKey(change.target));
    const now = liveFingerprint(current);
    if (now !== change.liveFingerprint) {
      const what = change.liveFingerprint === 'absent' ? 'now exists' : now === 'absent' ? 'no longer exists' : 'changed';
      diagnostics.push({
        severity: 'error',
        code: APPLY_CODES.stalePlan,
        address: change.address,
        message: `the saved plan is stale: this connection ${what} since the plan was made (${liveDifference(plannedView(change), current)})`,
        hint: 'run kustodian plan again and review the new plan',
      });
    }
  }
  return { diagnostics };
}
