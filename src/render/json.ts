/** The plan's JSON form: its public, versioned format (schemas/v1/plan.schema.json), made by the one converter. */
import { toPublicPlan } from '../plan/contract/to-public.js';
import type { Plan } from '../plan/model.js';

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(toPublicPlan(plan), null, 2)}\n`;
}
