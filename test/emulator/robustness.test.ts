/**
 * Whatever arrives, the emulator answers ARM's error JSON and keeps serving: no token,
 * wrong api-version, unknown routes and methods, path tricks, malformed or oversized bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { DC_PATH, SUB, api, armError, raw } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 0, throttle: false, bodyLimitBytes: 64 * 1024 });
});
afterAll(() => emu.stop());

const validBody = JSON.stringify({ kind: 'EventHub', properties: {} });

describe('authentication', () => {
  it('answers 401 AuthenticationFailed with WWW-Authenticate without a bearer token', async () => {
    for (const headers of [{}, { Authorization: 'Basic abc' }, { Authorization: 'Bearer ' }] as Record<string, string>[]) {
      const res = await raw(emu, 'GET', api(DC_PATH), { anonymous: true, headers });
      expect(res.status).toBe(401);
      expect(armError(res.json).code).toBe('AuthenticationFailed');
      expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer /);
    }
    expect((await raw(emu, 'GET', api(DC_PATH), { anonymous: true, headers: { Authorization: 'bearer anything' } })).status).toBe(200);
  });
});

describe('api-version', () => {
  it.each([
    [undefined, 'MissingApiVersionParameter'],
    ['yesterday', 'InvalidApiVersionParameter'],
    ['2018-09-07-preview', 'NoRegisteredProviderFound'],
    ['2019-03-20', 'NoRegisteredProviderFound'],
    ['2099-01-01-preview', 'NoRegisteredProviderFound'],
  ])('%s → 400 %s', async (version, code) => {
    const path = version === undefined ? DC_PATH : `${DC_PATH}?api-version=${version}`;
    const res = await raw(emu, 'GET', path);
    expect(res.status).toBe(400);
    expect(armError(res.json).code).toBe(code);
  });
});

describe('routes', () => {
  it('matches literal segments case-insensitively', async () => {
    const shouty = DC_PATH.replace('resourceGroups', 'RESOURCEGROUPS').replace('Microsoft.Kusto', 'microsoft.kusto').replace('dataConnections', 'DATACONNECTIONS');
    expect((await raw(emu, 'GET', api(shouty))).status).toBe(200);
    expect((await raw(emu, 'GET', api(`${DC_PATH}/`))).status).toBe(200);
  });

  it('unknown routes are 404 InvalidResourceType, wrong methods 405', async () => {
    const unknown = await raw(emu, 'GET', api(`/subscriptions/${SUB}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/mykustocluster/principalAssignments`));
    expect(unknown.status).toBe(404);
    expect(armError(unknown.json).code).toBe('InvalidResourceType');
    expect((await raw(emu, 'GET', api('/'))).status).toBe(404);
    const wrong = await raw(emu, 'POST', api(`${DC_PATH}/legacy-import`), { body: validBody });
    expect(wrong.status).toBe(405);
    expect(armError(wrong.json).code).toBe('MethodNotAllowed');
  });

  it.each([
    `${DC_PATH}/../../databases/analyticsdb/dataConnections`,
    `${DC_PATH}/%2E%2E`,
    `${DC_PATH}/a%2Fb`,
    `${DC_PATH}/a%5cb`,
    `/subscriptions//resourceGroups/testrg`,
    `${DC_PATH}/%E0%A4%A`,
    `${DC_PATH}/a%00b`,
  ])('refuses the path trick %s with 400 InvalidRequestUri', async (path) => {
    const res = await raw(emu, 'GET', api(path));
    expect(res.status).toBe(400);
    expect(armError(res.json).code).toBe('InvalidRequestUri');
  });
});

describe('bodies', () => {
  it('malformed JSON → 400 InvalidRequestContent', async () => {
    const res = await raw(emu, 'PUT', api(`${DC_PATH}/x`), { body: '{"kind": "EventHub",' });
    expect(res.status).toBe(400);
    expect(armError(res.json).code).toBe('InvalidRequestContent');
  });

  it('an empty body or a JSON value that is not an object → 400', async () => {
    for (const body of ['', '[]', '"EventHub"', 'null']) {
      const res = await raw(emu, 'PUT', api(`${DC_PATH}/x`), { body });
      expect(res.status, body).toBe(400);
      expect(['InvalidRequestContent', 'BadRequest']).toContain(armError(res.json).code);
    }
  });

  it('a wrong content type → 415 UnsupportedMediaType', async () => {
    const res = await raw(emu, 'PUT', api(`${DC_PATH}/x`), { body: validBody, headers: { 'Content-Type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(armError(res.json).code).toBe('UnsupportedMediaType');
  });

  it('an oversized body → 413, declared or streamed', async () => {
    const big = JSON.stringify({ kind: 'EventHub', properties: { tableName: 'x'.repeat(70 * 1024) } });
    const streamed = await raw(emu, 'PUT', api(`${DC_PATH}/x`), { body: big });
    expect(streamed.status).toBe(413);
    expect(armError(streamed.json).code).toBe('RequestEntityTooLarge');
    const declared = await raw(emu, 'PUT', api(`${DC_PATH}/x`), { body: big, headers: { 'Content-Length': String(Buffer.byteLength(big)) } });
    expect(declared.status).toBe(413);
  });

  it('wrong types in properties name the property', async () => {
    const res = await raw(emu, 'PUT', api(`${DC_PATH}/x`), {
      body: JSON.stringify({ kind: 'EventHub', properties: { eventHubResourceId: 42, consumerGroup: ['a'], eventSystemProperties: 'x' } }),
    });
    expect(res.status).toBe(400);
    const error = armError(res.json) as { target?: string; details?: { target?: string }[] };
    expect(error.target).toBe('properties.eventHubResourceId');
    expect((error.details ?? []).map((d) => d.target)).toEqual([
      'properties.eventHubResourceId',
      'properties.consumerGroup',
      'properties.eventSystemProperties',
    ]);
  });

  it('an unknown or missing kind → 400 targeting kind', async () => {
    for (const body of [{ kind: 'Kafka', properties: {} }, { properties: {} }]) {
      const res = await raw(emu, 'PUT', api(`${DC_PATH}/x`), { body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(armError(res.json).target).toBe('kind');
    }
  });

  it('still serves after all of that', async () => {
    expect((await raw(emu, 'GET', api(`${DC_PATH}/legacy-import`))).status).toBe(200);
  });
});
