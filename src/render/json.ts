/** The plan's JSON form: the model itself (schemas/v1/plan.schema.json), keys in model order. */
import type { Plan } from '../plan/model.js';

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
