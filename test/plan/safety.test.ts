import { describe, expect, it } from 'vitest';
import { checkSafety, describeRefusal, type SafetyOptions } from '../../src/plan/rules/safety.js';
import { planChanges } from '../../src/plan/planner.js';
import { MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';

const NOW = '2026-11-30T00:00:00.000Z';
const STRICT: SafetyOptions = { allowReplace: false, allowDelete: false, maxDeletes: 10, allowEmptyDatabase: false };
const OPEN: SafetyOptions = { allowReplace: true, allowDelete: true, maxDeletes: 10, allowEmptyDatabase: false };

const eh = (name: string, cg: string) => live(name, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: cg });

function replacePlan(annotations: Record<string, string> = {}, protect: string[] = []) {
  return planChanges(
    state([desired('r', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'new' }, { annotations })], [managed({ protect })]),
    [liveDb([eh('r', 'old')])],
    { now: NOW },
  ).plan;
}

/** `undeclared` live connections to prune, `kept` declared ones that are live and stay. */
function prunePlan(undeclared: number, kept = 0, allowEmpty = false, created = 0) {
  const lives = Array.from({ length: undeclared }, (_, i) => eh(`old${i}`, `g${i}`));
  const keep = Array.from({ length: kept }, (_, i) => ({ ...MINIMAL.EventHub, consumerGroup: `k${i}`, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] }));
  const decl = [
    ...keep.map((p, i) => desired(`keep${i}`, 'EventHub', p)),
    ...Array.from({ length: created }, (_, i) => desired(`new${i}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `n${i}` })),
  ];
  const live = [...lives, ...keep.map((p, i) => eh(`keep${i}`, p.consumerGroup))];
  return planChanges(state(decl, [managed({ prune: true, allowEmpty })]), [liveDb(live)], { now: NOW }).plan;
}

describe('safety rules', () => {
  it('a replacement needs --allow-replace or the per-manifest opt-in', () => {
    expect(checkSafety(replacePlan(), STRICT).map((r) => r.rule)).toEqual(['replace-not-allowed']);
    expect(checkSafety(replacePlan(), { ...STRICT, allowReplace: true })).toEqual([]);
    expect(checkSafety(replacePlan({ 'kustodian.io/allow-replace': 'true' }), STRICT)).toEqual([]);
  });

  it('a protected connection is never replaced, whatever the flags', () => {
    expect(checkSafety(replacePlan({ 'kustodian.io/protect': 'true' }), OPEN).map((r) => r.rule)).toEqual(['protected']);
    expect(checkSafety(replacePlan({}, ['r*']), OPEN).map((r) => r.rule)).toEqual(['protected']);
  });

  it('a deletion needs --allow-delete', () => {
    const plan = prunePlan(2, 1);
    expect(checkSafety(plan, STRICT).map((r) => r.rule)).toEqual(['delete-not-allowed', 'delete-not-allowed']);
    expect(checkSafety(plan, OPEN)).toEqual([]);
  });

  it('more deletions than --max-deletes refuse the whole apply', () => {
    const plan = prunePlan(4, 1);
    const deletes = plan.changes.filter((c) => c.action === 'delete').map((c) => c.address);
    expect(deletes).toHaveLength(4);
    expect(checkSafety(plan, { ...OPEN, maxDeletes: 3 })).toEqual([{ rule: 'too-many-deletes', count: 4, max: 3, addresses: deletes }]);
    expect(checkSafety(plan, { ...OPEN, maxDeletes: 4 })).toEqual([]);
  });

  it('a prune that deletes every connection of a database refuses unless allowed', () => {
    expect(checkSafety(prunePlan(3), OPEN).map((r) => r.rule)).toEqual(['empties-database']);
    expect(checkSafety(prunePlan(3, 0, true), OPEN)).toEqual([]);
    expect(checkSafety(prunePlan(3), { ...OPEN, allowEmptyDatabase: true })).toEqual([]);
    expect(checkSafety(prunePlan(3, 1), OPEN)).toEqual([]);
    // creating new connections does not make deleting every existing one less drastic
    expect(checkSafety(prunePlan(3, 0, false, 2), OPEN).map((r) => r.rule)).toEqual(['empties-database']);
  });

  it('every refusal says what to do', () => {
    const all = [...checkSafety(replacePlan(), STRICT), ...checkSafety(prunePlan(12), { ...STRICT })];
    for (const r of all) expect(describeRefusal(r)).toMatch(/--allow|--max-deletes|allowEmpty|protect/);
  });
});
