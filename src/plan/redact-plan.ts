/**
 * A plan fit to show and to save: every string that came from the service or from the
 * environment (live values in `before`, reasons, notes, the service's validation answers,
 * addresses) passes through `redact`. Two things are left exactly as they are, because apply
 * acts on them: `after` (what will be written; it comes from manifests, where the loader already
 * refuses credentials) and `target` (where it will be written). Fingerprints are hashes of the
 * raw live objects, so a saved plan's staleness check still works. Reason codes are the planner's
 * own words, never foreign text, and must stay codes the plan format knows.
 */
import { redact } from '../core/redact.js';
import type { Plan } from './model.js';

const KEPT: ReadonlySet<string> = new Set(['after', 'target', 'reasonCode']);

function redactValue(value: unknown, clean: (s: string) => string): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, clean));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = KEPT.has(key) ? v : redactValue(v, clean);
    return out;
  }
  return value;
}

export function redactPlan(plan: Plan, env: Readonly<Record<string, string | undefined>>): Plan {
  // Only string leaves change, so the result has the plan's shape.
  return redactValue(plan, (s) => redact(s, env)) as Plan;
}
