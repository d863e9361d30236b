/**
 * Saved plans, for any plan: written then read gives the same plan; any edit of one character
 * is either refused or leaves the plan exactly as it was (e.g. indentation); a truncated file is
 * refused; and reading never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlanFile, serialisePlanFile } from '../../src/plan/contract/plan-file.js';
import { randomPlan } from '../support/plans.js';

describe('saved plan properties', () => {
  it('round-trips, and refuses every tampering that changes the plan', () => {
    fc.assert(
      fc.property(randomPlan, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), fc.nat(), (plan, at, replacement, cut) => {
        const text = serialisePlanFile(plan, 'kustodian test');
        const read = parsePlanFile(text, 'plan.json');
        expect(read.ok && read.plan).toEqual(plan);

        const i = at % text.length;
        const edited = `${text.slice(0, i)}${replacement}${text.slice(i + 1)}`;
        const tampered = parsePlanFile(edited, 'plan.json');
        if (tampered.ok) expect(tampered.plan).toEqual(plan);
        else expect(tampered.diagnostic.code).toBe('KD204');

        const kept = text.slice(0, cut % text.length);
        if (kept.trim() !== text.trim()) expect(parsePlanFile(kept, 'plan.json').ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
