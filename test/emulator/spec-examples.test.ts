/**
 * The spec's data-connection examples as a conformance suite: each example in
 * test/emulator/spec-examples/<api-version>/ (copied unchanged from azure-rest-api-specs) is
 * replayed against the emulator seeded with the world the examples assume (world.yaml): the
 * request as written, then status, headers and body compared with the example's. Every
 * difference is named; each test asserts the exact list, so a new difference fails, and
 * docs/emulator.md says why the emulator keeps each listed one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { raw, type RawResponse } from './helpers.js';

const DIR = path.join(import.meta.dirname, 'spec-examples');

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: path.join(DIR, 'world.yaml'), operationDurationMs: 0, throttle: false });
});
afterAll(() => emu.stop());

type Json = Record<string, unknown>;
interface Example {
  readonly parameters: Json & { readonly 'api-version': string; readonly databaseName: string; readonly dataConnectionName?: unknown; readonly parameters?: Json };
  readonly responses: Readonly<Record<string, { readonly headers?: Record<string, string>; readonly body?: unknown }>>;
}

type Operation = 'put' | 'patch' | 'get' | 'list' | 'delete' | 'validate' | 'checkName';

/** The operation of an example, from its x-ms-examples name in kusto.json. */
function operationOf(file: string): Operation {
  if (/ValidationAsync\.json$/.test(file)) return 'validate';
  if (/CheckNameAvailability\.json$/.test(file)) return 'checkName';
  if (/ListByDatabase\.json$/.test(file)) return 'list';
  if (/Delete\.json$/.test(file)) return 'delete';
  if (/Get\.json$/.test(file)) return 'get';
  if (/CreateOrUpdate\.json$/.test(file)) return 'put';
  if (/Update\.json$/.test(file)) return 'patch';
  throw new Error(`no operation for ${file}`);
}

const examples = readdirSync(DIR)
  .filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
  .flatMap((v) => readdirSync(path.join(DIR, v)).map((f) => `${v}/${f}`))
  .sort();

function load(file: string): Example {
  return JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Example;
}

function dbPath(ex: Example): string {
  const p = ex.parameters;
  return `/subscriptions/${String(p['subscriptionId'])}/resourceGroups/${String(p['resourceGroupName'])}/providers/Microsoft.Kusto/clusters/${String(p['clusterName'])}/databases/${p.databaseName}`;
}

function withVersion(p: string, version: string): string {
  return `${p}${p.includes('?') ? '&' : '?'}api-version=${version}`;
}

const READ_ONLY = ['provisioningState', 'managedIdentityObjectId'];

/** Creates a connection as a response body shows it (its writable properties). */
async function createFrom(ex: Example, body: Json): Promise<void> {
  const name = String(body['name']).split('/').pop() ?? '';
  const props = Object.fromEntries(Object.entries(body['properties'] as Json).filter(([k]) => !READ_ONLY.includes(k)));
  const res = await raw(emu, 'PUT', withVersion(`${dbPath(ex)}/dataConnections/${name}`, ex.parameters['api-version']), {
    body: JSON.stringify({ kind: body['kind'], location: body['location'], properties: props }),
  });
  if (res.status !== 201) throw new Error(`setup of ${name} failed: ${res.status} ${res.text}`);
}

function last(segmented: unknown): string {
  return String(segmented).split('/').pop() ?? '';
}

