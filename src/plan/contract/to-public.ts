/**
 * Internal plan → public plan (format version 2): what `plan -o json` prints and what a saved
 * plan holds. Every member is named; nothing of the internal model passes through unseen.
 */
import type { Change, Plan, ReportedConnection } from '../model.js';
import { PLAN_FORMAT_VERSION, type PublicChange, type PublicPlan, type PublicReported } from './types.js';
import { commonMembers, planMembers, reportedMembers, withActionMembers } from './shapes.js';

export function toPublicPlan(plan: Plan): PublicPlan {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    ...planMembers(plan, { changes: plan.changes.map(toPublicChange), unmanaged: plan.unmanaged.map(toPublicReported), inProgress: plan.inProgress.map(toPublicReported) }),
  };
}

function toPublicChange(c: Change): PublicChange {
  return withActionMembers(c, commonMembers(c, { reason: { code: c.reasonCode, text: c.reason } }));
}

function toPublicReported(r: ReportedConnection): PublicReported {
  return reportedMembers(r, { reason: { code: r.reasonCode, text: r.note } });
}
