/** Rules that must hold for every input: normalisation is idempotent, diffing never throws and is symmetric in what it reports. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS, KIND_SPECS } from '../../src/core/kinds.js';
import type { LiveConnection, PropertyValue } from '../../src/core/model.js';
import { diffConnection } from '../../src/plan/diff.js';
import { comparableProperties, comparableValue, locationKey } from '../../src/plan/normalise.js';
import { planChanges } from '../../src/plan/planner.js';
import { desired, live, liveDb, state } from '../support/builders.js';

const value: fc.Arbitrary<PropertyValue> = fc.oneof(fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 4 }));
const kind = fc.constantFrom(...CONNECTION_KINDS);
const propsOf = (k: (typeof CONNECTION_KINDS)[number]) =>
  fc.dictionary(fc.constantFrom(...Object.keys(KIND_SPECS[k].properties), 'provisioningState', 'somethingNew'), value, { maxKeys: 8 });

describe('normalisation and diff properties', () => {
  it('normalisation is idempotent for every property of every kind', () => {
    fc.assert(
      fc.property(kind, value, fc.nat(), (k, v, i) => {
        const specs = Object.values(KIND_SPECS[k].properties);
        const spec = specs[i % specs.length];
        if (!spec) return;
        const once = comparableValue(spec, v);
        expect(comparableValue(spec, once)).toEqual(once);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (l) => {
        expect(locationKey(locationKey(l))).toBe(locationKey(l));
      }),
    );
  });

  it('diffing any two connections never throws, and a connection never differs from itself', () => {
    fc.assert(
      fc.property(
        kind.chain((k) => fc.tuple(fc.constant(k), propsOf(k), fc.string(), fc.string())),
        fc.constantFrom(...CONNECTION_KINDS, 'SomethingElse'),
        fc.dictionary(fc.string(), value, { maxKeys: 6 }),
        ([k, props, loc, liveLoc], liveKind, liveProps) => {
          const d = desired('x', k, props, { location: loc });
          const l: LiveConnection = live('x', liveKind, liveProps, { location: liveLoc });
          const diff = diffConnection(d, l);
          expect(diff.replacePaths.every((p) => diff.fieldChanges.some((c) => c.path === p))).toBe(true);
          const self: LiveConnection = live('x', k, comparableProperties(k, props), { location: loc });
          expect(diffConnection(d, self).fieldChanges).toEqual([]);
        },
      ),
    );
  });

  it('the diff is symmetric in what it reports: the fields that differ are the same both ways', () => {
    fc.assert(
      fc.property(kind.chain((k) => fc.tuple(fc.constant(k), propsOf(k), propsOf(k))), ([k, a, b]) => {
        const ab = diffConnection(desired('x', k, a), live('x', k, b)).fieldChanges.map((c) => c.path);
        const ba = diffConnection(desired('x', k, b), live('x', k, a)).fieldChanges.map((c) => c.path);
        // server-computed fields are compared only when declared, so they may differ one way
        const computed = (p: string) => KIND_SPECS[k].properties[p]?.serverComputed === true;
        expect(ab.filter((p) => !computed(p)).sort()).toEqual(ba.filter((p) => !computed(p)).sort());
      }),
    );
  });

  it('the planner never throws on any declared and live sets', () => {
    fc.assert(
      fc.property(
        fc.array(kind.chain((k) => fc.tuple(fc.constant(k), propsOf(k), fc.stringMatching(/^[a-z]{1,6}$/))), { maxLength: 5 }),
        fc.array(fc.tuple(fc.constantFrom(...CONNECTION_KINDS, 'Unknown'), fc.dictionary(fc.string(), value, { maxKeys: 5 }), fc.stringMatching(/^[a-z]{1,6}$/)), { maxLength: 5 }),
        (ds, ls) => {
          const result = planChanges(state(ds.map(([k, p, n]) => desired(n, k, p))), [liveDb(ls.map(([k, p, n]) => live(n, k, p)))], { now: 'now' });
          expect(result.plan.summary.create + result.plan.summary.update + result.plan.summary.replace + result.plan.summary.noOp).toBeLessThanOrEqual(ds.length);
        },
      ),
    );
  });
});
