/**
 * The saved plan (`plan --out FILE`, `apply --plan FILE`): the plan's public JSON form
 * (contract/, format version 2) wrapped with the format version and an integrity checksum over
 * its canonical JSON, so a hand-edited or truncated file is refused rather than applied. Other
 * format versions are refused too, saying which version the file has and to plan again.
 *
 * A matching checksum proves only that the file is what some writer meant, not that the writer
 * was this tool (anyone can compute a SHA-256), so the body is then decoded strictly: against
 * schemas/v1/plan.schema.json (its precompiled validator), and for the order of its changes —
 * each address once, every `dependsOn` naming a change of the plan, and no loop, which would
 * make the applier wait on itself.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { canonicalJson, sha256 } from '../fingerprint.js';
import type { Plan } from '../model.js';
import { PLAN_FORMAT_VERSION, type PublicPlan } from './types.js';
import { toPublicPlan } from './to-public.js';
import { fromPublicPlan } from './from-public.js';
import { PLAN_CODES } from '../codes.js';
import { danglingDependencies, dependencyCycles } from '../dependencies.js';
import { planSchemaProblem } from './plan-validator.generated.js';

export const PLAN_FILE_KIND = 'kustodian-plan';

export interface PlanFile {
  readonly kind: typeof PLAN_FILE_KIND;
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  /** Tool version that wrote it, for people. */
  readonly writtenBy: string;
  /** `sha256:` of the canonical JSON of `plan`. */
  readonly integrity: string;
  readonly plan: PublicPlan;
}

export function serialisePlanFile(plan: Plan, writtenBy: string): string {
  const body = toPublicPlan(plan);
  const file: PlanFile = {
    kind: PLAN_FILE_KIND,
    formatVersion: PLAN_FORMAT_VERSION,
    writtenBy,
    integrity: `sha256:${sha256(canonicalJson(body))}`,
    plan: body,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type ParsedPlanFile = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly diagnostic: Diagnostic };

function refuse(file: string, message: string, hint: string): ParsedPlanFile {
  return { ok: false, diagnostic: { severity: 'error', code: PLAN_CODES.badPlanFile, message, hint, source: { file, line: 1, col: 1 } } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parsePlanFile(text: string, file: string): ParsedPlanFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refuse(file, 'the saved plan is not valid JSON', 'save the plan again with `kustodian plan --out FILE`');
  }
  if (!isRecord(data) || data['kind'] !== PLAN_FILE_KIND) {
    return refuse(file, 'this is not a kustodian plan file', 'pass a file written by `kustodian plan --out FILE`');
  }
  if (data['formatVersion'] !== PLAN_FORMAT_VERSION) return refuseVersion(file, data['formatVersion'], data['writtenBy']);
  const plan = data['plan'];
  if (!isRecord(plan) || !Array.isArray(plan['changes'])) {
    return refuse(file, 'the saved plan has no plan body', 'save the plan again with `kustodian plan --out FILE`');
  }
  const expected = `sha256:${sha256(canonicalJson(plan))}`;
  if (data['integrity'] !== expected) {
    return refuse(file, 'the saved plan was modified after it was written (integrity check failed)', 'plan again; never edit a saved plan');
  }
  const problem = planSchemaProblem(plan);
  if (problem !== undefined) {
    return refuse(file, `the saved plan is not a plan of format version ${PLAN_FORMAT_VERSION}: ${problem}`, 'plan again with `kustodian plan --out FILE`; never write a saved plan by hand');
  }
  // The schema holds the shape of a public plan of this format version.
  return checkOrder(fromPublicPlan(plan as unknown as PublicPlan), file);
}

/** A saved plan of another format version: which one, who wrote it, and to plan again. */
function refuseVersion(file: string, version: unknown, writtenBy: unknown): ParsedPlanFile {
  const by = typeof writtenBy === 'string' ? ` (written by ${writtenBy.slice(0, 80)})` : '';
  const older = typeof version === 'number' && version < PLAN_FORMAT_VERSION;
  const has = version === undefined ? 'no format version' : `format version ${(JSON.stringify(version) ?? String(version)).slice(0, 40)}`;
  return refuse(
    file,
    `the saved plan has ${has}${by}; this kustodian reads version ${PLAN_FORMAT_VERSION} only`,
    older
      ? 'saved plans are not converted between versions: plan again with this kustodian (`kustodian plan --out FILE`), then apply that plan'
      : 'apply it with the kustodian that wrote it, or plan again with this one (`kustodian plan --out FILE`)',
  );
}

/** The changes' addresses and dependencies make an order the applier can follow. */
function checkOrder(plan: Plan, file: string): ParsedPlanFile {
  const deps = new Map<string, readonly string[]>();
  for (const change of plan.changes) {
    if (deps.has(change.address)) {
      return refuse(file, `the saved plan holds two changes of ${change.address}`, 'plan again with `kustodian plan --out FILE`; never write a saved plan by hand');
    }
    deps.set(change.address, change.dependsOn);
  }
  const dangling = danglingDependencies(deps)[0];
  if (dangling !== undefined) {
    return refuse(file, `the saved plan's change of ${dangling.address} waits for ${dangling.dependency}, which the plan does not change`, 'plan again with `kustodian plan --out FILE`; never write a saved plan by hand');
  }
  const cycle = dependencyCycles(deps)[0];
  if (cycle !== undefined) {
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        code: PLAN_CODES.dependencyCycle,
        message: `the saved plan's changes wait for each other in a loop, so no order works: ${[...cycle, cycle[0]].join(' -> ')}`,
        hint: 'plan again with `kustodian plan --out FILE` (the planner refuses such a plan); never write a saved plan by hand',
        source: { file, line: 1, col: 1 },
      },
    };
  }
  return { ok: true, plan };
}
