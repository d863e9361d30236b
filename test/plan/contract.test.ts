/**
 * The public plan contract (src/plan/contract/, schemas/v1/plan.schema.json): the converter
 * round-trips every plan exactly, its output validates against the schema, the fixtures set
 * every member the schema knows (so the round trip exercises them all), and the schema refuses
 * what the format does not allow. A member added to the internal model and not to the converter
 * fails the round trip; one the converter writes and the schema does not know fails validation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPublicPlan } from '../../src/plan/contract/from-public.js';
import { toPublicPlan } from '../../src/plan/contract/to-public.js';
import { PLAN_FORMAT_VERSION } from '../../src/plan/contract/types.js';
import type { Plan } from '../../src/plan/model.js';
import { parsePlanFile, serialisePlanFile } from '../../src/plan/contract/plan-file.js';
import { CHANGE_REASON_CODES, REPORT_REASON_CODES } from '../../src/plan/reasons.js';
import { renderPlanJson } from '../../src/render/json.js';
import { allActionsPlan, noChangesPlan } from '../render/fixtures.js';
import { randomPlan } from '../support/plans.js';
import { PREREQUISITE_CODES } from '../../src/plan/prerequisites.js';

type Json = Record<string, unknown>;

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/v1/plan.schema.json'), 'utf8')) as Json & { $defs: Record<string, Json> };
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function valid(value: unknown): boolean {
  const ok = validate(value);
  if (!ok) expect(validate.errors).toEqual([]);
  return ok;
}

/** The all-actions plan with every optional member set: readiness with every rule, a shard, a warning, the service's answers. */
function fullPlan(): Plan {
  const plan = allActionsPlan();
  const [first, ...rest] = plan.changes;
  if (!first) throw new Error('the all-actions plan has changes');
  const a = first.address;
  return {
    ...plan,
    changes: [{ ...first, remoteValidation: ['the table does not exist'] }, ...rest],
    shard: { index: 1, count: 2 },
    partial: true,
    warnings: [
      { severity: 'warning', code: 'KD206', message: 'not asked', hint: 'ask again', address: a },
      { severity: 'warning', code: 'KD206', message: 'not asked', source: { file: 'manifests/a.yaml', line: 3, col: 5 } },
    ],
    readiness: {
      optIns: { allowReplace: false, allowDelete: false, maxDeletes: 0, allowEmptyDatabase: false },
      refusals: [
        { rule: 'protected', address: a, action: 'replace', addresses: [a] },
        { rule: 'replace-not-allowed', address: a, addresses: [a] },
        { rule: 'delete-not-allowed', address: a, addresses: [a] },
        { rule: 'too-many-deletes', count: 1, max: 0, addresses: [a] },
        { rule: 'empties-database', database: 'sub/rg/cluster/db', count: 1, addresses: [a] },
        { rule: 'service-refuses', address: a, messages: ['no such table'], addresses: [a] },
        { rule: 'depends-on-refused', address: a, dependency: a, addresses: [a] },
      ],
    },
    prerequisites: [
      {
        address: a,
        checks: [
          { code: 'KD701', status: 'pass', subject: "table 'Events' in database 'db'" },
          { code: 'KD704', status: 'could-not-check', subject: "consumer group 'cg'", message: 'forbidden', hint: 'Reader on the event hub' },
          { code: 'KD713', status: 'fail', subject: 'role of the cluster identity', message: 'no role grants the data actions', hint: 'assign Azure Event Hubs Data Receiver' },
        ],
      },
    ],
  };
}

const PLANS: ReadonlyArray<[string, () => Plan]> = [
  ['all actions', allActionsPlan],
  ['no changes', noChangesPlan],
  ['every optional member', fullPlan],
];

/** Every member name the schema declares (the free-form `properties` map of a body aside). */
function schemaMembers(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) schemaMembers(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v !== null && typeof v === 'object') {
        // A map of member name → schema: the names are members, not keywords. `then` blocks
        // only forbid members (`false`); they declare none.
        for (const [name, sub] of Object.entries(v)) {
          if (sub !== false) out.add(name);
          schemaMembers(sub, out);
        }
      } else schemaMembers(v, out);
    }
  }
  return out;
}

/** Every member name a JSON value holds (a body's `properties` map aside: its keys are Azure's). */
function instanceMembers(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) instanceMembers(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.add(k);
      if (k !== 'properties') instanceMembers(v, out);
    }
  }
  return out;
}

