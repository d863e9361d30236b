/**
 * The spec's data-connection examples as a conformance suite: every example in
 * test/emulator/spec-examples/<api-version>/ (copied unchanged from azure-rest-api-specs; the
 * folder's README lists each file's source) is replayed against the emulator seeded with the
 * world the examples assume (world.yaml): the world each operation needs is set up, the request
 * is sent as written at the example's api-version, and status, `Azure-AsyncOperation` and body
 * are compared with the example's. The only normalisation is the operation id in an operation URL
 * (a fresh GUID per request).
 *
 * Every difference must be one of KNOWN_DIFFERENCES, each listed with its evidence in
 * docs/emulator.md ("Known differences from the spec examples") under its id: a new kind of
 * difference fails the example's test, and a listed one no example shows any more fails too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { raw, type RawResponse } from './helpers.js';

const DIR = path.join(import.meta.dirname, 'spec-examples');
const DOC = readFileSync(path.join(import.meta.dirname, '../../docs/emulator.md'), 'utf8');

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
  if (/Validation(Async)?\.json$/.test(file)) return 'validate';
  if (/CheckNameAvailability\.json$/.test(file)) return 'checkName';
  if (/ListByDatabase\.json$/.test(file)) return 'list';
  if (/Delete\.json$/.test(file)) return 'delete';
  if (/Get\.json$/.test(file)) return 'get';
  if (/CreateOrUpdate\.json$/.test(file)) return 'put';
  if (/Update\.json$/.test(file)) return 'patch';
  throw new Error(`no operation for ${file}`);
}

const VERSIONS = readdirSync(DIR).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
const examples = VERSIONS.flatMap((v) => readdirSync(path.join(DIR, v)).map((f) => `${v}/${f}`)).sort();

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
/** The newest api-version: setup writes with it, so a connection can carry every property. */
const SETUP_VERSION = '2024-04-13';

/** Creates a connection as a response body shows it (its writable properties). */
async function createFrom(ex: Example, body: Json): Promise<void> {
  const name = last(body['name']);
  const props = Object.fromEntries(Object.entries(body['properties'] as Json).filter(([k]) => !READ_ONLY.includes(k)));
  const res = await raw(emu, 'PUT', withVersion(`${dbPath(ex)}/dataConnections/${name}`, SETUP_VERSION), {
    body: JSON.stringify({ kind: body['kind'], location: body['location'], properties: props }),
  });
  if (res.status !== 201) throw new Error(`setup of ${name} failed: ${res.status} ${res.text}`);
}

/** An EventHub connection to the examples' event hub, for examples that need one to exist. */
async function createSome(ex: Example, name: string): Promise<void> {
  const hub = `/subscriptions/${String(ex.parameters['subscriptionId'])}/resourceGroups/kustorptest/providers/Microsoft.EventHub/namespaces/eventhubTestns1/eventhubs/eventhubTest1`;
  await createFrom(ex, { name: `x/y/${name}`, kind: 'EventHub', location: 'westus', properties: { eventHubResourceId: hub, consumerGroup: '$Default' } });
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
    if (got['id'] !== example['id']) diffs.push(String(got['id']).toLowerCase() === String(example['id']).toLowerCase() ? 'id: segment case' : `id: ${String(got['id'])}`);
    if (got['name'] !== example['name']) diffs.push(String(got['name']).toLowerCase() === String(example['name']).toLowerCase() ? 'name: cluster name case' : `name: ${String(got['name'])}`);
  }
  if (got['type'] !== example['type']) diffs.push(`type: ${String(got['type'])}`);
  if (got['kind'] !== example['kind']) diffs.push(`kind: ${String(got['kind'])}`);
  if (got['location'] !== example['location']) {
    const squash = (v: unknown) => String(v).toLowerCase().replace(/\s/g, '');
    diffs.push(squash(got['location']) === squash(example['location']) ? 'location: display name' : `location: ${String(got['location'])}`);
  }
  const want = example['properties'] as Json;
  const have = (got['properties'] ?? {}) as Json;
  for (const [k, v] of Object.entries(want)) {
    if (JSON.stringify(have[k]) !== JSON.stringify(v)) diffs.push(`properties.${k}: ${JSON.stringify(have[k])}`);
  }
  const extra = Object.keys(have).filter((k) => !(k in want));
  for (const k of extra) diffs.push(`${op === 'put' || op === 'patch' ? 'answer' : 'read'} has more: ${k}`);
  const order = (o: Json) => Object.keys(o).filter((k) => k in want && k in have);
  if (JSON.stringify(order(have)) !== JSON.stringify(order(want))) diffs.push('property order');
  return diffs;
}

