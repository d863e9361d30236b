import { describe, expect, it } from 'vitest';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import { applyPlan } from '../../src/apply/applier.js';
import type { ApplyEvent } from '../../src/apply/events.js';
import { planChanges } from '../../src/plan/planner.js';
import { MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';
import { FakePort } from '../support/fake-port.js';

const NOW = '2026-11-30T00:00:00.000Z';
const fixedClock = () => new Date('2026-11-30T01:02:03.000Z');

/** Events without timestamps, addresses shortened to the connection name. */
function brief(events: ApplyEvent[]): string[] {
  return events.map((e) => {
    const name = e.address.split('/').pop();
    switch (e.type) {
      case 'started':
      case 'accepted':
        return `${e.type} ${name} ${e.step}`;
      case 'succeeded':
        return `succeeded ${name}`;
      case 'failed':
        return `failed ${name} ${e.step} ${e.error.code ?? e.error.kind}`;
      case 'skipped':
        return `skipped ${name} ${e.reason.kind}`;
    }
  });
}

function mixedPlan() {
  return planChanges(
    state(
      [
        desired('create-me', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'c1' }),
        desired('update-me', 'IotHub'),
        desired('replace-me', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'new' }, { annotations: { 'kustodian.io/replace-strategy': 'gap-free' } }),
      ],
      [managed({ prune: true })],
    ),
    [
      liveDb([
        live('update-me', 'IotHub', { ...MINIMAL.IotHub, dataFormat: 'JSON' }),
        live('replace-me', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'old', retrievalStartDate: '2026-01-01T00:00:00Z' }),
        live('delete-me', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'gone' }),
      ]),
    ],
    { now: NOW },
  ).plan;
}

