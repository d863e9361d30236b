/** A plan fit to show and save: secrets gone from what is shown, nothing changed in what apply acts on. */
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/planner.js';
import { redactPlan } from '../../src/plan/redact-plan.js';
import { IDS, MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';

const SECRET = 'Placeholder-Env-Secret-42';
const SAS = 'sv=2022-11-02&sig=PlaceholderSignature42';

describe('redactPlan', () => {
  const { plan } = planChanges(
    state([desired('storm-events-iothub', 'IotHub')], [managed({ prune: true })]),
    [
      liveDb([
        live('storm-events-iothub', 'IotHub', { ...MINIMAL.IotHub, tableName: SECRET, databaseRouting: 'Single', eventSystemProperties: [] }),
        live('stray', 'EventHub', { ...MINIMAL.EventHub, eventHubResourceId: `${IDS.eventHub}?${SAS}`, consumerGroup: 'stray' }),
      ]),
    ],
    { now: '2026-01-01T00:00:00.000Z' },
  );
  const redacted = redactPlan(plan, { AZURE_CLIENT_SECRET: SECRET });

  it('removes secrets from live values shown in the plan', () => {
    expect(JSON.stringify(plan)).toContain(SECRET);
    expect(JSON.stringify(plan)).toContain('PlaceholderSignature42');
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
    expect(JSON.stringify(redacted)).not.toContain('PlaceholderSignature42');
    const update = redacted.changes.find((c) => c.target.name === 'storm-events-iothub');
    expect(update?.action === 'update' && update.before.properties['tableName']).toBe('[REDACTED]');
  });

  it('leaves what apply acts on exactly as planned: targets, bodies to write, fingerprints, dependencies', () => {
    expect(redacted.changes.map((c) => c.target)).toEqual(plan.changes.map((c) => c.target));
    expect(redacted.changes.map((c) => (c.action === 'delete' ? undefined : c.after))).toEqual(plan.changes.map((c) => (c.action === 'delete' ? undefined : c.after)));
    expect(redacted.changes.map((c) => [c.action, c.liveFingerprint, c.dependsOn])).toEqual(plan.changes.map((c) => [c.action, c.liveFingerprint, c.dependsOn]));
    expect(redacted.summary).toEqual(plan.summary);
  });

  it('leaves the reason codes as they are, whatever the secret (they are the planner\'s own words)', () => {
    const short = redactPlan(plan, { AZURE_CLIENT_SECRET: 'date' });
    expect(short.changes.map((c) => c.reasonCode)).toEqual(plan.changes.map((c) => c.reasonCode));
    expect(short.changes.map((c) => c.reason)).toContain('fields differ: tableName');
    const prune = redactPlan(plan, { AZURE_CLIENT_SECRET: 'prunes' });
    expect(prune.changes.map((c) => c.reasonCode)).toContain('delete.pruned');
    expect(prune.changes.map((c) => c.reason)).not.toContain('not declared, and its ManagedDatabase prunes undeclared connections');
  });

  it('changes nothing when there is no secret', () => {
    expect(redactPlan(plan, {})).toEqual(redactPlan(redactPlan(plan, {}), {}));
    const clean = planChanges(state([desired('a', 'EventHub')]), [liveDb([])], { now: 'now' }).plan;
    expect(redactPlan(clean, { AZURE_CLIENT_SECRET: SECRET })).toEqual(clean);
  });
});
