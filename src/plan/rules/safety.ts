/**
 * Safety rules, checked over the whole plan: when it is made (so a pull request's plan states
 * what apply will refuse), and again before any write. Each rule is a small named filter
 * returning typed refusals; each refusal names the changes it holds back (`addresses`). apply
 * writes nothing when there is one; reconcile --skip-refused applies the rest (see subset.ts).
 */
import type { Change, Plan } from '../model.js';
import type { Refusal, SafetyOptions } from './readiness.js';

export { DEFAULT_MAX_DELETES, type Refusal, type RefusalRule, type SafetyOptions } from './readiness.js';

type Rule = (plan: Plan, options: SafetyOptions) => Refusal[];

export const protectedNeverDestroyed: Rule = (plan) =>
  plan.changes.flatMap((c): Refusal[] =>
    c.protected && (c.action === 'replace' || c.action === 'delete') ? [{ rule: 'protected', address: c.address, action: c.action, addresses: [c.address] }] : [],
  );

export const replaceNeedsOptIn: Rule = (plan, o) =>
  plan.changes.flatMap((c): Refusal[] =>
    c.action === 'replace' && !c.protected && !o.allowReplace && !c.replaceAllowed ? [{ rule: 'replace-not-allowed', address: c.address, addresses: [c.address] }] : [],
  );

export const deleteNeedsOptIn: Rule = (plan, o) =>
  o.allowDelete
    ? []
    : plan.changes.flatMap((c): Refusal[] => (c.action === 'delete' && !c.protected ? [{ rule: 'delete-not-allowed', address: c.address, addresses: [c.address] }] : []));

export const deleteBudget: Rule = (plan, o) => {
  const deletes = plan.changes.filter((c) => c.action === 'delete').map((c) => c.address);
  return deletes.length > o.maxDeletes ? [{ rule: 'too-many-deletes', count: deletes.length, max: o.maxDeletes, addresses: deletes }] : [];
};

/** What the service's own validation refused (`plan --validate-remote`) would fail when applied. */
export const serviceMustAccept: Rule = (plan) =>
  plan.changes.flatMap((c): Refusal[] =>
    c.remoteValidation !== undefined && c.remoteValidation.length > 0
      ? [{ rule: 'service-refuses', address: c.address, messages: c.remoteValidation, addresses: [c.address] }]
      : [],
  );

/** A prune that would leave a database with none of the connections it had. */
export const neverEmptyADatabase: Rule = (plan, o) => {
  if (o.allowEmptyDatabase) return [];
  const refusals: Refusal[] = [];
  for (const db of plan.databases) {
    if (db.allowEmpty || db.liveCount === 0) continue;
    const inDb = (c: Change): boolean => c.address.toLowerCase().startsWith(`${db.address.toLowerCase()}/`);
    const deletes = plan.changes.filter((c) => inDb(c) && c.action === 'delete').map((c) => c.address);
    if (deletes.length > 0 && deletes.length === db.liveCount) refusals.push({ rule: 'empties-database', database: db.address, count: deletes.length, addresses: deletes });
  }
  return refusals;
};

export const SAFETY_RULES: readonly Rule[] = [protectedNeverDestroyed, replaceNeedsOptIn, deleteNeedsOptIn, deleteBudget, neverEmptyADatabase, serviceMustAccept];

export function checkSafety(plan: Plan, options: SafetyOptions): Refusal[] {
  return SAFETY_RULES.flatMap((rule) => rule(plan, options));
}

/** What to tell the user, per refusal: what is refused, and how to allow it. */
export function describeRefusal(r: Refusal): string {
  switch (r.rule) {
    case 'protected':
      return `${r.address}: protected, so it is never ${r.action === 'delete' ? 'deleted' : 'replaced'} (remove the kustodian.io/protect annotation or the ManagedDatabase protect glob first)`;
    case 'replace-not-allowed':
      return `${r.address}: a replacement deletes and re-creates the connection; pass --allow-replace, or annotate the manifest with kustodian.io/allow-replace: "true"`;
    case 'delete-not-allowed':
      return `${r.address}: deletion needs --allow-delete`;
    case 'too-many-deletes':
      return `the plan deletes ${r.count} connections, more than --max-deletes ${r.max}; review it and raise --max-deletes if it is right`;
    case 'empties-database':
      return `${r.database}: the plan deletes all ${r.count} of its connections; set spec.allowEmpty: true in its ManagedDatabase or pass --allow-empty-database if that is intended`;
    case 'service-refuses':
      return `${r.address}: the service's validation refuses it: ${r.messages.join(' ')} Fix the manifest, or what it points at (the table, mapping, event hub or consumer group).`;
    case 'depends-on-refused':
      return `${r.address}: it waits for ${r.dependency}, which is refused`;
  }
}
