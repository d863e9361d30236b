/**
 * Resource Graph's query endpoint, as the real @azure/arm-resourcegraph client sees it: the
 * KustoResources rows of the requested subscriptions in Resource Graph's shape, paging with
 * `$top` and skip tokens, the per-user quota and its headers, 429, the 400s for what the
 * emulator does not understand, and the lag after which writes show.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { formatTimeSpan } from '../../src/emulator/graph/quota.js';
import { api, armError, graphClientFor, raw, rejection } from './helpers.js';

const SUB_A = '00000000-0000-0000-0000-000000000000';
const SUB_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const TYPE = 'microsoft.kusto/clusters/databases/dataconnections';
const QUERY = `KustoResources | where type =~ '${TYPE}' | project id, name, type, kind, location, subscriptionId, resourceGroup, properties | order by id asc`;
const GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB_A,
      resourceGroups: [
        { name: 'TestRG', clusters: [{ name: 'kustoone', location: 'Central US', databases: [{ name: 'alpha' }, { name: 'Beta' }] }] },
        { name: 'other', clusters: [{ name: 'kustotwo', location: 'West Europe', databases: [{ name: 'Sales DB' }] }] },
      ],
    },
    { id: SUB_B, resourceGroups: [{ name: 'rgb', clusters: [{ name: 'kustothree', location: 'North Europe', databases: [{ name: 'gamma' }] }] }] },
  ],
};

const clock = new ManualClock();
let emu: RunningEmulator;
let client: ResourceGraphClient;

beforeAll(async () => {
  emu = await startEmulator({ seed: SEED, clock, operationDurationMs: 0 });
  client = graphClientFor(emu);
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

function put(subscriptionId: string, resourceGroup: string, cluster: string, database: string, name: string): void {
  emu.control.putDataConnection(
    { subscriptionId, resourceGroup, cluster, database, name },
    { kind: 'EventHub', properties: { eventHubResourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.EventHub/namespaces/ns/eventhubs/${name}`, consumerGroup: '$Default' } },
  );
}

/** Rows come back through the SDK as an object keyed by index (its mapper types `data` as a dictionary). */
function rows(data: Record<string, unknown>): Record<string, unknown>[] {
  return Object.keys(data)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => data[k] as Record<string, unknown>);
}

async function everyPage(query: string, subscriptions: string[], top: number): Promise<{ ids: string[]; pages: number; tokens: (string | undefined)[] }> {
  const ids: string[] = [];
  const tokens: (string | undefined)[] = [];
  let skipToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.resources({ subscriptions, query, options: { top, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) } });
    pages += 1;
    ids.push(...rows(page.data).map((r) => String(r['id'])));
    skipToken = page.skipToken;
    tokens.push(skipToken);
  } while (skipToken !== undefined);
  return { ids, pages, tokens };
}

function postQuery(body: unknown, version = '2022-10-01') {
  return raw(emu, 'POST', api(GRAPH_PATH, version), { body: JSON.stringify(body) });
}