describe('applier', () => {
  it('carries out every action and reports each step, in order, with parallelism 1', async () => {
    const port = new FakePort();
    const events: ApplyEvent[] = [];
    const result = await applyPlan(mixedPlan(), port, { parallelism: 1, clock: fixedClock }, (e) => events.push(e));
    expect(brief(events)).toEqual([
      'started create-me create', 'accepted create-me create', 'succeeded create-me',
      'started delete-me delete', 'accepted delete-me delete', 'succeeded delete-me',
      'started replace-me delete', 'accepted replace-me delete',
      'started replace-me create', 'accepted replace-me create', 'succeeded replace-me',
      'started update-me update', 'accepted update-me update', 'succeeded update-me',
    ]);
    expect(port.calls.map((c) => `${c.op} ${c.name}`)).toEqual(['put create-me', 'delete delete-me', 'delete replace-me', 'put replace-me', 'put update-me']);
    expect(result).toMatchObject({ succeeded: 4, failed: 0, skipped: 0, interrupted: 0 });
  });

  it('a gap-free replacement re-creates with retrievalStartDate = the moment of the delete', async () => {
    const port = new FakePort();
    await applyPlan(mixedPlan(), port, { parallelism: 1, clock: fixedClock }, () => undefined);
    const put = port.calls.find((c) => c.op === 'put' && c.name === 'replace-me');
    expect(put?.body?.properties['retrievalStartDate']).toBe('2026-11-30T01:02:03.000Z');
  });

  it('a gap-free replacement reports the window it observed: from the delete issued, to the old one gone, to the new one Succeeded; other changes report none', async () => {
    const port = new FakePort();
    // A clock that moves a second each time it is read: the delete issued, gone, the new one Succeeded.
    let tick = 0;
    const clock = () => new Date(Date.UTC(2026, 10, 30, 1, 0, tick++));
    const events: ApplyEvent[] = [];
    const result = await applyPlan(mixedPlan(), port, { parallelism: 1, clock }, (e) => events.push(e));
    const replaced = result.results.find((r) => r.address.endsWith('/replace-me'))?.outcome;
    const overlap = replaced?.status === 'succeeded' ? replaced.overlap : undefined;
    const put = port.calls.find((c) => c.op === 'put' && c.name === 'replace-me');
    expect(overlap?.retrievalStartDate).toBe(put?.body?.properties['retrievalStartDate']);
    const [start, gone, succeeded] = [overlap?.retrievalStartDate, overlap?.oldDeletedAt, overlap?.newSucceededAt].map((t) => Date.parse(t ?? ''));
    expect((gone ?? 0) - (start ?? 0)).toBeGreaterThan(0);
    expect((succeeded ?? 0) - (gone ?? 0)).toBeGreaterThan(0);
    expect(overlap?.overlapMs).toBe((gone ?? 0) - (start ?? 0));
    expect(events.find((e) => e.type === 'succeeded' && e.address.endsWith('/replace-me'))).toMatchObject({ overlap });
    expect(result.results.filter((r) => r.outcome.status === 'succeeded' && r.outcome.overlap !== undefined).map((r) => r.address.split('/').pop())).toEqual(['replace-me']);
  });

  it('an update sends the whole declared body with the live start carried over', async () => {
    const port = new FakePort();
    await applyPlan(mixedPlan(), port, { parallelism: 1 }, () => undefined);
    const put = port.calls.find((c) => c.op === 'put' && c.name === 'update-me');
    expect(put?.body).toMatchObject({ kind: 'IotHub', location: 'Central US' });
    expect(put?.body?.properties).toMatchObject({ dataFormat: 'CSV', sharedAccessPolicyName: 'iothubforread', databaseRouting: 'Single' });
  });

  it('a failure stops only what depends on it, and is reported with the service code', async () => {
    const port = new FakePort();
    // old frees the pair that new takes: new depends on old's delete
    const plan = planChanges(
      state([desired('new', 'EventHub'), desired('other', 'IotHub')], [managed({ prune: true })]),
      [liveDb([live('old', 'EventHub', MINIMAL.EventHub)])],
      { now: NOW },
    ).plan;
    port.failNext('delete', 'old', new AzureFailure('bad-request', 'nope', { status: 400, code: 'BadRequest' }));
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, port, { parallelism: 1 }, (e) => events.push(e));
    const seen = brief(events);
    expect([...seen].sort()).toEqual([
      'accepted other create', 'failed old delete BadRequest', 'skipped new dependency-failed',
      'started old delete', 'started other create', 'succeeded other',
    ]);
    expect(seen.indexOf('skipped new dependency-failed')).toBeGreaterThan(seen.indexOf('failed old delete BadRequest'));
    expect(result.results.map((r) => [r.address.split('/').pop(), r.outcome.status])).toEqual([
      ['new', 'skipped'], ['old', 'failed'], ['other', 'succeeded'],
    ]);
  });

  it('never runs more than `parallelism` writes at once', async () => {
    const port = new FakePort();
    const conns = Array.from({ length: 12 }, (_, i) => desired(`c${i}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `g${i}` }));
    const plan = planChanges(state(conns), [liveDb([])], { now: NOW }).plan;
    let open!: () => void;
    port.gate = new Promise((r) => (open = r));
    const done = applyPlan(plan, port, { parallelism: 3 }, () => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(port.calls.length).toBe(3);
    open();
    const result = await done;
    expect(result.succeeded).toBe(12);
    expect(port.maxConcurrent).toBe(3);
  });

  it('without a parallelism, the port\'s admission paces the changes: none starts before its write is admitted', async () => {
    /** A port whose budget admits one write each time `admitOne` is called. */
    class BudgetPort extends FakePort {
      readonly waiting: Array<() => void> = [];
      readonly admitted: string[] = [];
      admit(address: { name: string }, write: 'put' | 'delete'): Promise<void> {
        return new Promise((resolve) => this.waiting.push(() => (this.admitted.push(`${write} ${address.name}`), resolve())));
      }
      admitOne(): void {
        this.waiting.shift()?.();
      }
    }
    const port = new BudgetPort();
    const conns = Array.from({ length: 4 }, (_, i) => desired(`c${i}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `g${i}` }));
    const plan = planChanges(state(conns), [liveDb([])], { now: NOW }).plan;
    const events: ApplyEvent[] = [];
    const done = applyPlan(plan, port, {}, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([]);
    expect(port.waiting).toHaveLength(4);
    port.admitOne();
    port.admitOne();
    await new Promise((r) => setTimeout(r, 10));
    expect(brief(events).filter((e) => e.startsWith('started'))).toHaveLength(2);
    port.admitOne();
    port.admitOne();
    const result = await done;
    expect(result.succeeded).toBe(4);
    expect(port.admitted).toEqual(['put c0', 'put c1', 'put c2', 'put c3']);
  });

  it('a stop while changes wait for admission skips them as interrupted; a replacement admits its create after its delete', async () => {
    class StuckPort extends FakePort {
      readonly asked: string[] = [];
      admit(address: { name: string }, write: 'put' | 'delete', signal?: AbortSignal): Promise<void> {
        this.asked.push(`${write} ${address.name}`);
        if (address.name === 'replace-me' || this.asked.length === 1) return Promise.resolve();
        return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('stopped'), { name: 'AbortError' }))));
      }
    }
    const port = new StuckPort();
    const stop = new AbortController();
    const events: ApplyEvent[] = [];
    const done = applyPlan(mixedPlan(), port, { stop: stop.signal }, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    const result = await done;
    expect(port.asked).toContain('delete replace-me');
    expect(port.asked).toContain('put replace-me');
    expect(result.skipped).toBe(2);
    expect(brief(events).filter((e) => e.startsWith('skipped')).every((e) => e.endsWith('interrupted'))).toBe(true);
  });

  it('after stop, nothing new starts; running changes finish', async () => {
    const port = new FakePort();
    const conns = Array.from({ length: 5 }, (_, i) => desired(`c${i}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `g${i}` }));
    const plan = planChanges(state(conns), [liveDb([])], { now: NOW }).plan;
    const stop = new AbortController();
    let open!: () => void;
    port.gate = new Promise((r) => (open = r));
    const done = applyPlan(plan, port, { parallelism: 2, stop: stop.signal }, () => undefined);
    await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    open();
    const result = await done;
    expect(result.succeeded).toBe(2);
    expect(result.skipped).toBe(3);
    expect(port.calls.filter((c) => c.op === 'put')).toHaveLength(2);
  });

  it('after abort, running changes are reported as interrupted, not failed', async () => {
    const port = new FakePort();
    const plan = planChanges(state([desired('slow', 'IotHub')]), [liveDb([])], { now: NOW }).plan;
    const abort = new AbortController();
    port.gate = new Promise(() => undefined);
    const events: ApplyEvent[] = [];
    const done = applyPlan(plan, port, { parallelism: 1, abort: abort.signal }, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    const result = await done;
    expect(result.results[0]?.outcome).toEqual({ status: 'interrupted', step: 'create' });
    expect(events.some((e) => e.type === 'failed')).toBe(false);
  });

  it('once a change fails because the endpoint cannot be reached, no new change starts; each is reported', async () => {
    const port = new FakePort();
    const conns = Array.from({ length: 4 }, (_, i) => desired(`c${i}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `g${i}` }));
    const plan = planChanges(state(conns), [liveDb([])], { now: NOW }).plan;
    port.failNext('put', 'c1', new AzureFailure('network', '127.0.0.1:9 refused the connection', { code: 'ECONNREFUSED' }));
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, port, { parallelism: 1, clock: fixedClock }, (e) => events.push(e));
    expect(brief(events)).toEqual([
      'started c0 create',
      'accepted c0 create',
      'succeeded c0',
      'started c1 create',
      'failed c1 create ECONNREFUSED',
      'skipped c2 endpoint-unreachable',
      'skipped c3 endpoint-unreachable',
    ]);
    expect(result).toMatchObject({ succeeded: 1, failed: 1, skipped: 2, interrupted: 0 });
    expect(port.calls.filter((c) => c.op === 'put').map((c) => c.name)).toEqual(['c0', 'c1']);
    expect(result.results[2]?.outcome).toEqual({ status: 'skipped', reason: { kind: 'endpoint-unreachable', address: plan.changes[1]?.address } });
  });

  it('a failure the service answered (not the endpoint) stops nothing else', async () => {
    const port = new FakePort();
    const conns = Array.from({ length: 3 }, (_, i) => desired(`c${i}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `g${i}` }));
    const plan = planChanges(state(conns), [liveDb([])], { now: NOW }).plan;
    port.failNext('put', 'c0', new AzureFailure('server', 'internal error', { status: 500 }));
    const result = await applyPlan(plan, port, { parallelism: 1 }, () => undefined);
    expect(result).toMatchObject({ succeeded: 2, failed: 1, skipped: 0 });
  });
});
