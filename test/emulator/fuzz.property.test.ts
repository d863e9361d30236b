/**
 * The emulator's HTTP surface, fuzzed with fast-check: requests built from hostile pieces
 * (methods, path tricks, query strings, headers, bodies of every kind) and raw bytes that are not
 * HTTP at all, sent over TLS to 127.0.0.1 only. Whatever arrives, the answer is a proper status;
 * every 4xx/5xx carries ARM's error JSON `{ error: { code, message } }`; a request with a sure
 * defect is always refused; and the emulator keeps answering afterwards.
 */
import { connect } from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fullRun, recordFigures } from '../support/figures.js';
import { DC_PATH, SUB, api, raw, type RawResponse } from './helpers.js';

const BODY_LIMIT = 16 * 1024;
const RUNS = fullRun() ? 10 : 1;
let emu: RunningEmulator;
let sent = 0;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 0, throttle: false, bodyLimitBytes: BODY_LIMIT });
});
afterAll(async () => {
  await emu.stop();
  recordFigures('fuzz', { fuzzRequests: sent, cases: 1 });
});

/** An ARM error answer: a JSON object whose `error` has a non-empty code and a message. */
function expectArmError(res: RawResponse, about: string): void {
  const error = (res.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  expect(typeof error?.code === 'string' && error.code !== '', `${about} → ${res.status} ${res.text.slice(0, 200)}`).toBe(true);
  expect(typeof error?.message, about).toBe('string');
}

function expectProperAnswer(res: RawResponse, about: string): void {
  if (res.status >= 400) {
    expect(res.status, about).toBeLessThan(600);
    expectArmError(res, about);
  } else {
    expect([200, 201, 202, 204], about).toContain(res.status);
    if (res.text !== '') expect(res.json, `${about} → ${res.text.slice(0, 200)}`).toBeDefined();
  }
}

/** The emulator still answers: the database's list (a fuzzed DELETE may have removed any one connection). */
async function stillServing(): Promise<void> {
  const res = await raw(emu, 'GET', api(DC_PATH));
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ value: expect.any(Array) });
}

// --- building blocks ---