function unserved(res: RawResponse): boolean {
  return res.status === 400 && res.text.includes('NoRegisteredProviderFound');
}

function statusDiff(ex: Example, res: RawResponse): string[] {
  return Object.keys(ex.responses).includes(String(res.status)) ? [] : [`status ${res.status}, not ${Object.keys(ex.responses).join('/')}`];
}

/** Headers: an example's Azure-AsyncOperation must be answered, at the request's api-version. */
function headerDiffs(ex: Example, res: RawResponse): string[] {
  const want = ex.responses[String(res.status)]?.headers?.['Azure-AsyncOperation'];
  const have = res.headers['azure-asyncoperation'];
  if (want === undefined) return [];
  if (typeof have !== 'string') return ['no Azure-AsyncOperation header'];
  const diffs: string[] = [];
  const wantUrl = new URL(want);
  const haveUrl = new URL(have);
  const shape = (u: URL) => u.pathname.replace(/operationResults\/[^/]+$/, 'operationResults/{id}');
  if (shape(haveUrl) !== shape(wantUrl)) diffs.push(`Azure-AsyncOperation path ${haveUrl.pathname}`);
  if (haveUrl.searchParams.get('api-version') !== wantUrl.searchParams.get('api-version')) diffs.push("operation URL at the request's api-version");
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
      // An update needs the connection to exist with the properties that cannot change in place.
      if (op === 'patch') await raw(emu, 'PUT', conn(ex.parameters.dataConnectionName), { body: JSON.stringify(ex.parameters.parameters) });
      const res = await raw(emu, op.toUpperCase(), conn(ex.parameters.dataConnectionName), { body: JSON.stringify(ex.parameters.parameters) });
      const body = ex.responses[String(res.status)]?.body as Json | undefined;
      const diffs = [...statusDiff(ex, res), ...headerDiffs(ex, res)];
      if (res.status >= 400) return [...diffs, `refused: ${res.text}`];
      return [...diffs, ...(body ? resourceDiffs(body, res.json as Json, op, ex.parameters.dataConnectionName) : [])];
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
      if (got.length !== value.length) diffs.push('list: fewer connections than the example');
      value.forEach((item, i) => diffs.push(...resourceDiffs(item, got[i] ?? {}, op)));
      return diffs;
    }
    case 'delete': {
      await createSome(ex, String(ex.parameters.dataConnectionName));
      const first = await raw(emu, 'DELETE', conn(ex.parameters.dataConnectionName));
      const again = await raw(emu, 'DELETE', conn(ex.parameters.dataConnectionName));
      const diffs = [...statusDiff(ex, first), ...headerDiffs(ex, first), ...statusDiff(ex, again)];
      if (first.status === 202 && typeof first.headers['azure-asyncoperation'] !== 'string') diffs.push('202 without Azure-AsyncOperation');
      if (again.status !== 204) diffs.push(`deleting a missing connection answered ${again.status}`);
      if (again.text !== '') diffs.push('204 with a body');
      if (ex.responses['204']?.headers?.['Azure-AsyncOperation'] !== undefined && again.headers['azure-asyncoperation'] === undefined) {
        diffs.push('delete of a missing connection: 204 without Azure-AsyncOperation');
      }
      return diffs;
    }
    case 'checkName': {
      const body = ex.responses['200']?.body as Json;
      const res0 = await raw(emu, 'GET', withVersion(base, version));
      if (res0.status !== 200) return [`example: its database does not answer (${res0.status})`];
      if (body['nameAvailable'] === false) await createSome(ex, String(body['name']));
      const res = await raw(emu, 'POST', withVersion(`${base}/checkNameAvailability`, version), { body: JSON.stringify(ex.parameters.dataConnectionName) });
      const diffs = statusDiff(ex, res);
      if (JSON.stringify(res.json) !== JSON.stringify(body)) diffs.push(`check-name body ${res.text}`);
      return diffs;
    }
    case 'validate': {
      const res = await raw(emu, 'POST', withVersion(`${base}/dataConnectionValidation`, version), { body: JSON.stringify(ex.parameters.parameters) });
      if (unserved(res)) return [`api-version not served: ${version}`];
      const diffs = [...statusDiff(ex, res), ...headerDiffs(ex, res)];
      if (res.status >= 400) return [...diffs, `refused: ${res.text}`];
      let result: RawResponse = res;
      if (res.status === 202) {
        const location = res.headers['location'];
        if (typeof location !== 'string') return [...diffs, '202 without Location'];
        result = await raw(emu, 'GET', new URL(location).pathname + new URL(location).search);
      }
      const wanted = (ex.responses['200']?.body ?? []) as { errorMessage: string }[];
      const got = result.json as { value?: { errorMessage: string }[] } | unknown[];
      if (Array.isArray(got)) diffs.push('validation result is a bare array');
      else if (Array.isArray(wanted)) diffs.push('validation result is { value }, the example a bare array');
      const messages = (Array.isArray(got) ? got : (got.value ?? [])) as { errorMessage: string }[];
      for (const w of wanted) {
        if (!messages.some((m) => m.errorMessage === w.errorMessage)) diffs.push(`validation: no finding '${w.errorMessage}'`);
      }
      for (const m of messages) {
        if (!wanted.some((w) => w.errorMessage === m.errorMessage)) diffs.push(`validation: finding '${m.errorMessage}'`);
      }
      return diffs;
    }
  }
}

