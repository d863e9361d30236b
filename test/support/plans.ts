/**
 * Random plans for property tests: the real planner over random declared and live sets that
 * produce every action (creates, in-place updates, replacements, deletions, waits for a freed
 * consumer group).
 */
import fc from 'fast-check';
import type { LiveConnection } from '../../src/core/model.js';
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import { MINIMAL, desired, live, liveDb, managed, state } from './builders.js';

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];
const GROUPS = ['g1', 'g2', 'g3', 'g4'];

const declared = fc.record({ name: fc.constantFrom(...NAMES), group: fc.constantFrom(...GROUPS), format: fc.constantFrom('JSON', 'CSV') });
const existing = fc.record({ name: fc.constantFrom(...NAMES), group: fc.constantFrom(...GROUPS), format: fc.constantFrom('JSON', 'CSV'), state: fc.constantFrom('Succeeded', 'Succeeded', 'Failed', 'Creating') });

/** Plans of up to six Event Hub connections in one pruned database; names and pairs unique per side. */
export const randomPlan: fc.Arbitrary<Plan> = fc
  .tuple(
    fc.uniqueArray(declared, { selector: (d) => d.name, maxLength: 6 }),
    fc.uniqueArray(existing, { selector: (l) => l.name, maxLength: 6 }),
  )
  .map(([ds, ls]) => {
    const uniqueDs = ds.filter((d, i) => ds.findIndex((x) => x.group === d.group) === i);
    const uniqueLs = ls.filter((l, i) => ls.findIndex((x) => x.group === l.group) === i);
    const liveConnections: LiveConnection[] = uniqueLs.map((l) => live(l.name, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: l.group, dataFormat: l.format, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] }, { state: l.state }));
    return planChanges(
      state(uniqueDs.map((d) => desired(d.name, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: d.group, dataFormat: d.format })), [managed({ prune: true, allowEmpty: true })]),
      [liveDb(liveConnections)],
      { now: '2026-01-01T00:00:00.000Z' },
    );
  })
  .filter((r) => r.diagnostics.every((d) => d.severity !== 'error'))
  .map((r) => r.plan);
