/** Reading scope IDs and addresses: every level, ARM's casing freedom, and what is refused with why. */
import { describe, expect, it } from 'vitest';
import { parseScope, scopeShapes } from '../../src/azure/arm/arm-ids.js';
import type { ArmScope, ScopeLevel } from '../../src/core/scope.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const DB_ID = `/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/mykustocluster/databases/mykustodatabase`;
const database = (over: Partial<Record<string, string>> = {}): ArmScope => ({
  level: 'database',
  database: { subscriptionId: SUB, resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'mykustodatabase', ...over },
});

describe('parseScope', () => {
  it.each<[ScopeLevel, string, ArmScope]>([
    ['subscription', SUB, { level: 'subscription', subscriptionId: SUB }],
    ['subscription', `/subscriptions/${SUB}`, { level: 'subscription', subscriptionId: SUB }],
    ['subscription', `/SUBSCRIPTIONS/${SUB}/`, { level: 'subscription', subscriptionId: SUB }],
    ['resourceGroup', `${SUB}/testrg`, { level: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'testrg' }],
    ['resourceGroup', `/subscriptions/${SUB}/RESOURCEGROUPS/Test.RG(1)`, { level: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'Test.RG(1)' }],
    ['cluster', `/subscriptions/${SUB}/resourceGroups/testrg/providers/microsoft.kusto/Clusters/MyKustoCluster`, { level: 'cluster', subscriptionId: SUB, resourceGroup: 'testrg', cluster: 'mykustocluster' }],
    ['cluster', `${SUB}/testrg/mykustocluster`, { level: 'cluster', subscriptionId: SUB, resourceGroup: 'testrg', cluster: 'mykustocluster' }],
    ['database', DB_ID, database()],
    ['database', ` ${DB_ID.replace('/providers/Microsoft.Kusto/clusters/', '/Providers/MICROSOFT.KUSTO/CLUSTERS/')} `, database()],
    ['database', `/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.Kusto/Clusters/mykustocluster/Databases/Sales DB`, database({ database: 'Sales DB' })],
    ['database', `${SUB}/testrg/MYKUSTOCLUSTER/MyDb`, database({ cluster: 'mykustocluster', database: 'MyDb' })],
  ])('%s %s', (level, text, expected) => {
    expect(parseScope(level, text)).toEqual({ ok: true, scope: expected });
  });

  it.each<[ScopeLevel, string, RegExp]>([
    ['database', `/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/mykustocluster`, /is not a Kusto database ID: expected \/subscriptions\/\{subscriptionId\}.*\/databases\/\{database\} or \{subscriptionId\}\/\{resourceGroup\}\/\{cluster\}\/\{database\}/],
    ['database', `${DB_ID}/dataConnections/x`, /is not a Kusto database ID/],
    ['cluster', `/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/ns`, /is not a Kusto cluster ID/],
    ['subscription', 'not-a-guid', /the subscription name "not-a-guid" is not valid: it must be a subscription ID \(a GUID/],
    ['resourceGroup', `${SUB}/bad rg`, /the resource group name "bad rg" is not valid/],
    ['cluster', `${SUB}/testrg/9cluster`, /the Kusto cluster name "9cluster" is not valid: it must be 4 to 22 characters/],
    ['database', `${SUB}/testrg/mykustocluster/`, /is not a Kusto database ID/],
    ['database', `${SUB}//mykustocluster/db`, /the resource group name "" is not valid/],
  ])('refuses %s %s', (level, text, problem) => {
    const parsed = parseScope(level, text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('describes the shapes it accepts', () => {
    expect(scopeShapes('cluster')).toEqual({
      id: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Kusto/clusters/{cluster}',
      address: '{subscriptionId}/{resourceGroup}/{cluster}',
    });
  });
});
