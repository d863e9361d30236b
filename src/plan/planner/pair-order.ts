/**
 * Ordering the drafted changes by the (hub, consumer group) pairs they free and take: what waits
 * for a running operation is held back, a change that takes a pair freed in the same plan waits
 * for the change that frees it (dependsOn), and what cannot be ordered is an error.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { PLAN_CODES } from '../codes.js';
import { dependencyCycles } from '../dependencies.js';
import { type ReportReason, reportReasonText } from '../reasons.js';
import type { Decisions, Draft } from './draft.js';

/** The drafts that can be planned now; those waiting for a running operation are reported in progress instead. */
export function holdBackWaiting(decisions: Decisions): Draft[] {
  const waiting = waitingForRunningOperations(decisions.drafts, decisions.busyPairs);
  for (const [draft, holder] of waiting) {
    const c = draft.change;
    const reason: ReportReason = { code: 'in-progress.pair-held', holder };
    decisions.inProgress.push({ address: c.address, target: c.target, kind: c.action === 'delete' ? c.before.kind : c.after.kind, reasonCode: reason.code, note: reportReasonText(reason) });
  }
  return decisions.drafts.filter((d) => !waiting.has(d));
}

/**
 * Changes that cannot be decided while an operation runs: one that takes a pair held by a
 * connection with an operation still running (a delete under way frees it, an update keeps
 * it: only the end will tell), and, in turn, one that takes a pair freed by a change held back
 * this way. They are left for the next plan rather than refused (KD201) or sent to fail.
 * Answers each held-back draft with the connection it waits for.
 */
function waitingForRunningOperations(drafts: readonly Draft[], busy: ReadonlyMap<string, string>): Map<Draft, string> {
  const waiting = new Map<Draft, string>();
  const heldBy = new Map<string, string>(busy);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of drafts) {
      if (waiting.has(d) || d.takesPair === undefined || d.takesPair === d.freesPair) continue;
      const holder = heldBy.get(d.takesPair);
      if (holder === undefined || holder.toLowerCase() === d.change.address.toLowerCase()) continue;
      waiting.set(d, holder);
      // What it would have freed stays held by it, for whatever waited for it.
      if (d.freesPair !== undefined && !heldBy.has(d.freesPair)) heldBy.set(d.freesPair, d.change.address);
      grew = true;
    }
  }
  return waiting;
}

/**
 * One (hub, consumer group) pair feeds one connection. A change that takes a pair still held
 * by a connection that keeps it is an error; one held by a connection this plan deletes or
 * replaces away waits for that change (dependsOn).
 */
export function resolvePairs(drafts: Draft[], kept: ReadonlyMap<string, string>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const freedBy = new Map<string, string>();
  for (const d of drafts) if (d.freesPair !== undefined && d.freesPair !== d.takesPair) freedBy.set(d.freesPair, d.change.address);
  for (const d of drafts) {
    if (d.takesPair === undefined || d.takesPair === d.freesPair) continue;
    const holder = kept.get(d.takesPair);
    if (holder !== undefined && holder.toLowerCase() !== d.change.address.toLowerCase()) {
      problems.push({
        severity: 'error',
        code: PLAN_CODES.pairInUse,
        message: `${d.change.address} reads the same (hub, consumer group) pair as the live connection ${holder}, which keeps it; Azure lets one pair feed only one connection`,
        hint: 'use another consumer group for one of them, or declare the other connection in a ManagedDatabase with prune: true so it is deleted first',
        ...(d.desired ? { source: d.desired.fieldSources['consumerGroup'] ?? d.desired.source } : { address: d.change.address }),
      });
      continue;
    }
    const freer = freedBy.get(d.takesPair);
    if (freer !== undefined && freer !== d.change.address) {
      d.change = { ...d.change, dependsOn: [...d.change.dependsOn, freer] };
    }
  }
  return problems;
}

/**
 * Two replacements that swap pairs wait for each other: no order works, since each must delete
 * before the other can create. Reported so the user splits the change in two applies.
 */
export function cyclesOf(drafts: readonly Draft[]): Diagnostic[] {
  const deps = new Map(drafts.map((d) => [d.change.address, d.change.dependsOn]));
  return dependencyCycles(deps).map((path): Diagnostic => ({
    severity: 'error',
    code: PLAN_CODES.dependencyCycle,
    message: `these changes each wait for another to free a (hub, consumer group) pair, so no order works: ${path.join(' -> ')}`,
    hint: 'apply in two steps: first move one connection to an unused consumer group, apply, then make the rest of the change',
    address: path[0] ?? '',
  }));
}
