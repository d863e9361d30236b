/**
 * The part of a plan that may run when some of its changes are refused (reconcile
 * --skip-refused, like Argo CD's selective sync): every change no refusal holds back, less
 * those that wait (`dependsOn`, at any depth) for one that is held back, each of which becomes a
 * `depends-on-refused` refusal of its own. Pure.
 */
import { actionCounts, type Plan } from '../model.js';
import type { Refusal } from './safety.js';

export interface Subset {
  /** The plan with only the changes that may run (summary counts follow). */
  readonly plan: Plan;
  /** The refusals given, then one for each change held back only by what it waits for. */
  readonly refusals: readonly Refusal[];
}

export function refusedSubset(plan: Plan, refusals: readonly Refusal[]): Subset {
  const held = new Set(refusals.flatMap((r) => r.addresses));
  const dependents: Refusal[] = [];
  // Until nothing more is held back: a chain of waits is followed to its end.
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of plan.changes) {
      if (held.has(c.address)) continue;
      const dependency = c.dependsOn.find((d) => held.has(d));
      if (dependency === undefined) continue;
      held.add(c.address);
      dependents.push({ rule: 'depends-on-refused', address: c.address, dependency, addresses: [c.address] });
      grew = true;
    }
  }
  const changes = plan.changes.filter((c) => !held.has(c.address));
  return {
    plan: { ...plan, changes, summary: { ...plan.summary, ...actionCounts(changes) } },
    refusals: [...refusals, ...dependents],
  };
}
