/**
 * Safety rules checked over the whole plan before any write. Each rule is a small named
 * filter returning typed refusals; a single refusal means nothing is written at all.
 */
import type { Change, Plan } from '../plan/model.js';

export interface SafetyOptions {
  /** `--allow-replace`: replacements may run without a per-manifest opt-in. */
  readonly allowReplace: boolean;
  /** `--allow-delete`: deletions may run. */
  readonly allowDelete: boolean;
  /** `--max-deletes`: more deletions than this refuse the whole apply. */
  readonly maxDeletes: number;
  /** `--allow-empty-database`: a prune may delete every connection of a database. */
  readonly allowEmptyDatabase: boolean;
}

export const DEFAULT_MAX_DELETES = 10;

export type Refusal =
  | { readonly rule: 'protected'; readonly address: string; readonly action: 'replace' | 'delete' }
  | { readonly rule: 'replace-not-allowed'; readonly address: string }
  | { readonly rule: 'delete-not-allowed'; readonly address: string }
  | { readonly rule: 'too-many-deletes'; readonly count: number; readonly max: number }
  | { readonly rule: 'empties-database'; readonly database: string; readonly count: number };

type Rule = (plan: Plan, options: SafetyOptions) => Refusal[];

export const protectedNeverDestroyed: Rule = (plan) =>
  plan.changes.flatMap((c): Refusal[] =>
    c.protected && (c.action === 'replace' || c.action === 'delete') ? [{ rule: 'protected', address: c.address, action: c.action }] : [],
  );

export const replaceNeedsOptIn: Rule = (plan, o) =>
  plan.changes.flatMap((c): Refusal[] =>
    c.action === 'replace' && !c.protected && !o.allowReplace && !c.replaceAllowed ? [{ rule: 'replace-not-allowed', address: c.address }] : [],
  );

export const deleteNeedsOptIn: Rule = (plan, o) =>
  o.allowDelete ? [] : plan.changes.flatMap((c): Refusal[] => (c.action === 'delete' && !c.protected ? [{ rule: 'delete-not-allowed', address: c.address }] : []));

export const deleteBudget: Rule = (plan, o) => {
  const count = plan.changes.filter((c) => c.action === 'delete').length;
  return count > o.maxDeletes ? [{ rule: 'too-many-deletes', count, max: o.maxDeletes }] : [];
};

/** A prune that would leave a database with none of the connections it had. */
export const neverEmptyADatabase: Rule = (plan, o) => {
  if (o.allowEmptyDatabase) return [];
  const refusals: Refusal[] = [];
  for (const db of plan.databases) {
    if (db.allowEmpty || db.liveCount === 0) continue;
    const inDb = (c: Change): boolean => c.address.toLowerCase().startsWith(`${db.address.toLowerCase()}/`);
    const deletes = plan.changes.filter((c) => inDb(c) && c.action === 'delete').length;
    if (deletes > 0 && deletes === db.liveCount) refusals.push({ rule: 'empties-database', database: db.address, count: deletes });
  }
  return refusals;
};

export const SAFETY_RULES: readonly Rule[] = [protectedNeverDestroyed, replaceNeedsOptIn, deleteNeedsOptIn, deleteBudget, neverEmptyADatabase];

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
  }
}
