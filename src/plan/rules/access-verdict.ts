/**
 * Whether an identity may do the data actions a source needs, as Azure RBAC decides it, from
 * what ARM's lists tell: role assignments (the identity's own, unconditional ones prove a grant;
 * a group's or a conditional one only may grant: ARM's list does not show group membership, and
 * an ABAC condition is evaluated per request) and deny assignments (which win over any grant).
 * A verdict is never a guess: what cannot be proven is `unproven` or `maybe-denied`, never
 * `missing` or `denied`.
 */
import type { DenyPrincipal, DenyRule, RoleGrant } from '../../core/ports/prerequisite-port.js';
import { actionMatches, grantAllows, missingActions, scopeCovers } from './required-access.js';

/** The principal ID by which a deny assignment names everyone (type SystemDefined). */
export const EVERYONE = '00000000-0000-0000-0000-000000000000';

export type AccessVerdict =
  | { readonly kind: 'granted' }
  /** A deny assignment that names the identity (or everyone) blocks these actions. */
  | { readonly kind: 'denied'; readonly deny: DenyRule; readonly actions: readonly string[]; readonly everyone: boolean }
  /** No assignment, of the identity's or a group's, conditional or not, grants these actions. */
  | { readonly kind: 'missing'; readonly actions: readonly string[] }
  /** Only group or conditional assignments could grant these actions: which, is not known. */
  | { readonly kind: 'unproven'; readonly actions: readonly string[]; readonly through: readonly RoleGrant[] }
  /** Granted, but a deny assignment may apply (a group it names, a condition, an excluded group). */
  | { readonly kind: 'maybe-denied'; readonly deny: DenyRule; readonly why: string };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const isGroup = (p: DenyPrincipal): boolean => same(p.type, 'Group');

/** Whether a deny assignment reaches the resource: its scope or, unless doNotApplyToChildScopes, below. */
export function denyCovers(deny: DenyRule, resourceId: string): boolean {
  if (!deny.doNotApplyToChildScopes) return scopeCovers(deny.scope, resourceId);
  return deny.scope.replace(/\/+$/, '').toLowerCase() === resourceId.replace(/\/+$/, '').toLowerCase();
}

/** The actions a deny assignment blocks: in some permission's DataActions and not its NotDataActions. */
export function deniedActions(deny: DenyRule, actions: readonly string[]): string[] {
  return actions.filter((action) => deny.permissions.some((p) => p.dataActions.some((a) => actionMatches(a, action)) && !p.notDataActions.some((a) => actionMatches(a, action))));
}

/** Whether a deny assignment applies to the principal: yes, no, or maybe (with why). */
export function denyApplies(deny: DenyRule, principalId: string): { applies: 'yes' | 'no' } | { applies: 'maybe'; why: string } {
  if (deny.excludePrincipals.some((p) => same(p.id, principalId))) return { applies: 'no' };
  const named = deny.principals.some((p) => same(p.id, principalId) || p.id === EVERYONE);
  const groups = deny.principals.filter(isGroup).map((p) => p.id);
  if (!named && groups.length === 0) return { applies: 'no' };
  if (!named) return { applies: 'maybe', why: `it names group ${groups.join(', ')}, and whether the identity is a member is not known` };
  if (deny.condition !== undefined) return { applies: 'maybe', why: `it applies under a condition (${deny.condition})` };
  const excludedGroups = deny.excludePrincipals.filter(isGroup).map((p) => p.id);
  if (excludedGroups.length > 0) return { applies: 'maybe', why: `it excludes group ${excludedGroups.join(', ')}, which the identity may be a member of` };
  return { applies: 'yes' };
}

/** The verdict on `actions` over `resourceId` for `principalId`, given the grants and deny assignments at the scope and above. */
export function accessVerdict(grants: readonly RoleGrant[], denies: readonly DenyRule[], principalId: string, resourceId: string, actions: readonly string[]): AccessVerdict {
  let maybe: AccessVerdict | undefined;
  for (const deny of denies) {
    if (!denyCovers(deny, resourceId)) continue;
    const blocked = deniedActions(deny, actions);
    if (blocked.length === 0) continue;
    const applies = denyApplies(deny, principalId);
    if (applies.applies === 'yes') return { kind: 'denied', deny, actions: blocked, everyone: !deny.principals.some((p) => same(p.id, principalId)) };
    if (applies.applies === 'maybe') maybe ??= { kind: 'maybe-denied', deny, why: applies.why };
  }
  const proves = (g: RoleGrant): boolean => g.holder === undefined && g.condition === undefined;
  const missing = missingActions(grants.filter(proves), resourceId, actions);
  if (missing.length > 0) {
    const unproven = grants.filter((g) => !proves(g) && scopeCovers(g.scope, resourceId));
    const none = missingActions(unproven, resourceId, missing);
    if (none.length > 0) return { kind: 'missing', actions: none };
    return { kind: 'unproven', actions: missing, through: unproven.filter((g) => missing.some((action) => grantAllows(g, action))) };
  }
  return maybe ?? { kind: 'granted' };
}