describe('rows', () => {
  it('answers the data connections of the subscriptions in Resource Graph shape', async () => {
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'Ingest-1');
    const page = await client.resources({ subscriptions: [SUB_A], query: QUERY, options: { resultFormat: 'objectArray' } });
    expect(page).toMatchObject({ totalRecords: 1, count: 1, resultTruncated: 'false', facets: [] });
    expect(page.skipToken).toBeUndefined();
    expect(rows(page.data)).toEqual([
      {
        id: `/subscriptions/${SUB_A}/resourceGroups/TestRG/providers/Microsoft.Kusto/Clusters/kustoone/Databases/alpha/DataConnections/Ingest-1`,
        name: 'kustoone/alpha/Ingest-1',
        type: TYPE,
        kind: 'EventHub',
        location: 'centralus',
        subscriptionId: SUB_A,
        resourceGroup: 'testrg',
        properties: expect.objectContaining({ consumerGroup: '$Default', compression: 'None', databaseRouting: 'Single', provisioningState: 'Succeeded' }),
      },
    ]);
  });

  it('without project, every column of the table', async () => {
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'c1');
    const page = await client.resources({ subscriptions: [SUB_A], query: `KustoResources | where type =~ '${TYPE}'` });
    expect(Object.keys(rows(page.data)[0] ?? {})).toEqual(['id', 'name', 'type', 'tenantId', 'kind', 'location', 'resourceGroup', 'subscriptionId', 'managedBy', 'sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation']);
  });

  it('only the requested subscriptions; unknown ones are ignored; all of them without a list', async () => {
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'a1');
    put(SUB_B, 'rgb', 'kustothree', 'gamma', 'b1');
    const onlyB = await client.resources({ subscriptions: [SUB_B.toUpperCase(), '99999999-0000-0000-0000-000000000000'], query: QUERY });
    expect(rows(onlyB.data).map((r) => r['name'])).toEqual(['kustothree/gamma/b1']);
    const tenant = await client.resources({ query: QUERY });
    expect(tenant.totalRecords).toBe(2);
  });

  it('no known subscription at all is a 400 saying so', async () => {
    const e = await rejection(client.resources({ subscriptions: ['99999999-0000-0000-0000-000000000000'], query: QUERY }));
    expect(e.statusCode).toBe(400);
    expect(e.message).toMatch(/at least one subscription that is eligible/);
  });

  it("narrows with `where id startswith`, case-insensitively, any of a stage's prefixes", async () => {
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'a1');
    put(SUB_A, 'TestRG', 'kustoone', 'Beta', 'b1');
    put(SUB_A, 'other', 'kustotwo', 'Sales DB', 's1');
    const prefix = (rest: string): string => `/subscriptions/${SUB_A}/resourceGroups/${rest}`;
    const query =
      `KustoResources | where type =~ '${TYPE}' | where id startswith '${prefix('testrg/providers/microsoft.kusto/clusters/kustoone/databases/BETA/')}'` +
      ` or id startswith '${prefix('OTHER/providers/Microsoft.Kusto/clusters/kustotwo/')}' | project id, name | order by id desc`;
    const page = await client.resources({ subscriptions: [SUB_A], query });
    expect(rows(page.data).map((r) => r['name'])).toEqual(['kustoone/Beta/b1', 'kustotwo/Sales DB/s1']);
  });

  it('type == in another casing than Resource Graph keeps matches nothing, as the service does', async () => {
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'a1');
    const page = await client.resources({ subscriptions: [SUB_A], query: "KustoResources | where type == 'Microsoft.Kusto/clusters/databases/dataConnections'" });
    expect(page.totalRecords).toBe(0);
  });
});

