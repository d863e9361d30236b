/**
 * Microsoft.Authorization's reads: role assignments at a scope (with `$filter`), one assignment,
 * deny assignments at a scope and one of them, and the built-in role definitions, in the shapes
 * of the 2022-04-01 spec examples (RoleAssignments_ListForScope, GetDenyAssignmentByScope,
 * GetDenyAssignmentByNameId, GetRoleDefinitionById).
 */
import type { ApiResponse } from '../arm/api-types.js';
import { ArmError } from '../arm/errors.js';
import { resolveSubscription } from '../arm/resolve.js';
import type { EmulatorCore } from '../state/core.js';
import type { DenyAssignmentNode, RoleAssignmentNode } from '../state/world.js';
import { parseAssignmentFilter } from './assignments.js';
import { parseDenyAssignmentFilter } from './deny-assignments.js';
import { BUILT_IN_ROLES, findBuiltInRole, type BuiltInRole } from './builtin-roles.js';
import type { AuthorizationRoute } from './routes.js';

const CREATED = '2024-01-01T00:00:00.0000000Z';

function subscriptionOf(scope: string): string | undefined {
  const [first, sub] = scope.split('/').slice(1);
  return first?.toLowerCase() === 'subscriptions' ? sub : undefined;
}

function definitionId(subscription: string | undefined, id: string): string {
  return `${subscription === undefined ? '' : `/subscriptions/${subscription}`}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
}

export function renderAssignment(subscription: string, a: RoleAssignmentNode): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: definitionId(subscription, a.roleDefinitionId),
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: a.condition ?? null,
      conditionVersion: a.conditionVersion ?? null,
      createdOn: CREATED,
      updatedOn: CREATED,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

export function renderDenyAssignment(d: DenyAssignmentNode): Record<string, unknown> {
  return {
    properties: {
      denyAssignmentName: d.denyAssignmentName,
      description: d.description,
      permissions: [d.permissions],
      scope: d.scope,
      doNotApplyToChildScopes: d.doNotApplyToChildScopes,
      principals: d.principals,
      excludePrincipals: d.excludePrincipals,
      isSystemProtected: true,
      ...(d.condition !== undefined ? { condition: d.condition, conditionVersion: d.conditionVersion ?? '2.0' } : {}),
    },
    id: `${d.scope}/providers/Microsoft.Authorization/denyAssignments/${d.name}`,
    type: 'Microsoft.Authorization/denyAssignments',
    name: d.name,
  };
}

function renderDefinition(subscription: string | undefined, role: BuiltInRole): Record<string, unknown> {
  return {
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: role.permissions,
      createdOn: CREATED,
      updatedOn: CREATED,
      createdBy: null,
      updatedBy: null,
    },
    id: definitionId(subscription, role.id),
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.id,
  };
}

export function handleAuthorization(core: EmulatorCore, route: AuthorizationRoute, query: URLSearchParams): ApiResponse {
  const subscription = subscriptionOf(route.scope);
  if (subscription !== undefined) resolveSubscription(core, subscription);
  switch (route.kind) {
    case 'roleAssignments': {
      const filter = parseAssignmentFilter(query.get('$filter'));
      const sub = subscription ?? '';
      return { status: 200, body: { value: core.roleAssignments.list(sub, route.scope, filter).map((a) => renderAssignment(sub, a)) } };
    }
    case 'roleAssignment': {
      const sub = subscription ?? '';
      const a = core.roleAssignments.get(sub, route.scope, route.name);
      if (a === undefined) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${route.name}' is not found.`);
      return { status: 200, body: renderAssignment(sub, a) };
    }
    case 'denyAssignments': {
      const filter = parseDenyAssignmentFilter(query.get('$filter'));
      return { status: 200, body: { value: core.denyAssignments.list(subscription ?? '', route.scope, filter).map(renderDenyAssignment) } };
    }
    case 'denyAssignment': {
      const d = core.denyAssignments.get(subscription ?? '', route.scope, route.name);
      if (d === undefined) throw new ArmError(404, 'DenyAssignmentNotFound', `The deny assignment '${route.name}' is not found.`);
      return { status: 200, body: renderDenyAssignment(d) };
    }
    case 'roleDefinition': {
      const role = /^[0-9a-f-]{36}$/i.test(route.id) ? findBuiltInRole(route.id) : undefined;
      if (role === undefined) throw new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${route.id}' does not exist.`);
      return { status: 200, body: renderDefinition(subscription, role) };
    }
    case 'roleDefinitions': {
      const filter = query.get('$filter');
      const byName = filter === null ? undefined : /^roleName\s+eq\s+'([^']*)'$/i.exec(filter.trim());
      if (filter !== null && filter.trim() !== '' && (byName === null || byName === undefined)) {
        throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filters are 'roleName eq '{value}'' and 'type eq 'BuiltInRole''.`);
      }
      const name = byName?.[1]?.toLowerCase();
      const roles = BUILT_IN_ROLES.filter((r) => name === undefined || r.roleName.toLowerCase() === name);
      return { status: 200, body: { value: roles.map((r) => renderDefinition(subscription, r)) } };
    }
  }
}