/**
 * Every kind of difference the replay may show, by the id docs/emulator.md lists it under with
 * its evidence. A difference no entry matches fails its example.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, RegExp>> = {
  'location-display-name': /^location: display name$/,
  'more-fields': /^(answer|read) has more: (eventSystemProperties|compression|provisioningState|databaseRouting|retrievalStartDate|managedIdentityObjectId)$/,
  'property-order': /^property order$/,
  'operation-url-version': /^operation URL at the request's api-version$/,
  'delete-missing-no-operation': /^delete of a missing connection: 204 without Azure-AsyncOperation$/,
  'validation-value': /^validation result is \{ value \}, the example a bare array$/,
  'validation-findings': /^validation: (no )?finding '.+'$/,
  'pascal-case-segments': /^(type: Microsoft\.Kusto\/Clusters\/Databases\/DataConnections|id: segment case)$/,
  'allow-multi-database': /^properties\.allowMultiDatabase: undefined$/,
  'example-other-database': /^example: the connection is in another database than the request's$/,
  'example-id-and-name': /^example: (its id and name name different connections|its answer names another connection than its request)$/,
  'api-version-2019-03-20': /^api-version not served: 2019-03-20$/,
};

function known(diff: string): string | undefined {
  return Object.entries(KNOWN_DIFFERENCES).find(([, re]) => re.test(diff))?.[0];
}

/** Examples that replay with no difference at all (check-name and delete, mostly). */
const CLEAN_AT_LEAST = 19;

const seen = new Map<string, Set<string>>();
let clean = 0;

describe("the spec's data-connection examples, replayed", () => {
  it('has every stored example to replay (91 over 17 api-versions)', () => {
    expect(examples).toHaveLength(91);
    expect(VERSIONS).toHaveLength(17);
  });

  it.each(examples)('%s', async (file) => {
    const diffs = await replay(file);
    if (diffs.length === 0) clean++;
    for (const d of diffs) {
      const id = known(d);
      if (id !== undefined) seen.set(id, (seen.get(id) ?? new Set()).add(file));
    }
    expect(diffs.filter((d) => known(d) === undefined)).toEqual([]);
  });

  it('shows every listed kind of difference in some example, and docs/emulator.md explains each', () => {
    expect([...seen.keys()].sort()).toEqual(Object.keys(KNOWN_DIFFERENCES).sort());
    for (const id of Object.keys(KNOWN_DIFFERENCES)) expect(DOC, id).toContain(`| \`${id}\` |`);
  });

  it('replays most examples without any difference but the documented location and field-set ones', () => {
    // A floor, not a count: a fix may raise it.
    expect(clean).toBeGreaterThanOrEqual(CLEAN_AT_LEAST);
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

describe('validation before 2020-06-14 (a plain POST in the specs, no long-running operation)', () => {
  it('answers 200 with the findings at once up to 2020-02-15, and 202 with an operation from 2020-06-14', async () => {
    emu.control.reset();
    const ex = load('2022-11-11/KustoDataConnectionValidationAsync.json');
    const url = (v: string) => withVersion(`${dbPath(ex)}/dataConnectionValidation`, v);
    const body = JSON.stringify({ ...ex.parameters.parameters, properties: { kind: 'EventHub' } });
    const old = await raw(emu, 'POST', url('2020-02-15'), { body });
    expect(old.status).toBe(200);
    expect(old.headers['azure-asyncoperation']).toBeUndefined();
    expect((old.json as { value: { errorMessage: string }[] }).value.map((v) => v.errorMessage)).toContain(
      "The property 'eventHubResourceId' is required for a data connection of kind 'EventHub'.",
    );
    const lro = await raw(emu, 'POST', url('2020-06-14'), { body });
    expect(lro.status).toBe(202);
    expect(typeof lro.headers['location']).toBe('string');
  });
});
