/**
 * Azure deny assignments: the seed's, plus those the control API adds, per subscription. Azure
 * makes them (deployment stacks, managed applications, Blueprints); nobody can create one
 * through the API, so the emulator only reads them. Listing follows Microsoft.Authorization's
 * `$filter` rules for deny assignments ("List Azure deny assignments using the REST API"): no
 * filter lists those at, above and below the scope; `atScope()` those at and above it;
 * `principalId eq '{id}'` and `assignedTo('{id}')` those naming the principal (group membership
 * is not modelled, so both mean the same here); `denyAssignmentName eq '{name}'` by display
 * name; `atScope() and ...` combines them.
 */
import { ArmError } from '../arm/errors.js';
import type { DenyAssignmentNode } from '../state/world.js';
import { AssignmentStore } from './assignments.js';

export interface DenyAssignmentFilter {
  readonly atScope: boolean;
  readonly principalId?: string;
  readonly denyAssignmentName?: string;
}

const UNSUPPORTED = (filter: string) =>
  new ArmError(
    400,
    'UnsupportedQuery',
    `The filter '${filter}' is not supported. Supported filters are 'atScope()', 'principalId eq '{value}'', 'assignedTo('{value}')' and 'denyAssignmentName eq '{value}'', optionally combined with 'atScope() and'.`,
  );

/** Parses `$filter`; ARM's 400 for anything else. */
export function parseDenyAssignmentFilter(filter: string | null): DenyAssignmentFilter {
  if (filter === null || filter.trim() === '') return { atScope: false };
  let atScope = false;
  let principalId: string | undefined;
  let denyAssignmentName: string | undefined;
  for (const raw of filter.split(/\s+and\s+/i)) {
    const term = raw.trim();
    const principal = /^principalId\s+eq\s+'([^']*)'$/i.exec(term) ?? /^assignedTo\('([^']*)'\)$/i.exec(term);
    const name = /^denyAssignmentName\s+eq\s+'([^']*)'$/i.exec(term);
    if (/^atScope\(\)$/i.test(term) && !atScope) atScope = true;
    else if (principal !== null && principalId === undefined && denyAssignmentName === undefined) principalId = principal[1] ?? '';
    else if (name !== null && denyAssignmentName === undefined && principalId === undefined) denyAssignmentName = name[1] ?? '';
    else throw UNSUPPORTED(filter);
  }
  return { atScope, ...(principalId !== undefined ? { principalId } : {}), ...(denyAssignmentName !== undefined ? { denyAssignmentName } : {}) };
}

export class DenyAssignments extends AssignmentStore<DenyAssignmentNode> {
  constructor() {
    super((sub) => sub.denyAssignments);
  }

  list(subscription: string, scope: string, filter: DenyAssignmentFilter): DenyAssignmentNode[] {
    const principal = filter.principalId?.toLowerCase();
    const name = filter.denyAssignmentName?.toLowerCase();
    return this.listAt(
      subscription,
      scope,
      filter.atScope,
      (d) => (principal === undefined || d.principals.some((p) => p.id.toLowerCase() === principal)) && (name === undefined || d.denyAssignmentName.toLowerCase() === name),
    );
  }
}