const CONNECTION_BODY = JSON.stringify({
  kind: 'EventHub',
  location: 'Central US',
  properties: { eventHubResourceId: `/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry`, consumerGroup: 'adx', tableName: 'Telemetry' },
});
const urlSafe = fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@%/?#[]'.split('')), maxLength: 60 });
const segment = fc.oneof(
  fc.constantFrom('legacy-import', 'new-conn', 'a%20b', '..', '.', '%2F', '%2e%2e', '%5c', '%00', '%E0%A4%A', '%zz', '%C3%A9', 'x'.repeat(300)),
  urlSafe.map((s) => encodeURIComponent(s)),
);
const path = fc.oneof(
  fc.constant(DC_PATH),
  segment.map((s) => `${DC_PATH}/${s}`),
  segment.map((s) => `${DC_PATH.replace('dataConnections', 'dataConnectionValidation')}${s === '.' ? '' : `/${s}`}`),
  segment.map((s) => `/subscriptions/${SUB}/providers/Microsoft.Kusto/locations/centralus/operationResults/${s}`),
  fc.tuple(fc.integer({ min: 0, max: 10 }), segment).map(([cut, s]) => `/${DC_PATH.split('/').slice(1, cut + 1).join('/')}/${s}`),
  fc.constantFrom('/', '//', '/_emulator/reset', '/_emulator/faults', '/_emulator/seed', '/_emulator/settings', `/_emulator/resources${DC_PATH}/x`),
  urlSafe.map((s) => `/${s.replace(/#/g, '%23').replace(/\?/g, '%3F')}`),
);
const query = fc.oneof(
  fc.constant('api-version=2023-08-15'),
  fc.constantFrom('', 'api-version=', 'api-version=2023-08-15&api-version=x', 'api-version=2099-01-01-preview', 'api-version=%%%', 'a=b&&&=', `api-version=${'9'.repeat(500)}`),
  urlSafe.map((s) => `api-version=${encodeURIComponent(s)}&${encodeURIComponent(s)}=1`),
);
const method = fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE', 'MKCOL', 'LOCK', 'get', 'Put');
const authorization = fc.option(fc.oneof(fc.constant('Bearer t'), fc.constantFrom('Basic abc', 'Bearer', 'bearer   x', 'Negotiate x'), fc.stringMatching(/^[ -~]{0,80}$/)), { nil: undefined });
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', '*/*', 'application/json; charset=utf-16');
const body = fc.option(
  fc.oneof(
    fc.constant(CONNECTION_BODY),
    fc.json(),
    fc.string({ maxLength: 300 }),
    fc.constantFrom('{', '{"kind":', '[]', 'null', '"x"', '{"kind":"EventHub","properties":[]}', '{"__proto__":{"polluted":1},"kind":"EventHub"}', '\u0000\u0001'),
    fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
    fc.integer({ min: BODY_LIMIT - 10, max: BODY_LIMIT + 2000 }).map((n) => `{"kind":"EventHub","pad":"${'p'.repeat(n)}"}`),
  ),
  { nil: undefined },
);
const extraHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.stringMatching(/^[ -~]{0,100}$/), { maxKeys: 4 });

const request = fc.record({ method, path, query, authorization, contentType, body, extraHeaders });
type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function send(r: Request): Promise<RawResponse> {
  sent += 1;
  const headers: Record<string, string> = { ...r.extraHeaders, 'Content-Type': r.contentType };
  // Framed explicitly: node's client sends a GET's or OPTIONS' body unframed (not HTTP at all).
  if (r.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(r.body));
  if (r.authorization !== undefined) headers['Authorization'] = r.authorization;
  return raw(emu, r.method, `${r.path}${r.query === '' ? '' : `?${r.query}`}`, { anonymous: true, headers, ...(r.body !== undefined ? { body: r.body } : {}) });
}

/** Defects any one of which the service must refuse, applied to an otherwise valid request. */
const DEFECTS: ReadonlyArray<readonly [string, (r: Request) => Request]> = [
  ['no bearer token', (r) => ({ ...r, authorization: undefined })],
  ['a Basic token', (r) => ({ ...r, authorization: 'Basic dXNlcjpwYXNz' })],
  ['no api-version', (r) => ({ ...r, query: '' })],
  ['an unsupported api-version', (r) => ({ ...r, query: 'api-version=2017-01-01' })],
  ['a malformed api-version', (r) => ({ ...r, query: 'api-version=latest' })],
  ['a .. segment', (r) => ({ ...r, path: `${DC_PATH}/../../databases/analyticsdb/dataConnections/x` })],
  ['an encoded slash', (r) => ({ ...r, path: `${DC_PATH}/a%2Fb` })],
  ['an unknown route', (r) => ({ ...r, path: `/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/mykustocluster/principalAssignments` })],
  ['an unknown subscription', (r) => ({ ...r, path: DC_PATH.replace(SUB, '11111111-1111-1111-1111-111111111111') })],
  ['a method the route lacks', (r) => ({ ...r, method: 'TRACE', path: DC_PATH })],
  ['a PUT of malformed JSON', (r) => ({ ...r, method: 'PUT', path: `${DC_PATH}/fuzzed`, contentType: 'application/json', body: '{"kind": "EventHub",' })],
  ['a PUT with the wrong content type', (r) => ({ ...r, method: 'PUT', path: `${DC_PATH}/fuzzed`, contentType: 'text/plain', body: CONNECTION_BODY })],
  ['a PUT over the body limit', (r) => ({ ...r, method: 'PUT', path: `${DC_PATH}/fuzzed`, contentType: 'application/json', body: `{"pad":"${'p'.repeat(BODY_LIMIT)}"}` })],
  ['a PUT of a JSON array', (r) => ({ ...r, method: 'PUT', path: `${DC_PATH}/fuzzed`, contentType: 'application/json', body: '[]' })],
  ['a bad connection name', (r) => ({ ...r, method: 'PUT', path: `${DC_PATH}/${encodeURIComponent('bad*name')}`, contentType: 'application/json', body: CONNECTION_BODY })],
];
const valid: fc.Arbitrary<Request> = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'DELETE'),
  path: fc.constantFrom(DC_PATH, `${DC_PATH}/legacy-import`, `${DC_PATH}/fuzzed`),
  query: fc.constant('api-version=2023-08-15'),
  authorization: fc.constant('Bearer t'),
  contentType: fc.constant('application/json'),
  body: fc.constant(CONNECTION_BODY),
  extraHeaders,
});

