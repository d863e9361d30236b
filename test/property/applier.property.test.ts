/**
 * The applier, for any plan and any pattern of failures: every change gets exactly one outcome,
 * the counts add up, a change never starts before what it waits for has succeeded, and a change
 * whose dependency did not succeed is skipped, never run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/applier.js';
import type { ApplyEvent } from '../../src/apply/events.js';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import { FakePort } from '../support/fake-port.js';
import { randomPlan } from '../support/plans.js';

describe('applier properties', () => {
  it('one outcome per change, dependencies respected, failures contained', async () => {
    await fc.assert(
      fc.asyncProperty(randomPlan, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), async (plan, failing, parallelism) => {
        const port = new FakePort();
        plan.changes.forEach((c, i) => {
          if (failing[i] === true) port.failNext(c.action === 'create' || c.action === 'update' ? 'put' : 'delete', c.target.name, new AzureFailure('bad-request', 'refused', { status: 400 }));
        });
        const events: ApplyEvent[] = [];
        const result = await applyPlan(plan, port, { parallelism }, (e) => events.push(e));

        expect(result.results.map((r) => r.address)).toEqual(plan.changes.map((c) => c.address));
        expect(result.succeeded + result.failed + result.skipped + result.interrupted).toBe(plan.changes.length);
        const outcome = new Map(result.results.map((r) => [r.address, r.outcome.status]));
        const firstStart = (a: string) => events.findIndex((e) => e.type === 'started' && e.address === a);
        const finished = (a: string) => events.findIndex((e) => (e.type === 'succeeded' || e.type === 'failed') && e.address === a);
        for (const c of plan.changes) {
          for (const dep of c.dependsOn) {
            if (outcome.get(dep) === 'succeeded') {
              if (firstStart(c.address) >= 0) expect(firstStart(c.address)).toBeGreaterThan(finished(dep));
            } else {
              expect(outcome.get(c.address)).toBe('skipped');
              expect(firstStart(c.address)).toBe(-1);
            }
          }
          if (outcome.get(c.address) === 'skipped') expect(port.calls.some((call) => call.name === c.target.name && call.op !== 'list')).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
