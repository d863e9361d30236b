/**
 * Following a long-running operation with few reads: where to read, what an answer says, how
 * long to wait before the next read, and the loop that puts them together.
 */
import { describe, expect, it } from 'vitest';
import { type Answer, followOperation, nextPollDelay, operationStateOf, pollTargetOf, retryAfterOf } from '../../src/azure/arm/operation-poll.js';
import { toAzureFailure } from '../../src/azure/arm/failures.js';

function answer(status: number, headers: Record<string, string> = {}, body?: unknown): Answer {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, headers: { get: (n) => lower.get(n.toLowerCase()) }, body };
}

const RESOURCE = 'https://arm/x/dataConnections/a?api-version=1';
const STATUS = 'https://arm/operationResults/1?api-version=1';

describe('where an operation is followed', () => {
  it('Azure-AsyncOperation (or Operation-Location) first, then Location on a 202, then the resource itself', () => {
    expect(pollTargetOf(answer(201, { 'Azure-AsyncOperation': STATUS, Location: 'L' }), RESOURCE)).toEqual({ mode: 'status', url: STATUS });
    expect(pollTargetOf(answer(202, { 'Operation-Location': STATUS }), RESOURCE)).toEqual({ mode: 'status', url: STATUS });
    expect(pollTargetOf(answer(202, { Location: 'L' }), RESOURCE)).toEqual({ mode: 'location', url: 'L' });
    expect(pollTargetOf(answer(202), RESOURCE)).toEqual({ mode: 'resource', url: RESOURCE });
    expect(pollTargetOf(answer(201, {}, { properties: { provisioningState: 'Creating' } }), RESOURCE)).toEqual({ mode: 'resource', url: RESOURCE });
  });

  it('an answer with no operation to follow is final', () => {
    expect(pollTargetOf(answer(200, {}, { properties: { provisioningState: 'Succeeded' } }), RESOURCE)).toBeUndefined();
    expect(pollTargetOf(answer(201, {}, {}), RESOURCE)).toBeUndefined();
    expect(pollTargetOf(answer(204), RESOURCE)).toBeUndefined();
  });
});

describe('what a read of the operation says', () => {
  it('the status endpoint: Running, Succeeded, Failed with the service code, Canceled', () => {
    const t = { mode: 'status', url: STATUS } as const;
    expect(operationStateOf(t, answer(200, {}, { status: 'Running' }))).toEqual({ state: 'running' });
    expect(operationStateOf(t, answer(200, {}, { status: 'Succeeded' }))).toEqual({ state: 'succeeded' });
    expect(operationStateOf(t, answer(200, {}, { status: 'Failed', error: { code: 'BadRequest', message: 'table does not exist' } }))).toEqual({ state: 'failed', code: 'BadRequest', message: 'table does not exist' });
    expect(operationStateOf(t, answer(200, {}, { status: 'Canceled' }))).toMatchObject({ state: 'failed' });
  });

  it('Location: 202 runs, anything else ended; the resource: its provisioningState', () => {
    expect(operationStateOf({ mode: 'location', url: 'L' }, answer(202))).toEqual({ state: 'running' });
    expect(operationStateOf({ mode: 'location', url: 'L' }, answer(200, {}, {}))).toEqual({ state: 'succeeded' });
    expect(operationStateOf({ mode: 'resource', url: RESOURCE }, answer(200, {}, { properties: { provisioningState: 'Creating' } }))).toEqual({ state: 'running' });
    expect(operationStateOf({ mode: 'resource', url: RESOURCE }, answer(200, {}, { properties: { provisioningState: 'Failed' } }))).toMatchObject({ state: 'failed' });
  });
});

describe('how long to wait before the next read', () => {
  const schedule = { firstMs: 100, maxMs: 2000 };

  it('the service\'s Retry-After when above zero, in seconds or as a date', () => {
    expect(nextPollDelay(undefined, retryAfterOf(answer(201, { 'Retry-After': '15' })), schedule)).toBe(15_000);
    expect(retryAfterOf(answer(200, { 'Retry-After': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(retryAfterOf(answer(200))).toBeUndefined();
  });

  it('without one (or with 0): short first, then doubling up to the longest wait', () => {
    const waits: number[] = [];
    let previous: number | undefined;
    for (let i = 0; i < 7; i++) waits.push((previous = nextPollDelay(previous, i === 2 ? 0 : undefined, schedule)));
    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('a longest wait below the first wait caps it (--poll-interval 10)', () => {
    expect(nextPollDelay(undefined, undefined, { firstMs: 100, maxMs: 10 })).toBe(10);
    expect(nextPollDelay(10, undefined, { firstMs: 100, maxMs: 10 })).toBe(10);
  });
});

describe('following an operation', () => {
  function script(answers: Answer[]): { read: (url: string) => Promise<Answer>; urls: string[] } {
    const urls: string[] = [];
    return { urls, read: (url) => (urls.push(url), Promise.resolve(answers.shift() ?? answer(500))) };
  }

  it('reads until it succeeded, waiting as asked, and returns the last answer', async () => {
    const slept: number[] = [];
    const s = script([answer(200, { 'Retry-After': '1' }, { status: 'Running' }), answer(200, {}, { status: 'Running' }), answer(200, {}, { status: 'Succeeded' })]);
    const last = await followOperation({ mode: 'status', url: STATUS }, answer(201, { 'Azure-AsyncOperation': STATUS }), s.read, {
      schedule: { firstMs: 100, maxMs: 2000 },
      sleep: async (ms) => void slept.push(ms),
    });
    expect(last.body).toEqual({ status: 'Succeeded' });
    expect(s.urls).toEqual([STATUS, STATUS, STATUS]);
    // no Retry-After on the write: 100; then the service asked for 1 s; then the schedule goes on doubling
    expect(slept).toEqual([100, 1000, 2000]);
  });

  it('a failed operation throws what toAzureFailure turns into operation-failed with the service code', async () => {
    const s = script([answer(200, {}, { status: 'Failed', error: { code: 'EventHubValidationErorFound', message: 'table Events does not exist' } })]);
    const e = await followOperation({ mode: 'status', url: STATUS }, answer(201), s.read, { schedule: { firstMs: 1, maxMs: 1 }, sleep: async () => undefined }).catch((x: unknown) => x);
    const f = toAzureFailure(e);
    expect([f.kind, f.details.code, f.message]).toEqual(['operation-failed', 'EventHubValidationErorFound', 'table Events does not exist']);
  });

  it('follows a Location that moves', async () => {
    const s = script([answer(202, { Location: 'L2' }), answer(200, {}, {})]);
    await followOperation({ mode: 'location', url: 'L1' }, answer(202, { Location: 'L1' }), s.read, { schedule: { firstMs: 1, maxMs: 1 }, sleep: async () => undefined });
    expect(s.urls).toEqual(['L1', 'L2']);
  });

  it('stops when aborted, without another read', async () => {
    const stop = new AbortController();
    const s = script([answer(200, {}, { status: 'Running' })]);
    const done = followOperation({ mode: 'status', url: STATUS }, answer(201), s.read, {
      schedule: { firstMs: 1, maxMs: 1 },
      sleep: async () => stop.abort(),
      signal: stop.signal,
    });
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.urls).toEqual([]);
  });
});