/** The differences between an example's resource body and the emulator's. */
function resourceDiffs(example: Json, got: Json, op: Operation, requested?: unknown): string[] {
  const diffs: string[] = [];
  const dbOf = (id: unknown) => /\/databases\/([^/]+)\//i.exec(String(id))?.[1]?.toLowerCase();
  if (dbOf(example['id']) !== dbOf(got['id'])) diffs.push("example: the connection is in another database than the request's");
  else if (last(example['id']) !== last(example['name'])) diffs.push('example: its id and name name different connections');
  else if (requested !== undefined && last(example['name']) !== String(requested)) diffs.push('example: its answer names another connection than its request');
  else {
    if (got['id'] !== example['id']) diffs.push(`id: ${String(got['id'])}`);
    if (got['name'] !== example['name']) diffs.push(`name: ${String(got['name'])}`);
  }
  if (got['type'] !== example['type']) diffs.push(`type: ${String(got['type'])}`);
  if (got['kind'] !== example['kind']) diffs.push(`kind: ${String(got['kind'])}`);
  if (got['location'] !== example['location']) {
    const squash = (v: unknown) => String(v).toLowerCase().replace(/\s/g, '');
    diffs.push(squash(got['location']) === squash(example['location']) ? `location: display name '${String(got['location'])}'` : `location: ${String(got['location'])}`);
  }
  const want = example['properties'] as Json;
  const have = (got['properties'] ?? {}) as Json;
  for (const [k, v] of Object.entries(want)) {
    if (JSON.stringify(have[k]) !== JSON.stringify(v)) diffs.push(`properties.${k}: ${JSON.stringify(have[k])}`);
  }
  const extra = Object.keys(have).filter((k) => !(k in want));
  if (extra.length > 0) diffs.push(`${op === 'put' || op === 'patch' ? 'answer' : 'read'} has more fields: ${extra.join(', ')}`);
  const order = (o: Json) => Object.keys(o).filter((k) => k in want && k in have);
  if (extra.length === 0 && JSON.stringify(order(have)) !== JSON.stringify(order(want))) diffs.push('property order');
  return diffs;
}

function statusDiff(ex: Example, res: RawResponse): string[] {
  return Object.keys(ex.responses).includes(String(res.status)) ? [] : [`status ${res.status}, not one of ${Object.keys(ex.responses).join('/')}`];
}

/** Headers: an example's Azure-AsyncOperation must be answered, at the request's api-version. */
function headerDiffs(ex: Example, res: RawResponse): string[] {
  const exampleHeaders = ex.responses[String(res.status)]?.headers ?? {};
  const want = exampleHeaders['Azure-AsyncOperation'];
  const have = res.headers['azure-asyncoperation'];
  if (want === undefined) return [];
  if (typeof have !== 'string') return ['no Azure-AsyncOperation header'];
  const diffs: string[] = [];
  const wantUrl = new URL(want);
  const haveUrl = new URL(have);
  const shape = (u: URL) => u.pathname.replace(/operationResults\/[^/]+$/, 'operationResults/{id}');
  if (shape(haveUrl) !== shape(wantUrl)) diffs.push(`Azure-AsyncOperation path ${haveUrl.pathname}`);
  if (haveUrl.searchParams.get('api-version') !== wantUrl.searchParams.get('api-version')) {
    diffs.push(`operation URL at the request's api-version (${String(haveUrl.searchParams.get('api-version'))}), the example's at ${String(wantUrl.searchParams.get('api-version'))}`);
  }
  return diffs;
}

