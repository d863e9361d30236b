import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parsePlanFile, serialisePlanFile } from '../../src/plan/contract/plan-file.js';
import { renderPlanJson } from '../../src/render/json.js';
import { allActionsPlan, noChangesPlan } from '../render/fixtures.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/v1/plan.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

describe('plan JSON format', () => {
  it.each([['all actions', allActionsPlan], ['no changes', noChangesPlan]])('%s: the JSON form validates against schemas/v1/plan.schema.json', (_, make) => {
    const ok = validate(JSON.parse(renderPlanJson(make())));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects what the format does not allow', () => {
    const plan = JSON.parse(renderPlanJson(allActionsPlan())) as { formatVersion: number; changes: Array<Record<string, unknown>> };
    expect(validate({ ...plan, formatVersion: 1 })).toBe(false);
    const broken = { ...plan, changes: [{ ...plan.changes[0], action: 'create', after: undefined }] };
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
  });
});

describe('saved plan files', () => {
  const text = serialisePlanFile(allActionsPlan(), 'kustodian test');

  it('round-trip exactly', () => {
    const parsed = parsePlanFile(text, 'plan.json');
    expect(parsed).toEqual({ ok: true, plan: allActionsPlan() });
  });

  it.each([
    ['not JSON', (t: string) => t.slice(0, 40), /not valid JSON/],
    ['another format version', (t: string) => t.replace('"formatVersion": 2', '"formatVersion": 99'), /format version 99 \(written by kustodian test\); this kustodian reads version 2 only/],
    ['the previous format version', (t: string) => t.replace('"formatVersion": 2', '"formatVersion": 1'), /format version 1 \(written by kustodian test\); this kustodian reads version 2 only/],
    ['no format version', (t: string) => t.replace('"formatVersion": 2,', ''), /has no format version/],
    ['hand-edited', (t: string) => t.replace('"to create"', '"x"').replace('"Telemetry"', '"Other"'), /modified after it was written/],
    ['not a plan', () => '{"hello": 1}', /not a kustodian plan file/],
  ])('are refused when %s', (_, mangle, message) => {
    const parsed = parsePlanFile(mangle(text), 'plan.json');
    if (parsed.ok) throw new Error('expected a refusal');
    expect(parsed.diagnostic.code).toBe('KD204');
    expect(parsed.diagnostic.message).toMatch(message);
  });
});
