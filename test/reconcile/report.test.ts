/** The reconcile report of each kind of round, and its schema (schemas/v1/reconcile-report.schema.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { reconcileReport } from '../../src/reconcile/report.js';
import { outcomes } from './outcomes.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/v1/reconcile-report.schema.json'), 'utf8')) as object);
const context = { round: 1, writtenBy: 'kustodian test' };

describe('reconcile report', () => {
  it('every kind of round gives a report valid against the schema', async () => {
    for (const [name, outcome] of Object.entries(await outcomes())) {
      const report = JSON.parse(JSON.stringify(reconcileReport(outcome, { ...context, totals: { rounds: 3, converged: 1, changed: 1, failed: 1, lastSuccessAt: outcome.finishedAt } }))) as unknown;
      expect(validate(report), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the schema refuses another format version and unknown fields', async () => {
    const report = reconcileReport((await outcomes()).converged, context);
    expect(validate({ ...report, formatVersion: 2 })).toBe(false);
    expect(validate({ ...report, extra: true })).toBe(false);
  });

  it('says what each change became, and why a round failed', async () => {
    const all = await outcomes();
    expect(reconcileReport(all.converged, context)).toMatchObject({ result: 'converged', changes: [], drift: { 'in-sync': 2 } });
    expect(reconcileReport(all.changed, context).changes.map((c) => [c.address.split('/').pop(), c.status])).toEqual([['new-one', 'succeeded'], ['new-two', 'succeeded']]);
    const refused = reconcileReport(all.refused, context);
    expect(refused).toMatchObject({ result: 'failed', failedStage: 'safety', refusals: [{ rule: 'delete-not-allowed' }] });
    expect(refused.changes.map((c) => c.status)).toEqual(['not-run']);
    const failed = reconcileReport(all.applyFailed, context);
    expect(failed.failedStage).toBe('apply');
    expect(failed.changes.map((c) => [c.address.split('/').pop(), c.status, c.error?.code])).toEqual([['new-one', 'failed', 'EventHubValidationErorFound'], ['new-two', 'succeeded', undefined]]);
    const forbidden = reconcileReport(all.forbidden, context);
    expect(forbidden.changes.map((c) => c.error?.requiredAction)).toEqual(['Microsoft.Kusto/clusters/databases/dataConnections/write', undefined]);
    const planFailed = reconcileReport(all.planFailed, context);
    expect([planFailed.failedStage, planFailed.plan, planFailed.diagnostics.map((d) => d.code)]).toEqual(['plan', undefined, ['KD404']]);
  });
});
