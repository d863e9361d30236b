/**
 * A plan's apply-readiness in words, shared by the text and markdown renderers: the opt-ins
 * the plan was made with (what `apply --plan` will honour) and each refusal apply would make.
 */
import type { Plan } from '../plan/model.js';
import type { SafetyOptions } from '../plan/rules/readiness.js';
import { describeRefusal } from '../plan/rules/safety.js';

/** The opt-ins as the flags that give them. */
export function optInFlags(o: SafetyOptions): string[] {
  return [
    ...(o.allowReplace ? ['--allow-replace'] : []),
    ...(o.allowDelete ? ['--allow-delete'] : []),
    ...(o.allowEmptyDatabase ? ['--allow-empty-database'] : []),
    `--max-deletes ${o.maxDeletes}`,
  ];
}

export interface ReadinessWords {
  /** One sentence per refusal, foreign text not yet made printable. */
  readonly refusals: readonly string[];
  readonly optIns: readonly string[];
}

/** Undefined for a plan made without opt-ins (a report only: drift, Resource Graph). */
export function readinessWords(plan: Plan): ReadinessWords | undefined {
  const r = plan.readiness;
  if (r === undefined) return undefined;
  return { refusals: r.refusals.map(describeRefusal), optIns: optInFlags(r.optIns) };
}