describe('fuzzing the emulator over HTTPS', () => {
  it('answers any request built from hostile pieces properly, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        expectProperAnswer(await send(r), `${r.method} ${r.path}?${r.query}`);
      }),
      { numRuns: 150 * RUNS },
    );
    await stillServing();
  });

  it('always refuses a request with a sure defect, with a 4xx and ARM error JSON', async () => {
    await fc.assert(
      fc.asyncProperty(valid, fc.integer({ min: 0, max: DEFECTS.length - 1 }), async (base, i) => {
        const [defect, apply] = DEFECTS[i] ?? DEFECTS[0]!;
        const r = apply(base);
        const res = await send(r);
        expect(res.status, defect).toBeGreaterThanOrEqual(400);
        expect(res.status, defect).toBeLessThan(500);
        expectArmError(res, defect);
      }),
      { numRuns: 100 * RUNS },
    );
    await stillServing();
  });
});

// --- raw bytes: what node's HTTP parser refuses, and CONNECT ---

function rawBytes(bytes: string | Buffer): Promise<string> {
  sent += 1;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: emu.port, ca: emu.ca, servername: 'localhost' }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 5 s to ${JSON.stringify(bytes.toString().slice(0, 80))}`));
    }, 5_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

const token = fc.stringMatching(/^[A-Za-z]{1,8}$/);
const malformed = fc.oneof(
  fc.stringMatching(/^[ -~]{1,200}$/).map((s) => `${s}\r\n\r\n`),
  fc.tuple(token, fc.stringMatching(/^[ -~]{0,50}$/)).map(([m, junk]) => `${m} /x HTTP/9.${junk}\r\n\r\n`),
  fc.stringMatching(/^[ -~]{1,40}$/).map((name) => `GET ${DC_PATH} HTTP/1.1\r\nHost: x\r\n${name.replace(/:/g, '')} has no colon\r\n\r\n`),
  fc.stringMatching(/^[ -~]{0,40}$/).map((v) => `GET ${DC_PATH} HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000${v}\r\n\r\n`),
  fc.integer({ min: 17_000, max: 80_000 }).map((n) => `GET ${DC_PATH} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(n)}\r\n\r\n`),
  fc.stringMatching(/^[g-z]{1,6}$/).map((size) => `PUT ${DC_PATH}/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\nabc\r\n`),
  fc.constantFrom('CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\n\r\n', `GET /\u0001 HTTP/1.1\r\n\r\n`, 'GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n'),
);

describe('raw bytes that are not HTTP', () => {
  it('answers each with a 4xx/5xx status and ARM error JSON, then closes; the emulator keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async (bytes) => {
        const answer = await rawBytes(bytes);
        const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
        expect(Number(status), answer.slice(0, 100)).toBeGreaterThanOrEqual(400);
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        expect((JSON.parse(body) as { error: { code: string } }).error.code).toMatch(/^[A-Za-z]+$/);
      }),
      { numRuns: 60 * RUNS },
    );
    await stillServing();
  });
});
