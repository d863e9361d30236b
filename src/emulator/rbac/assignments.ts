/**
 * Azure role assignments: the seed's, plus those the control API adds, per subscription.
 * Listing follows Microsoft.Authorization's `$filter` rules ("List Azure role assignments using
 * the REST API"): no filter lists the assignments at, above and below the scope; `atScope()`
 * those at and above it (the ones that apply to it); `principalId eq '{id}'` and
 * `assignedTo('{id}')` one principal's (group membership is not modelled, so both mean the
 * same here); `atScope() and ...` combines them.
 */
import { ArmError } from '../arm/errors.js';
import type { RoleAssignmentNode, SubscriptionNode, World } from '../state/world.js';

export interface AssignmentFilter {
  readonly atScope: boolean;
  readonly principalId?: string;
}

const UNSUPPORTED = (filter: string) =>
  new ArmError(
    400,
    'UnsupportedQuery',
    `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}'' or 'assignedTo('{value}')', optionally combined with 'atScope() and'.`,
  );

/** Parses `$filter`; ARM's 400 for anything else. */
export function parseAssignmentFilter(filter: string | null): AssignmentFilter {
  if (filter === null || filter.trim() === '') return { atScope: false };
  let atScope = false;
  let principalId: string | undefined;
  for (const raw of filter.split(/\s+and\s+/i)) {
    const term = raw.trim();
    const principal = /^principalId\s+eq\s+'([^']*)'$/i.exec(term) ?? /^assignedTo\('([^']*)'\)$/i.exec(term);
    if (/^atScope\(\)$/i.test(term) && !atScope) atScope = true;
    else if (principal !== null && principalId === undefined) principalId = principal[1] ?? '';
    else throw UNSUPPORTED(filter);
  }
  return { atScope, ...(principalId !== undefined ? { principalId } : {}) };
}

/** Whether `inner` is `outer` or below it (scopes compared case-insensitively, as ARM does). */
function within(inner: string, outer: string): boolean {
  const i = inner.toLowerCase();
  const o = outer.toLowerCase();
  return i === o || i.startsWith(`${o}/`);
}

/**
 * Assignments (role or deny) by subscription: the world's, plus those the control API adds,
 * each named uniquely; kept in the state file.
 */
export class AssignmentStore<T extends { readonly name: string; readonly scope: string }> {
  private bySubscription = new Map<string, T[]>();

  constructor(private readonly fromWorld: (sub: SubscriptionNode) => readonly T[]) {}

  /** The world's assignments, forgetting any added since. */
  reset(world: World): void {
    this.bySubscription = new Map([...world.subscriptions.values()].map((s) => [s.id.toLowerCase(), [...this.fromWorld(s)]]));
  }

  all(subscription: string): readonly T[] {
    return this.bySubscription.get(subscription.toLowerCase()) ?? [];
  }

  /**
   * The subscription's assignments that apply at the scope (at it or above), and, unless
   * `atScope`, also those below it: where Microsoft.Authorization's lists look, whatever else
   * their `$filter` asks; `keep` is the rest of the filter.
   */
  protected listAt(subscription: string, scope: string, atScope: boolean, keep: (a: T) => boolean): T[] {
    return this.all(subscription).filter((a) => (within(scope, a.scope) || (!atScope && within(a.scope, scope))) && keep(a));
  }

  get(subscription: string, scope: string, name: string): T | undefined {
    return this.all(subscription).find((a) => a.scope.toLowerCase() === scope.toLowerCase() && a.name.toLowerCase() === name.toLowerCase());
  }

  /** Adds one; an assignment of the same name is replaced. */
  add(subscription: string, assignment: T): void {
    const list = this.all(subscription).filter((a) => a.name.toLowerCase() !== assignment.name.toLowerCase());
    this.bySubscription.set(subscription.toLowerCase(), [...list, assignment]);
  }

  remove(name: string): boolean {
    for (const [sub, list] of this.bySubscription) {
      const kept = list.filter((a) => a.name.toLowerCase() !== name.toLowerCase());
      if (kept.length !== list.length) {
        this.bySubscription.set(sub, kept);
        return true;
      }
    }
    return false;
  }

  /** Every subscription's assignments, for the state file. */
  snapshot(): Readonly<Record<string, readonly T[]>> {
    return Object.fromEntries(this.bySubscription);
  }

  restore(snapshot: Readonly<Record<string, readonly T[]>>): void {
    this.bySubscription = new Map(Object.entries(snapshot).map(([sub, list]) => [sub.toLowerCase(), [...list]]));
  }
}

export class RoleAssignments extends AssignmentStore<RoleAssignmentNode> {
  constructor() {
    super((sub) => sub.roleAssignments);
  }

  list(subscription: string, scope: string, filter: AssignmentFilter): RoleAssignmentNode[] {
    const principal = filter.principalId?.toLowerCase();
    return this.listAt(subscription, scope, filter.atScope, (a) => principal === undefined || a.principalId.toLowerCase() === principal);
  }
}
