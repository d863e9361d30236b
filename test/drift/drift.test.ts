import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { driftReport, hasDrift } from '../../src/drift/report.js';
import { renderDriftJson, renderDriftJunit, renderDriftMarkdown, renderDriftText } from '../../src/render/drift.js';
import { PLAIN } from '../../src/render/style.js';
import { planChanges } from '../../src/plan/planner.js';
import { expectGolden } from '../support/golden.js';
import { MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';
import { allActionsPlan, noChangesPlan } from '../render/fixtures.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const XSD = readFileSync(join(import.meta.dirname, 'junit.xsd'), 'utf8');

function everyCategory() {
  const plan = planChanges(
    state([
      desired('in-sync', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'a' }),
      desired('drifted', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'b' }),
      desired('missing', 'EventHub'),
      desired('failed', 'EventGrid'),
      desired('busy', 'CosmosDb'),
    ]),
    [
      liveDb([
        live('in-sync', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'a' }),
        live('drifted', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'b', dataFormat: 'JSON', tableName: 'Other & <stuff>' }),
        live('failed', 'EventGrid', MINIMAL.EventGrid, { state: 'Failed' }),
        live('busy', 'CosmosDb', MINIMAL.CosmosDb, { state: 'Creating' }),
        live('stranger', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'zzz' }),
      ]),
    ],
    { now: '2026-11-30T12:00:00.000Z' },
  ).plan;
  return driftReport(plan);
}

describe('drift report', () => {
  it('classifies every connection in one category', () => {
    const report = everyCategory();
    expect(report.entries.map((e) => [e.target.name, e.status])).toEqual([
      ['busy', 'in-progress'], ['drifted', 'drifted'], ['failed', 'failed'], ['in-sync', 'in-sync'], ['missing', 'missing'], ['stranger', 'unmanaged'],
    ]);
    expect(report.summary).toEqual({ 'in-sync': 1, drifted: 1, missing: 1, unmanaged: 1, 'in-progress': 1, failed: 1 });
    const drifted = report.entries.find((e) => e.status === 'drifted');
    expect(drifted?.fields).toEqual([
      { path: 'tableName', expected: 'StormEvents', actual: 'Other & <stuff>' },
      { path: 'dataFormat', expected: 'CSV', actual: 'JSON' },
    ]);
  });

  it('drift means an apply would change something', () => {
    expect(hasDrift(driftReport(noChangesPlan()))).toBe(false);
    expect(hasDrift(everyCategory())).toBe(true);
    const onlyUnmanaged = planChanges(state([]), [liveDb([live('x', 'EventHub', MINIMAL.EventHub)])], { now: 'x' }).plan;
    expect(hasDrift(driftReport(onlyUnmanaged))).toBe(false);
    const pruned = planChanges(state([], [managed({ prune: true })]), [liveDb([live('x', 'EventHub', MINIMAL.EventHub)])], { now: 'x' }).plan;
    expect(hasDrift(driftReport(pruned))).toBe(true);
  });

  it.each([
    ['text', (r: ReturnType<typeof everyCategory>) => renderDriftText(r, PLAIN), 'drift.txt'],
    ['json', renderDriftJson, 'drift.json'],
    ['markdown', renderDriftMarkdown, 'drift.md'],
    ['junit', renderDriftJunit, 'drift.xml'],
  ])('%s output (golden)', (_, render, file) => {
    expectGolden(render(everyCategory()), join(GOLDEN, file));
  });

  it.each([['every category', everyCategory], ['all actions', () => driftReport(allActionsPlan())], ['no changes', () => driftReport(noChangesPlan())]])(
    'JUnit output for %s is valid against the JUnit schema',
    async (_, make) => {
      const result = await validateXML({ xml: [{ fileName: 'drift.xml', contents: renderDriftJunit(make()) }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );

  it('the JUnit schema check can fail', async () => {
    const broken = renderDriftJunit(everyCategory()).replace('<testcase classname=', '<testcase nope="1" classname=');
    const result = await validateXML({ xml: [{ fileName: 'drift.xml', contents: broken }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
    expect(result.valid).toBe(false);
  });
});

describe('drift JSON format', () => {
  it('validates against schemas/v1/drift.schema.json', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const addFormats = (await import('ajv-formats')).default;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/v1/drift.schema.json'), 'utf8')) as object);
    expect(validate(JSON.parse(renderDriftJson(everyCategory())))).toBe(true);
    expect(validate({ ...JSON.parse(renderDriftJson(everyCategory())), formatVersion: 2 })).toBe(false);
  });
});
