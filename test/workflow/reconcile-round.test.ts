/** One reconcile round over an in-memory port: each way it can end, and what it writes. */
import { describe, expect, it } from 'vitest';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import type { RoundOutcome } from '../../src/reconcile/outcome.js';
import type { PlanJobResult } from '../../src/workflow/plan-job.js';
import { reconcileRound } from '../../src/workflow/reconcile-round.js';
import { MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';
import { FakePort } from '../support/fake-port.js';

const NOW = '2026-11-30T00:00:00.000Z';
/** `a` as the service answers it once created from MINIMAL.EventHub. */
const IN_SYNC = live('a', 'EventHub', { ...MINIMAL.EventHub, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] });
const SAFE = { allowReplace: false, allowDelete: false, maxDeletes: 10, allowEmptyDatabase: false };

function planOf(live_: Parameters<typeof liveDb>[0], declared = [desired('a', 'EventHub')], prune = false): Plan {
  return planChanges(state(declared, [managed({ prune })]), [liveDb(live_)], { now: NOW }).plan;
}

/** A clock that moves one second each time it is read. */
function ticking(): () => Date {
  let t = Date.parse(NOW);
  return () => new Date((t += 1000));
}

async function round(job: () => Promise<PlanJobResult>, port = new FakePort(), safety = SAFE): Promise<RoundOutcome> {
  return reconcileRound({ plan: job, port, safety, mode: 'all-or-nothing', parallelism: 2, clock: ticking() });
}

describe('reconcile round', () => {
  it('converges without writing when there is nothing to do', async () => {
    const port = new FakePort();
    const plan = planOf([IN_SYNC]);
    const outcome = await round(async () => ({ plan, diagnostics: [] }), port);
    expect(outcome.result).toBe('converged');
    expect(port.calls).toEqual([]);
    expect([outcome.startedAt, outcome.finishedAt, outcome.durationMs]).toEqual(['2026-11-30T00:00:01.000Z', '2026-11-30T00:00:02.000Z', 1000]);
  });

  it('applies the changes and reports them', async () => {
    const port = new FakePort();
    const outcome = await round(async () => ({ plan: planOf([]), diagnostics: [] }), port);
    if (outcome.result !== 'changed') throw new Error(`expected changed, got ${outcome.result}`);
    expect(outcome.apply.succeeded).toBe(1);
    expect(port.calls.map((c) => `${c.op} ${c.name}`)).toEqual(['put a']);
  });

  it('refuses a delete without --allow-delete and writes nothing', async () => {
    const port = new FakePort();
    const plan = planOf([IN_SYNC, live('stray', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'x' })], [desired('a', 'EventHub')], true);
    const outcome = await round(async () => ({ plan, diagnostics: [] }), port);
    if (outcome.result !== 'failed') throw new Error('expected failed');
    expect(outcome.stage).toBe('safety');
    expect(outcome.refusals.map((r) => r.rule)).toEqual(['delete-not-allowed']);
    expect(outcome.diagnostics.map((d) => d.code)).toEqual(['KD302']);
    expect(port.calls).toEqual([]);
    const allowed = await round(async () => ({ plan, diagnostics: [] }), port, { ...SAFE, allowDelete: true });
    expect(allowed.result).toBe('changed');
  });

  it('a change that fails makes the round fail at apply, with a diagnostic per change that did not succeed', async () => {
    const port = new FakePort();
    port.failNext('put', 'a', new AzureFailure('bad-request', 'table missing', { status: 400, code: 'BadRequest' }));
    const outcome = await round(async () => ({ plan: planOf([]), diagnostics: [] }), port);
    if (outcome.result !== 'failed') throw new Error('expected failed');
    expect(outcome.stage).toBe('apply');
    expect(outcome.diagnostics.map((d) => [d.code, d.message])).toEqual([['KD304', 'create failed at its create step: 400 BadRequest: table missing']]);
  });

  it("a failed apply keeps the plan's warnings (a missing prerequisite often explains the failure)", async () => {
    const port = new FakePort();
    port.failNext('put', 'a', new AzureFailure('bad-request', 'table missing', { status: 400, code: 'BadRequest' }));
    const base = planOf([]);
    const plan: Plan = { ...base, warnings: [{ severity: 'warning', code: 'KD701', message: "table 'T' in database 'db': the table does not exist" }] };
    const outcome = await round(async () => ({ plan, diagnostics: [] }), port);
    expect(outcome.diagnostics.map((d) => d.code)).toEqual(['KD304', 'KD701']);
  });

  it('a plan with errors fails at plan, keeping only the errors', async () => {
    const outcome = await round(async () => ({
      diagnostics: [
        { severity: 'error', code: 'KD402', message: 'permission denied', address: 'x' },
        { severity: 'warning', code: 'KD144', message: 'odd value' },
      ],
    }));
    if (outcome.result !== 'failed') throw new Error('expected failed');
    expect([outcome.stage, outcome.diagnostics.map((d) => d.code), outcome.plan]).toEqual(['plan', ['KD402'], undefined]);
  });

  it('never throws: an exception is a failed round with KD305', async () => {
    const outcome = await round(async () => {
      throw new Error('out of file descriptors');
    });
    if (outcome.result !== 'failed') throw new Error('expected failed');
    expect(outcome.stage).toBe('error');
    expect(outcome.diagnostics[0]?.message).toBe('the reconcile round failed unexpectedly: out of file descriptors');
  });
});