describe('the public plan contract', () => {
  it.each(PLANS)('%s: internal → public → internal gives the same plan', (_, make) => {
    expect(fromPublicPlan(toPublicPlan(make()))).toEqual(make());
  });

  it.each(PLANS)('%s: the public form validates against schemas/v1/plan.schema.json, as `plan -o json` prints it', (_, make) => {
    expect(valid(JSON.parse(renderPlanJson(make())))).toBe(true);
    expect(toPublicPlan(make()).formatVersion).toBe(PLAN_FORMAT_VERSION);
  });

  it('the fixtures set every member the schema declares, so the round trip covers them all', () => {
    const seen = new Set<string>();
    for (const [, make] of PLANS) instanceMembers(toPublicPlan(make()), seen);
    const missing = [...schemaMembers(schema)].filter((m) => !seen.has(m));
    expect(missing).toEqual([]);
  });

  it('any plan the planner makes round-trips and validates', () => {
    fc.assert(
      fc.property(randomPlan, (plan) => {
        const json = JSON.parse(renderPlanJson(plan)) as unknown;
        expect(valid(json)).toBe(true);
        expect(fromPublicPlan(toPublicPlan(plan))).toEqual(plan);
      }),
      { numRuns: 200 },
    );
  });

  it('the public form shares no object with the internal model', () => {
    const plan = fullPlan();
    const pub = toPublicPlan(plan) as unknown as { changes: Json[]; readiness: { refusals: Json[] } };
    expect(pub.changes[0]?.['target']).not.toBe(plan.changes[0]?.target);
    expect(pub.changes[0]?.['dependsOn']).not.toBe(plan.changes[0]?.dependsOn);
    expect(pub.readiness.refusals[0]).not.toBe(plan.readiness?.refusals[0]);
  });

  it("the schema's prerequisite codes are exactly the checks'", () => {
    expect(schema.$defs['prerequisites']).toMatchObject({ properties: { checks: { items: { properties: { code: { enum: Object.values(PREREQUISITE_CODES) } } } } } });
  });

  it("the schema's reason codes are exactly the planner's", () => {
    expect(schema.$defs['changeReason']).toMatchObject({ properties: { code: { enum: [...CHANGE_REASON_CODES] } } });
    expect(schema.$defs['reportReason']).toMatchObject({ properties: { code: { enum: [...REPORT_REASON_CODES] } } });
  });

  describe('the schema refuses what the format does not allow', () => {
    const base = (): Json & { changes: Json[]; unmanaged: Json[]; inProgress: Json[]; warnings: Json[] } => JSON.parse(renderPlanJson(fullPlan())) as never;
    const byAction = (p: { changes: Json[] }, action: string): Json => {
      const c = p.changes.find((x) => x['action'] === action);
      if (!c) throw new Error(`no ${action} in the fixture`);
      return c;
    };
    it.each<[string, (p: ReturnType<typeof base>) => void]>([
      ['a member it does not know on a change', (p) => void (byAction(p, 'update')['extra'] = 1)],
      ['a member it does not know on a diagnostic', (p) => void ((p.warnings[0] as Json)['extra'] = 1)],
      ['a reason as bare text (format version 1)', (p) => void (byAction(p, 'create')['reason'] = 'declared, not live')],
      ['an unknown reason code', (p) => void (byAction(p, 'create')['reason'] = { code: 'create.because', text: 'x' })],
      ['a reason without its text', (p) => void (byAction(p, 'delete')['reason'] = { code: 'delete.pruned' })],
      ['a reported connection with a note instead of a reason', (p) => void ((p.inProgress[0] as Json)['note'] = 'x')],
      ['a create with a before', (p) => void (byAction(p, 'create')['before'] = byAction(p, 'delete')['before'])],
      ['an update with a strategy', (p) => void (byAction(p, 'update')['strategy'] = 'default')],
      ['a delete with an after', (p) => void (byAction(p, 'delete')['after'] = byAction(p, 'create')['after'])],
      ['a refusal without what its rule needs', (p) => void delete ((p['readiness'] as { refusals: Json[] }).refusals[3] as Json)['max']],
    ])('%s', (_, edit) => {
      const p = base();
      expect(validate(p)).toBe(true);
      edit(p);
      expect(validate(p)).toBe(false);
    });
  });
});

describe('saved plans and the format version', () => {
  it('a saved plan holds the public form, and reads back as the plan it was made from', () => {
    const text = serialisePlanFile(fullPlan(), 'kustodian test');
    const file = JSON.parse(text) as { formatVersion: number; plan: unknown };
    expect(file.formatVersion).toBe(PLAN_FORMAT_VERSION);
    expect(file.plan).toEqual(toPublicPlan(fullPlan()));
    expect(parsePlanFile(text, 'plan.json')).toEqual({ ok: true, plan: fullPlan() });
  });

  it('a plan saved by the previous version (format 1) is refused, naming the version and saying to plan again', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures/saved-plan-v1.json'), 'utf8');
    const parsed = parsePlanFile(text, 'old-plan.json');
    if (parsed.ok) throw new Error('expected a refusal');
    expect(parsed.diagnostic).toMatchObject({ severity: 'error', code: 'KD204', source: { file: 'old-plan.json', line: 1, col: 1 } });
    expect(parsed.diagnostic.message).toBe('the saved plan has format version 1 (written by kustodian 0.1.0); this kustodian reads version 2 only');
    expect(parsed.diagnostic.hint).toMatch(/^saved plans are not converted between versions: plan again with this kustodian \(`kustodian plan --out FILE`\)/);
  });
});
