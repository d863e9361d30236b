/** Whether a database lies under some scopes: every level, any letter case. */
import { describe, expect, it } from 'vitest';
import { type ArmScope, scopeMatcher } from '../../src/core/scope.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const db = (resourceGroup: string, cluster: string, database: string, subscriptionId = SUB) => ({ subscriptionId, resourceGroup, cluster, database });

describe('scopeMatcher', () => {
  it.each<[string, ArmScope, boolean[]]>([
    ['a subscription', { level: 'subscription', subscriptionId: SUB.toUpperCase() }, [true, true, true, false]],
    ['a resource group', { level: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'testrg' }, [true, true, false, false]],
    ['a cluster', { level: 'cluster', subscriptionId: SUB, resourceGroup: 'TestRG', cluster: 'KUSTOONE' }, [true, false, false, false]],
    ['a database', { level: 'database', database: db('TESTRG', 'kustoone', 'ALPHA') }, [true, false, false, false]],
  ])('%s holds what lies under it, compared case-insensitively', (_what, scope, expected) => {
    const under = scopeMatcher([scope]);
    expect([db('TestRG', 'kustoone', 'alpha'), db('TestRG', 'kustotwo', 'alpha'), db('other', 'kustoone', 'alpha'), db('TestRG', 'kustoone', 'alpha', 'bbbbbbbb-0000-4000-8000-000000000002')].map(under)).toEqual(expected);
  });

  it('a name that only starts like the scope is not under it; no scope holds nothing', () => {
    expect(scopeMatcher([{ level: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'test' }])(db('testrg', 'c', 'd'))).toBe(false);
    expect(scopeMatcher([])(db('testrg', 'c', 'd'))).toBe(false);
  });
});
