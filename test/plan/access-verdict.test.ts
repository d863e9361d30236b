import { describe, expect, it } from 'vitest';
import { accessVerdict, denyApplies, denyCovers, EVERYONE } from '../../src/plan/rules/access-verdict.js';
import type { DenyRule, RoleGrant } from '../../src/core/ports/prerequisite-port.js';

const SUB = '/subscriptions/s';
const NS = `${SUB}/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns`;
const HUB = `${NS}/eventhubs/hub`;
const RECEIVE = 'Microsoft.EventHub/namespaces/messages/receive/action';
const ME = 'aaaaaaaa-0000-0000-0000-000000000001';
const GROUP = 'gggggggg-0000-0000-0000-000000000001';

const grant = (extra: Partial<RoleGrant> = {}, dataActions = ['Microsoft.EventHub/*/receive/action']): RoleGrant => ({
  scope: NS,
  roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
  roleName: 'Azure Event Hubs Data Receiver',
  permissions: [{ dataActions, notDataActions: [] }],
  ...extra,
});

const deny = (extra: Partial<DenyRule> = {}): DenyRule => ({
  id: `${SUB}/providers/Microsoft.Authorization/denyAssignments/d1`,
  name: 'Deny by stack',
  scope: SUB,
  doNotApplyToChildScopes: false,
  permissions: [{ dataActions: ['Microsoft.EventHub/*'], notDataActions: [] }],
  principals: [{ id: EVERYONE, type: 'SystemDefined' }],
  excludePrincipals: [],
  ...extra,
});

describe('access verdict', () => {
  it('a direct, unconditional grant at the scope or above is granted', () => {
    expect(accessVerdict([grant()], [], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
  });

  it('NotDataActions take a wildcard grant back; a grant elsewhere does not count', () => {
    expect(accessVerdict([{ ...grant({}, ['*']), permissions: [{ dataActions: ['*'], notDataActions: ['Microsoft.EventHub/*'] }] }], [], ME, HUB, [RECEIVE]).kind).toBe('missing');
    expect(accessVerdict([grant({ scope: `${SUB}/resourceGroups/other` })], [], ME, HUB, [RECEIVE]).kind).toBe('missing');
  });

  it('a deny assignment to everyone (or to the identity) that covers the action wins over any grant', () => {
    const v = accessVerdict([grant()], [deny()], ME, HUB, [RECEIVE]);
    expect(v).toMatchObject({ kind: 'denied', actions: [RECEIVE], everyone: true });
    expect(accessVerdict([grant()], [deny({ principals: [{ id: ME, type: 'ServicePrincipal' }] })], ME, HUB, [RECEIVE])).toMatchObject({ kind: 'denied', everyone: false });
    // Without a grant, the deny is still what to report: a role alone would not fix it.
    expect(accessVerdict([], [deny()], ME, HUB, [RECEIVE]).kind).toBe('denied');
  });

  it('a deny assignment does not apply when it excludes the identity, misses the action, or stops above the resource', () => {
    expect(accessVerdict([grant()], [deny({ excludePrincipals: [{ id: ME.toUpperCase(), type: 'ServicePrincipal' }] })], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
    expect(accessVerdict([grant()], [deny({ permissions: [{ dataActions: ['Microsoft.EventHub/*'], notDataActions: ['*/receive/action'] }] })], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
    expect(accessVerdict([grant()], [deny({ permissions: [{ dataActions: ['Microsoft.Storage/*'], notDataActions: [] }] })], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
    expect(accessVerdict([grant()], [deny({ doNotApplyToChildScopes: true })], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
    expect(denyCovers(deny({ scope: HUB, doNotApplyToChildScopes: true }), HUB)).toBe(true);
    expect(accessVerdict([grant()], [deny({ principals: [{ id: 'someone-else', type: 'User' }] })], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
  });

  it('a deny that may apply (a group it names, a condition, an excluded group) is maybe-denied, never denied', () => {
    expect(denyApplies(deny({ principals: [{ id: GROUP, type: 'Group' }] }), ME)).toMatchObject({ applies: 'maybe' });
    expect(denyApplies(deny({ condition: "@Resource[x] StringEquals 'y'" }), ME)).toMatchObject({ applies: 'maybe' });
    expect(denyApplies(deny({ excludePrincipals: [{ id: GROUP, type: 'Group' }] }), ME)).toMatchObject({ applies: 'maybe' });
    expect(accessVerdict([grant()], [deny({ principals: [{ id: GROUP, type: 'Group' }] })], ME, HUB, [RECEIVE]).kind).toBe('maybe-denied');
  });

  it('a grant held only through a group or under a condition is unproven, never missing; an unconditional direct one settles it', () => {
    const group = grant({ holder: { principalId: GROUP, principalType: 'Group' } });
    const conditional = grant({ condition: "@Resource[name] StringEquals 'hub'" });
    expect(accessVerdict([group], [], ME, HUB, [RECEIVE])).toMatchObject({ kind: 'unproven', actions: [RECEIVE], through: [group] });
    expect(accessVerdict([conditional], [], ME, HUB, [RECEIVE])).toMatchObject({ kind: 'unproven', through: [conditional] });
    expect(accessVerdict([group, conditional, grant()], [], ME, HUB, [RECEIVE])).toEqual({ kind: 'granted' });
    // A group's role that does not grant the action is no reason to doubt: still missing.
    expect(accessVerdict([grant({ holder: { principalId: GROUP, principalType: 'Group' } }, ['Microsoft.EventHub/*/send/action'])], [], ME, HUB, [RECEIVE]).kind).toBe('missing');
  });
});
