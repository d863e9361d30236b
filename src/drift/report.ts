/**
 * The drift report: every connection of the referenced databases, classified in the
 * categories drift tools use. Derived from the plan, so drift and plan never disagree.
 */
import type { ConnectionAddress } from '../core/address.js';
import type { PropertyValue } from '../core/model.js';
import type { Plan } from '../plan/model.js';
import { compareText } from '../core/order.js';

export const DRIFT_FORMAT_VERSION = 1;

export type DriftStatus = 'in-sync' | 'drifted' | 'missing' | 'unmanaged' | 'in-progress' | 'failed';

export interface DriftField {
  readonly path: string;
  /** What the manifests declare (absent: unset). */
  readonly expected?: PropertyValue;
  /** What the service reports (absent: unset). */
  readonly actual?: PropertyValue;
}

export interface DriftEntry {
  readonly address: string;
  readonly target: ConnectionAddress;
  readonly status: DriftStatus;
  readonly kind?: string;
  readonly fields: readonly DriftField[];
  /** An apply would change it: counts as drift for the exit code. */
  readonly actionable: boolean;
  readonly note?: string;
}

export interface DriftReport {
  readonly formatVersion: typeof DRIFT_FORMAT_VERSION;
  readonly createdAt: string;
  readonly partial: boolean;
  /** `--target`/`--exclude` left connections out. */
  readonly narrowed: boolean;
  /** The shard of the plan it was made from. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly summary: Readonly<Record<DriftStatus, number>>;
  readonly entries: readonly DriftEntry[];
}

const FAILED_STATES = new Set(['failed', 'canceled']);

export function driftReport(plan: Plan): DriftReport {
  const entries: DriftEntry[] = [];
  for (const c of plan.changes) {
    const target = c.target;
    switch (c.action) {
      case 'create':
        entries.push({ address: c.address, target, status: 'missing', kind: c.after.kind, fields: [], actionable: true, note: 'declared, not live' });
        break;
      case 'delete':
        entries.push({ address: c.address, target, status: 'unmanaged', kind: c.before.kind, fields: [], actionable: true, note: 'not declared; the next apply with --allow-delete deletes it (prune)' });
        break;
      case 'update':
      case 'replace': {
        const failed = c.liveState !== undefined && FAILED_STATES.has(c.liveState.toLowerCase());
        const fields = c.fieldChanges.map((f) => ({
          path: f.path,
          ...(f.after !== undefined ? { expected: f.after } : {}),
          ...(f.before !== undefined ? { actual: f.before } : {}),
        }));
        entries.push({
          address: c.address,
          target,
          status: failed ? 'failed' : 'drifted',
          kind: c.before.kind,
          fields,
          actionable: true,
          ...(failed ? { note: `provisioningState ${c.liveState}` } : c.action === 'replace' ? { note: `fixing it replaces the connection (${c.replacePaths.join(', ')})` } : {}),
        });
        break;
      }
    }
  }
  for (const address of plan.noOps) {
    const parts = address.split('/');
    const [subscriptionId = '', resourceGroup = '', cluster = '', database = '', ...rest] = parts;
    entries.push({ address, target: { subscriptionId, resourceGroup, cluster, database, name: rest.join('/') }, status: 'in-sync', fields: [], actionable: false });
  }
  for (const r of plan.unmanaged) entries.push({ address: r.address, target: r.target, status: 'unmanaged', kind: r.kind, fields: [], actionable: false, note: r.note });
  for (const r of plan.inProgress) entries.push({ address: r.address, target: r.target, status: 'in-progress', kind: r.kind, fields: [], actionable: false, note: r.note });
  entries.sort((a, b) => compareText(a.address, b.address));
  const summary: Record<DriftStatus, number> = { 'in-sync': 0, drifted: 0, missing: 0, unmanaged: 0, 'in-progress': 0, failed: 0 };
  for (const e of entries) summary[e.status] += 1;
  return {
    formatVersion: DRIFT_FORMAT_VERSION,
    createdAt: plan.createdAt,
    partial: plan.partial,
    narrowed: plan.narrowed,
    ...(plan.shard ? { shard: plan.shard } : {}),
    summary,
    entries,
  };
}

/**
 * Drift is what an apply would change: drifted, missing, failed, and unmanaged connections a
 * pruning ManagedDatabase would delete. Other unmanaged ones and in-progress ones are reported
 * but are not drift.
 */
export function hasDrift(report: DriftReport): boolean {
  return report.entries.some((e) => e.actionable);
}
