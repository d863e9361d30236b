/**
 * Microsoft.Authorization's read routes, at any scope: `{scope}/providers/Microsoft.Authorization/`
 * `roleAssignments[/{name}]`, `denyAssignments[/{name}]` and `roleDefinitions[/{id}]`, where the scope is empty (the root,
 * role definitions only), a subscription, a resource group or a resource.
 */

export type AuthorizationRoute =
  | { readonly kind: 'roleAssignments'; readonly scope: string }
  | { readonly kind: 'roleAssignment'; readonly scope: string; readonly name: string }
  | { readonly kind: 'roleDefinitions'; readonly scope: string }
  | { readonly kind: 'roleDefinition'; readonly scope: string; readonly id: string }
  | { readonly kind: 'denyAssignments'; readonly scope: string }
  | { readonly kind: 'denyAssignment'; readonly scope: string; readonly name: string };

/** Authorization's api-versions (@azure/arm-authorization 9.x sends 2022-04-01 for both). */
export const AUTHORIZATION_API_VERSIONS = ['2015-07-01', '2018-01-01-preview', '2020-04-01-preview', '2020-10-01-preview', '2022-04-01', '2022-05-01-preview'] as const;

export function matchAuthorizationRoute(segs: readonly string[]): AuthorizationRoute | undefined {
  for (const i of [segs.length - 3, segs.length - 4]) {
    if (i < 0 || segs[i]?.toLowerCase() !== 'providers' || segs[i + 1]?.toLowerCase() !== 'microsoft.authorization') continue;
    const scopeSegs = segs.slice(0, i);
    if (scopeSegs.length > 0 && (scopeSegs[0]?.toLowerCase() !== 'subscriptions' || scopeSegs.length < 2)) return undefined;
    const scope = scopeSegs.length === 0 ? '' : `/${scopeSegs.join('/')}`;
    const type = segs[i + 2]?.toLowerCase();
    const name = segs[i + 3];
    if (type === 'roleassignments' && scope !== '') return name === undefined ? { kind: 'roleAssignments', scope } : { kind: 'roleAssignment', scope, name };
    if (type === 'denyassignments' && scope !== '') return name === undefined ? { kind: 'denyAssignments', scope } : { kind: 'denyAssignment', scope, name };
    if (type === 'roledefinitions') return name === undefined ? { kind: 'roleDefinitions', scope } : { kind: 'roleDefinition', scope, id: name };
    return undefined;
  }
  return undefined;
}