async function replay(file: string): Promise<string[]> {
  emu.control.reset();
  const ex = load(file);
  const version = ex.parameters['api-version'];
  const op = operationOf(file);
  const base = dbPath(ex);
  const conn = (name: unknown) => withVersion(`${base}/dataConnections/${String(name)}`, version);
  const okBody = (ex.responses['200']?.body ?? ex.responses['201']?.body) as Json;

  switch (op) {
    case 'put':
    case 'patch': {
      if (op === 'patch') await raw(emu, 'PUT', conn(ex.parameters.dataConnectionName), { body: JSON.stringify(ex.parameters.parameters) });
      const res = await raw(emu, op.toUpperCase(), conn(ex.parameters.dataConnectionName), { body: JSON.stringify(ex.parameters.parameters) });
      const body = ex.responses[String(res.status)]?.body as Json | undefined;
      return [...statusDiff(ex, res), ...headerDiffs(ex, res), ...(body ? resourceDiffs(body, res.json as Json, op, ex.parameters.dataConnectionName) : [])];
    }
    case 'get': {
      await createFrom(ex, { ...okBody, name: `x/y/${String(ex.parameters.dataConnectionName)}` });
      const res = await raw(emu, 'GET', conn(ex.parameters.dataConnectionName));
      return [...statusDiff(ex, res), ...resourceDiffs(okBody, res.json as Json, op, ex.parameters.dataConnectionName)];
    }
    case 'list': {
      const value = (okBody['value'] ?? []) as Json[];
      for (const item of value) await createFrom(ex, item);
      const res = await raw(emu, 'GET', withVersion(`${base}/dataConnections`, version));
      const got = ((res.json as Json)['value'] ?? []) as Json[];
      const diffs = statusDiff(ex, res);
      if (got.length !== value.length) diffs.push(`list of ${got.length}, not ${value.length}`);
      value.forEach((item, i) => diffs.push(...resourceDiffs(item, got[i] ?? {}, op).map((d) => `[${i}] ${d}`)));
      return diffs;
    }
    case 'delete': {
      await createFrom(ex, {
        name: `x/y/${String(ex.parameters.dataConnectionName)}`,
        kind: 'EventHub',
        location: 'westus',
        properties: { eventHubResourceId: `/subscriptions/${String(ex.parameters['subscriptionId'])}/resourceGroups/kustorptest/providers/Microsoft.EventHub/namespaces/eventhubTestns1/eventhubs/eventhubTest1`, consumerGroup: '$Default' },
      });
      const first = await raw(emu, 'DELETE', conn(ex.parameters.dataConnectionName));
      const again = await raw(emu, 'DELETE', conn(ex.parameters.dataConnectionName));
      const diffs = [...statusDiff(ex, first), ...statusDiff(ex, again)];
      if (first.status === 202 && typeof first.headers['azure-asyncoperation'] !== 'string') diffs.push('202 without Azure-AsyncOperation');
      if (again.status !== 204) diffs.push(`deleting a missing connection answered ${again.status}`);
      if (again.headers['azure-asyncoperation'] !== undefined || again.text !== '') diffs.push('204 with a body or an operation');
      return diffs;
    }
    case 'checkName': {
      const body = ex.responses['200']?.body as Json;
      if (body['nameAvailable'] === false) {
        await createFrom(ex, {
          name: `x/y/${String(body['name'])}`,
          kind: 'EventHub',
          location: 'westus',
          properties: { eventHubResourceId: `/subscriptions/${String(ex.parameters['subscriptionId'])}/resourceGroups/kustorptest/providers/Microsoft.EventHub/namespaces/eventhubTestns1/eventhubs/eventhubTest1`, consumerGroup: '$Default' },
        });
      }
      const res = await raw(emu, 'POST', withVersion(`${base}/checkNameAvailability`, version), { body: JSON.stringify(ex.parameters.dataConnectionName) });
      const diffs = statusDiff(ex, res);
      if (JSON.stringify(res.json) !== JSON.stringify(body)) diffs.push(`body ${res.text}`);
      return diffs;
    }
    case 'validate': {
      const res = await raw(emu, 'POST', withVersion(`${base}/dataConnectionValidation`, version), { body: JSON.stringify(ex.parameters.parameters) });
      const diffs = statusDiff(ex, res);
      const location = res.headers['location'];
      if (res.status !== 202 || typeof location !== 'string') return [...diffs, 'no Location to the result'];
      const result = await raw(emu, 'GET', new URL(location).pathname + new URL(location).search);
      const wanted = (ex.responses['200']?.body ?? []) as { errorMessage: string }[];
      const got = result.json as { value?: { errorMessage: string }[] } | unknown[];
      if (Array.isArray(got)) diffs.push('result is a bare array');
      else if (Array.isArray(wanted)) diffs.push('result is { "value": [...] } (the spec schema), the example a bare array');
      const messages = (Array.isArray(got) ? got : (got.value ?? [])) as { errorMessage: string }[];
      for (const w of wanted) {
        if (!messages.some((m) => m.errorMessage === w.errorMessage)) diffs.push(`no errorMessage '${w.errorMessage}'`);
      }
      return diffs;
    }
  }
}

