/**
 * Public plan (format version 2, already checked against schemas/v1/plan.schema.json) →
 * internal plan: how `apply --plan` and `show` read a saved plan. Every member is named, as in
 * to-public.ts; the two are each other's inverse (test/plan/contract.test.ts).
 */
import type { Change, Plan, ReportedConnection } from '../model.js';
import type { PublicChange, PublicPlan, PublicReported } from './types.js';
import { commonMembers, planMembers, reportedMembers, withActionMembers } from './shapes.js';

export function fromPublicPlan(plan: PublicPlan): Plan {
  return planMembers(plan, { changes: plan.changes.map(fromPublicChange), unmanaged: plan.unmanaged.map(fromPublicReported), inProgress: plan.inProgress.map(fromPublicReported) });
}

function fromPublicChange(c: PublicChange): Change {
  return withActionMembers(c, commonMembers(c, { reasonCode: c.reason.code, reason: c.reason.text }));
}

function fromPublicReported(r: PublicReported): ReportedConnection {
  return reportedMembers(r, { reasonCode: r.reason.code, note: r.reason.text });
}
