/** The rules of the one retry layer, as plain values (the emulator tests count the attempts). */
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffMs, classify, retryAfterMs } from '../../src/azure/pipeline/retry-policy.js';
import { DEFAULT_SETTINGS } from '../../src/azure/settings.js';

function answer(status: number, headers: Record<string, string>): PipelineResponse {
  return { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: 'https://h/x' }) };
}

describe('what is retried', () => {
  it.each([
    [429, undefined, undefined, 'throttled'],
    [500, undefined, undefined, 'server'],
    [502, undefined, undefined, 'server'],
    [503, undefined, undefined, 'server'],
    [408, undefined, undefined, 'server'],
    [501, undefined, undefined, 'final'],
    [505, undefined, undefined, 'final'],
    [409, undefined, 'Conflict', 'conflict'],
    [503, undefined, 'ServiceIsInMaintenance', 'conflict'],
    [400, undefined, 'BadRequest', 'final'],
    [401, undefined, 'InvalidAuthenticationToken', 'final'],
    [403, undefined, 'AuthorizationFailed', 'final'],
    [404, undefined, 'ResourceNotFound', 'final'],
    [undefined, 'ECONNREFUSED', undefined, 'connection'],
    [undefined, 'ECONNRESET', undefined, 'connection'],
    [undefined, 'ETIMEDOUT', undefined, 'connection'],
    [undefined, 'EAI_AGAIN', undefined, 'connection'],
    [undefined, 'ENOTFOUND', undefined, 'final'],
    [undefined, 'SELF_SIGNED_CERT_IN_CHAIN', undefined, 'final'],
    [undefined, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', undefined, 'final'],
    [undefined, 'ERR_TLS_CERT_ALTNAME_INVALID', undefined, 'final'],
    [undefined, undefined, undefined, 'final'],
  ] as const)('status %s, code %s, service code %s: %s', (status, code, serviceCode, expected) => {
    expect(classify(status, code, serviceCode)).toBe(expected);
  });
});

describe('how long to wait', () => {
  it('doubles from 1 s with jitter of half, up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([0, 1, 2].map((n) => backoffMs(n, () => 0))).toEqual([500, 1000, 2000]);
  });

  it('believes Retry-After in seconds or as a date, retry-after-ms, and Resource Graph’s quota reset on a 429', () => {
    expect(retryAfterMs(answer(429, { 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(answer(503, { 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(answer(429, { 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(answer(429, { 'x-ms-user-quota-resets-after': '00:00:03' }))).toBe(3000);
    expect(retryAfterMs(answer(500, { 'x-ms-user-quota-resets-after': '00:00:03' }))).toBeUndefined();
    expect(retryAfterMs(answer(429, {}))).toBeUndefined();
    expect(retryAfterMs(answer(429, { 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('docs/azure.md: the worst case per request it promises is what the code does', () => {
  const page = readFileSync(path.resolve(import.meta.dirname, '../../docs/azure.md'), 'utf8');
  it('names the default attempts and time', () => {
    expect(page).toContain(`at most 1 + \`--max-retries\` attempts (${DEFAULT_SETTINGS.maxRetries + 1} by default)`);
    expect(page).toContain(`\`--request-timeout\` (${DEFAULT_SETTINGS.requestTimeoutMs / 1000} s by default)`);
    expect(page).toContain(`| \`--request-timeout D\` | \`KUSTODIAN_REQUEST_TIMEOUT\` | how long one request may take, its retries and waits included (default \`${DEFAULT_SETTINGS.requestTimeoutMs / 1000}s\`) |`);
    expect(page).toContain(`| \`--max-retries N\` | \`KUSTODIAN_MAX_RETRIES\` | retries of one request after its first attempt (default ${DEFAULT_SETTINGS.maxRetries}) |`);
  });
});
