/**
 * The live connections the manifests declare, as targets for the ingestion watch (`health`):
 * those in sync (as declared) and those the plan would update or replace (as they are now). A
 * declared connection not yet created has nothing to watch.
 */
import { connectionKey, formatConnectionAddress } from '../core/address.js';
import type { DesiredState } from '../core/model.js';
import type { Plan } from '../plan/model.js';
import type { CheckTarget } from './prerequisite-job.js';

export function liveTargets(plan: Plan, desired: DesiredState): CheckTarget[] {
  const inSync = new Set(plan.noOps.map((a) => a.toLowerCase()));
  const fromDesired = desired.connections
    .filter((c) => inSync.has(connectionKey(c.address)))
    .map((c) => ({ address: formatConnectionAddress(c.address), database: c.address, body: { kind: c.kind, location: c.location, properties: c.properties } }));
  const fromChanges = plan.changes.flatMap((c) => (c.action === 'update' || c.action === 'replace' ? [{ address: c.address, database: c.target, body: c.before }] : []));
  return [...fromDesired, ...fromChanges].sort((a, b) => a.address.localeCompare(b.address));
}
