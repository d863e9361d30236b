/** The Resource Graph query kustodian sends, built from scopes: narrowing, widening, batching. */
import { describe, expect, it } from 'vitest';
import { MAX_PREFIXES, SUBSCRIPTIONS_PER_QUERY, connectionQueries, idPrefixes, queryText } from '../../src/azure/graph/query.js';
import type { ArmScope } from '../../src/core/scope.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';
const sub = (subscriptionId = SUB): ArmScope => ({ level: 'subscription', subscriptionId });
const group = (resourceGroup: string, subscriptionId = SUB): ArmScope => ({ level: 'resourceGroup', subscriptionId, resourceGroup });
const cluster = (name: string, resourceGroup = 'TestRG'): ArmScope => ({ level: 'cluster', subscriptionId: SUB, resourceGroup, cluster: name });
const database = (name: string, clusterName = 'kustoone'): ArmScope => ({ level: 'database', database: { subscriptionId: SUB, resourceGroup: 'TestRG', cluster: clusterName, database: name } });

describe('the query text', () => {
  it('reads KustoResources, filters the data connection type, projects what kustodian reads, orders by ID', () => {
    expect(queryText(undefined)).toBe(
      "KustoResources | where type =~ 'microsoft.kusto/clusters/databases/dataconnections' | project id, name, type, kind, location, subscriptionId, resourceGroup, properties | order by id asc",
    );
  });

  it('narrows with id startswith, any of the prefixes, quotes escaped', () => {
    expect(queryText(['/a/', "/it's\\/"])).toContain("| where id startswith '/a/' or id startswith '/it\\'s\\\\/' |");
  });
});

describe('narrowing', () => {
  it('a whole subscription needs no id filter: the request names it', () => {
    expect(idPrefixes([sub()])).toBeUndefined();
    expect(idPrefixes([sub(), sub(OTHER)])).toBeUndefined();
  });

  it('each narrower scope is a lower-cased resource-ID prefix of its level', () => {
    expect(idPrefixes([group('TestRG'), cluster('Kustotwo', 'other'), database('Sales DB')])).toEqual([
      `/subscriptions/${SUB}/resourcegroups/other/providers/microsoft.kusto/clusters/kustotwo/databases/`,
      `/subscriptions/${SUB}/resourcegroups/testrg/providers/microsoft.kusto/clusters/`,
    ]);
    expect(idPrefixes([database('alpha'), database('Beta')])).toEqual([
      `/subscriptions/${SUB}/resourcegroups/testrg/providers/microsoft.kusto/clusters/kustoone/databases/alpha/dataconnections/`,
      `/subscriptions/${SUB}/resourcegroups/testrg/providers/microsoft.kusto/clusters/kustoone/databases/beta/dataconnections/`,
    ]);
  });

  it('a prefix covered by a wider one is dropped, and a subscription keeps its own prefix next to narrower ones', () => {
    expect(idPrefixes([sub(OTHER), cluster('kustoone'), database('alpha')])).toEqual([
      `/subscriptions/${SUB}/resourcegroups/testrg/providers/microsoft.kusto/clusters/kustoone/databases/`,
      `/subscriptions/${OTHER}/`,
    ]);
  });

  it('too many databases narrow by their clusters instead; too many clusters, not at all', () => {
    const many = Array.from({ length: MAX_PREFIXES + 1 }, (_, i) => database(`db${i}`, `cluster${i % 3}`));
    expect(idPrefixes(many)).toHaveLength(3);
    const everywhere = Array.from({ length: MAX_PREFIXES + 1 }, (_, i) => database('db', `cluster${i}`));
    expect(idPrefixes(everywhere)).toBeUndefined();
  });
});

describe('requests', () => {
  it('one request for the scopes of all subscriptions, each named once in its first spelling', () => {
    const requests = connectionQueries([database('alpha'), sub(OTHER), { level: 'subscription', subscriptionId: SUB.toUpperCase() }]);
    expect(requests).toEqual([{ subscriptions: [SUB, OTHER], query: queryText(undefined) }]);
  });

  it('batches of at most the subscriptions Resource Graph takes per query', () => {
    const subs = Array.from({ length: SUBSCRIPTIONS_PER_QUERY + 1 }, (_, i) => sub(`00000000-0000-0000-0000-${String(i).padStart(12, '0')}`));
    expect(connectionQueries(subs).map((r) => r.subscriptions.length)).toEqual([SUBSCRIPTIONS_PER_QUERY, 1]);
  });

  it('no scope, no request', () => {
    expect(connectionQueries([])).toEqual([]);
  });
});