/**
 * Every difference of each example, with its reason in docs/emulator.md ("The spec's examples").
 * An example not listed here must replay without any.
 */
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  '2019-01-21/KustoDataConnectionsCreateOrUpdate.json': ["location: display name 'West US'"],
  '2019-01-21/KustoDataConnectionsGet.json': ["location: display name 'West US'"],
  '2019-01-21/KustoDataConnectionsListByDatabase.json': [
    "[0] location: display name 'West US'",
    "[1] example: the connection is in another database than the request's",
    "[1] location: display name 'West US'",
  ],
  '2019-05-15/KustoDataConnectionsGet.json': [
    'id: /subscriptions/12345678-1234-1234-1234-123456789098/resourceGroups/kustorptest/providers/Microsoft.Kusto/Clusters/KustoClusterRPTest4/Databases/KustoDatabase8/DataConnections/DataConnections8',
    'type: Microsoft.Kusto/Clusters/Databases/DataConnections',
    "location: display name 'West US'",
    'read has more fields: eventSystemProperties',
  ],
  '2022-11-11/KustoDataConnectionsCreateOrUpdate.json': [
    "location: display name 'West US'",
    'answer has more fields: eventSystemProperties, managedIdentityObjectId, databaseRouting, retrievalStartDate, provisioningState',
  ],
  '2022-11-11/KustoDataConnectionsUpdate.json': [
    "location: display name 'West US'",
    'answer has more fields: eventSystemProperties, managedIdentityObjectId, databaseRouting, retrievalStartDate, provisioningState',
  ],
  '2022-11-11/KustoDataConnectionsEventGridUpdate.json': [
    'example: its id and name name different connections',
    "location: display name 'West US'",
    'answer has more fields: provisioningState',
  ],
  '2023-05-02/KustoDataConnectionsEventGridCreateOrUpdate.json': [
    'example: its id and name name different connections',
    "location: display name 'West US'",
    'answer has more fields: provisioningState',
  ],
  '2023-05-02/KustoDataConnectionsCosmosDbUpdate.json': [
    "operation URL at the request's api-version (2023-05-02), the example's at 2022-12-29",
    "location: display name 'West US'",
    'answer has more fields: provisioningState',
  ],
  '2024-04-13/KustoDataConnectionsCosmosDbCreateOrUpdate.json': [
    "operation URL at the request's api-version (2024-04-13), the example's at 2022-12-29",
    "location: display name 'West US'",
    'answer has more fields: provisioningState',
  ],
  '2022-12-29/KustoDataConnectionsEventGridGet.json': ['example: its id and name name different connections', "location: display name 'West US'", 'property order'],
  '2023-08-15/KustoDataConnectionsGet.json': ["location: display name 'West US'"],
  '2023-08-15/KustoDataConnectionsCosmosDbGet.json': ['example: its answer names another connection than its request', "location: display name 'West US'"],
  '2022-11-11/KustoDataConnectionsListByDatabase.json': ["[0] location: display name 'West US'", "[1] location: display name 'West US'", '[1] property order'],
  '2022-11-11/KustoDataConnectionValidationAsync.json': [
    'result is { "value": [...] } (the spec schema), the example a bare array',
    "no errorMessage 'Event hub's namespace does not exist'",
    "no errorMessage 'Database does not exist'",
  ],
  '2022-11-11/KustoDataConnectionEventGridValidationAsync.json': [
    'result is { "value": [...] } (the spec schema), the example a bare array',
    "no errorMessage 'Database does not exist'",
  ],
};

describe("the spec's data-connection examples, replayed", () => {
  it('has the examples to replay (18, seven api-versions)', () => {
    expect(examples).toHaveLength(18);
    expect(new Set(examples.map((e) => e.split('/')[0]))).toEqual(
      new Set(['2019-01-21', '2019-05-15', '2022-11-11', '2022-12-29', '2023-05-02', '2023-08-15', '2024-04-13']),
    );
  });

  it.each(examples)('%s', async (file) => {
    expect(await replay(file)).toEqual(KNOWN[file] ?? []);
  });
});

describe('validation of a database that does not exist (what the examples answer)', () => {
  it("answers the finding 'Database does not exist', not a 404", async () => {
    emu.control.reset();
    const ex = load('2022-11-11/KustoDataConnectionEventGridValidationAsync.json');
    const missing = dbPath(ex).replace('KustoDatabase8', 'NoSuchDatabase');
    const res = await raw(emu, 'POST', withVersion(`${missing}/dataConnectionValidation`, '2022-11-11'), { body: JSON.stringify(ex.parameters.parameters) });
    expect(res.status).toBe(202);
    const location = new URL(String(res.headers['location']));
    const result = await raw(emu, 'GET', location.pathname + location.search);
    expect(result.json).toEqual({ value: [{ errorMessage: 'Database does not exist' }] });
    const noCluster = await raw(emu, 'POST', withVersion(`${missing.replace('kustoCluster', 'nocluster')}/dataConnectionValidation`, '2022-11-11'), {
      body: JSON.stringify(ex.parameters.parameters),
    });
    expect(noCluster.status).toBe(404);
  });
});