describe('paging', () => {
  it('pages with $top and skip tokens: every row once, in order, the last page without a token', async () => {
    for (let i = 0; i < 25; i++) put(SUB_A, 'TestRG', 'kustoone', i % 2 === 0 ? 'alpha' : 'Beta', `conn-${String(i).padStart(2, '0')}`);
    const read = await everyPage(QUERY, [SUB_A], 10);
    expect(read.pages).toBe(3);
    expect(read.tokens.map((t) => t !== undefined)).toEqual([true, true, false]);
    expect(new Set(read.ids).size).toBe(25);
    expect(read.ids).toEqual([...read.ids].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
  });

  it('answers 100 rows by default and at most 1000 per page', async () => {
    for (let i = 0; i < 120; i++) put(SUB_A, 'TestRG', 'kustoone', 'alpha', `c${i}`);
    const first = (await postQuery({ subscriptions: [SUB_A], query: QUERY })).json as { count: number; totalRecords: number; $skipToken?: string };
    expect([first.count, first.totalRecords, typeof first.$skipToken]).toEqual([100, 120, 'string']);
    const tooMany = await postQuery({ subscriptions: [SUB_A], query: QUERY, options: { $top: 1001 } });
    expect(tooMany.status).toBe(400);
    expect(armError(tooMany.json).message).toMatch(/\$top.*1 to 1000/);
  });

  it('a page is not lost or repeated when rows change between pages', async () => {
    for (let i = 0; i < 6; i++) put(SUB_A, 'TestRG', 'kustoone', 'alpha', `c${i}`);
    const first = await client.resources({ subscriptions: [SUB_A], query: QUERY, options: { top: 3 } });
    emu.control.deleteDataConnection({ subscriptionId: SUB_A, resourceGroup: 'TestRG', cluster: 'kustoone', database: 'alpha', name: 'c0' });
    const second = await client.resources({ subscriptions: [SUB_A], query: QUERY, options: { top: 3, ...(first.skipToken ? { skipToken: first.skipToken } : {}) } });
    expect(rows(second.data).map((r) => r['name'])).toEqual(['kustoone/alpha/c3', 'kustoone/alpha/c4', 'kustoone/alpha/c5']);
  });

  it('a skip token belongs to its query and subscriptions', async () => {
    for (let i = 0; i < 3; i++) put(SUB_A, 'TestRG', 'kustoone', 'alpha', `c${i}`);
    const first = await client.resources({ subscriptions: [SUB_A], query: QUERY, options: { top: 1 } });
    const skipToken = first.skipToken ?? '';
    const other = await rejection(client.resources({ subscriptions: [SUB_A], query: `${QUERY.replace(' asc', ' desc')}`, options: { top: 1, skipToken } }));
    expect(other.statusCode).toBe(400);
    expect(other.message).toMatch(/\$skipToken is not valid for this query/);
    const garbage = await postQuery({ subscriptions: [SUB_A], query: QUERY, options: { $skipToken: 'not-a-token' } });
    expect(garbage.status).toBe(400);
  });
});

describe('the per-user quota', () => {
  it('every answer carries the remaining queries and when the window resets', async () => {
    const first = await postQuery({ subscriptions: [SUB_A], query: QUERY });
    expect(first.headers['x-ms-user-quota-remaining']).toBe('14');
    expect(first.headers['x-ms-user-quota-resets-after']).toBe('00:00:05');
    clock.advance(1_250);
    const second = await postQuery({ subscriptions: [SUB_A], query: 'not a query' });
    expect(second.status).toBe(400);
    expect(second.headers['x-ms-user-quota-remaining']).toBe('13');
    expect(second.headers['x-ms-user-quota-resets-after']).toBe('00:00:03.7500000');
  });

  it('answers 429 RateLimiting with the quota headers (no Retry-After) once spent, and serves again after the window', async () => {
    for (let i = 0; i < 15; i++) expect((await postQuery({ subscriptions: [SUB_A], query: QUERY })).status).toBe(200);
    const limited = await postQuery({ subscriptions: [SUB_A], query: QUERY });
    expect(limited.status).toBe(429);
    expect(armError(limited.json).code).toBe('RateLimiting');
    expect(limited.headers['x-ms-user-quota-remaining']).toBe('0');
    expect(limited.headers['x-ms-user-quota-resets-after']).toBe('00:00:05');
    expect(limited.headers['retry-after']).toBeUndefined();
    const sdk = await rejection(client.resources({ subscriptions: [SUB_A], query: QUERY }));
    expect([sdk.statusCode, sdk.code]).toEqual([429, 'RateLimiting']);
    clock.advance(5_000);
    expect((await postQuery({ subscriptions: [SUB_A], query: QUERY })).status).toBe(200);
  });

  it('is its own budget: queries take nothing from the subscription read bucket, and ARM reads nothing from the quota', async () => {
    await postQuery({ subscriptions: [SUB_A], query: QUERY });
    const read = await raw(emu, 'GET', api(`/subscriptions/${SUB_A}/providers/Microsoft.Kusto/clusters`));
    expect(read.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
    expect(read.headers['x-ms-user-quota-remaining']).toBeUndefined();
    expect((await postQuery({ subscriptions: [SUB_A], query: QUERY })).headers['x-ms-user-quota-remaining']).toBe('13');
  });

  it('scales with the throttle options, and `false` never answers 429', async () => {
    emu.control.setThrottle({ scale: 0.2, timeScale: 5 });
    const headers = [];
    for (let i = 0; i < 4; i++) {
      const answer = await postQuery({ subscriptions: [SUB_A], query: QUERY });
      headers.push([answer.status, answer.headers['x-ms-user-quota-remaining'], answer.headers['x-ms-user-quota-resets-after']]);
    }
    expect(headers).toEqual([
      [200, '2', '00:00:01'],
      [200, '1', '00:00:01'],
      [200, '0', '00:00:01'],
      [429, '0', '00:00:01'],
    ]);
    emu.control.setThrottle(false);
    for (let i = 0; i < 20; i++) expect((await postQuery({ subscriptions: [SUB_A], query: QUERY })).status).toBe(200);
  });

  it('writes durations as .NET TimeSpans', () => {
    expect([0, 999.2, 5_000, 61_500, 3_600_000].map(formatTimeSpan)).toEqual(['00:00:00', '00:00:01', '00:00:05', '00:01:01.5000000', '01:00:00']);
  });
});

describe('what the emulator refuses', () => {
  it.each([
    ['another table', "Resources | where type =~ 'microsoft.kusto/clusters/databases/dataconnections'", /start with the table KustoResources/],
    ['another type', "KustoResources | where type =~ 'microsoft.kusto/clusters/databases'", /only data connections are indexed/],
    ['no type filter', 'KustoResources | project id', /must filter on the data connection type/],
    ['another operator', `KustoResources | where type =~ '${TYPE}' | summarize count()`, /operator 'summarize' is not supported/],
    ['another condition', `KustoResources | where type =~ '${TYPE}' | where name contains 'x'`, /condition 'name contains'/],
    ['a column projected away', `KustoResources | where type =~ '${TYPE}' | project name | order by id asc`, /column 'id' is not in the rows/],
  ])('%s: 400 InvalidQuery naming the forms it answers', async (_what, query, problem) => {
    const answer = await postQuery({ subscriptions: [SUB_A], query });
    expect(answer.status).toBe(400);
    const error = armError(answer.json) as { code?: unknown; message?: unknown; details?: { code: string }[] };
    expect(error.code).toBe('BadRequest');
    expect(error.details?.[0]?.code).toBe('InvalidQuery');
    expect(String(error.message)).toMatch(problem);
    expect(String(error.message)).toContain("It answers only queries of the form: KustoResources | where type =~ 'microsoft.kusto/clusters/databases/dataconnections'");
  });

  it('the table result format, management groups and facets', async () => {
    expect(armError((await postQuery({ subscriptions: [SUB_A], query: QUERY, options: { resultFormat: 'table' } })).json).message).toMatch(/only resultFormat 'objectArray'/);
    expect(armError((await postQuery({ managementGroups: ['mg1'], query: QUERY })).json).message).toMatch(/subscriptions only/);
    expect((await postQuery({ subscriptions: [SUB_A], query: QUERY, facets: [{ expression: 'location' }] })).status).toBe(400);
  });

  it("the SDK's own default api-version (a preview), listing the versions it answers; 2021-03-01 works", async () => {
    const preview = await rejection(graphClientFor(emu, { apiVersion: undefined }).resources({ subscriptions: [SUB_A], query: QUERY }));
    expect(preview.statusCode).toBe(400);
    expect(preview.code).toBe('NoRegisteredProviderFound');
    expect(preview.message).toMatch(/'2021-03-01, 2022-10-01'/);
    expect((await postQuery({ subscriptions: [SUB_A], query: QUERY }, '2021-03-01')).status).toBe(200);
  });

  it('no bearer token', async () => {
    const answer = await raw(emu, 'POST', api(GRAPH_PATH, '2022-10-01'), { body: JSON.stringify({ query: QUERY }), anonymous: true });
    expect(answer.status).toBe(401);
  });
});

describe('log and lag', () => {
  it('logs each query as a resourceGraph operation', async () => {
    emu.control.clearRequests();
    await client.resources({ subscriptions: [SUB_A], query: QUERY });
    expect(emu.control.requests().map((r) => [r.method, r.path, r.operation, r.apiVersion])).toEqual([['POST', GRAPH_PATH, 'resourceGraph', '2022-10-01']]);
    expect(emu.control.counters().operations.resourceGraph).toBe(1);
  });

  it('with a lag, writes and deletes show only once it has passed; ARM sees them at once', async () => {
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'before');
    emu.control.setResourceGraphLag(60_000);
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'after');
    emu.control.deleteDataConnection({ subscriptionId: SUB_A, resourceGroup: 'TestRG', cluster: 'kustoone', database: 'alpha', name: 'before' });
    const names = async (): Promise<unknown[]> => rows((await client.resources({ subscriptions: [SUB_A], query: QUERY })).data).map((r) => r['name']);
    expect(emu.control.listDataConnections({ subscriptionId: SUB_A, resourceGroup: 'TestRG', cluster: 'kustoone', database: 'alpha' }).map((c) => c.name)).toEqual(['kustoone/alpha/after']);
    expect(await names()).toEqual(['kustoone/alpha/before']);
    clock.advance(59_999);
    expect(await names()).toEqual(['kustoone/alpha/before']);
    clock.advance(1);
    expect(await names()).toEqual(['kustoone/alpha/after']);
  });

  it('the lag is a setting of the control API too, and reset restores the starting one', async () => {
    const settings = await raw(emu, 'PUT', '/_emulator/settings', { body: JSON.stringify({ resourceGraphLagMs: 1_000 }) });
    expect(settings.status).toBe(200);
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'late');
    expect((await client.resources({ subscriptions: [SUB_A], query: QUERY })).totalRecords).toBe(0);
    emu.control.reset();
    put(SUB_A, 'TestRG', 'kustoone', 'alpha', 'prompt');
    expect((await client.resources({ subscriptions: [SUB_A], query: QUERY })).totalRecords).toBe(1);
    expect((await raw(emu, 'PUT', '/_emulator/settings', { body: JSON.stringify({ resourceGraphLagMs: -1 }) })).status).toBe(400);
  });
});
