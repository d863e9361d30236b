/** Metrics folded from round outcomes, and their Prometheus text (golden). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_ROUNDS, recordRound } from '../../src/reconcile/metrics.js';
import { renderExposition, renderReconcileMetrics } from '../../src/render/metrics.js';
import { expectGolden } from '../support/golden.js';
import { outcomes } from './outcomes.js';

const DB1 = '00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase';
const DB2 = '00000000-0000-0000-0000-000000000000/testrg/mykustocluster/analyticsdb';
/** A sample line of the text format: name, optional labels, a number. */
const SAMPLE = /^[a-z_]+(\{([a-z_]+="([^"\\\n]|\\["\\n])*",?)+\})? (-?\d+(\.\d+)?(e[+-]?\d+)?|NaN)$/;

describe('reconcile metrics', () => {
  it('counts rounds by result, keeps the last plan’s drift per database and the last success through failures', async () => {
    const all = await outcomes();
    let m = recordRound(NO_ROUNDS, all.changed);
    expect(m.driftByDatabase).toEqual({ [DB1]: 2, [DB2]: 0 });
    expect(m.lastSuccessAt).toBe(all.changed.finishedAt);
    m = recordRound(m, all.planFailed);
    expect(m.rounds).toEqual({ converged: 0, changed: 1, failed: 1 });
    expect(m.driftByDatabase).toEqual({ [DB1]: 2, [DB2]: 0 });
    expect(m.lastSuccessAt).toBe(all.changed.finishedAt);
    expect(m.lastDurationSeconds).toBe(all.planFailed.durationMs / 1000);
    m = recordRound(m, all.converged);
    expect(m.driftByDatabase).toEqual({ [DB1]: 0, [DB2]: 0 });
    expect(m.lastSuccessAt).toBe(all.converged.finishedAt);
  });

  it('renders the text exposition format (golden), every sample line well-formed', async () => {
    const all = await outcomes();
    const text = renderReconcileMetrics([all.changed, all.planFailed, all.converged].reduce(recordRound, NO_ROUNDS));
    expectGolden(text, join(import.meta.dirname, 'golden', 'metrics.txt'));
    for (const line of text.trimEnd().split('\n').filter((l) => !l.startsWith('# '))) expect(line).toMatch(SAMPLE);
  });

  it('before any round: counters at 0, no duration, last success 0', () => {
    expect(renderReconcileMetrics(NO_ROUNDS)).toContain('kustodian_reconcile_total{result="failed"} 0\n# HELP kustodian_reconcile_duration_seconds');
    expect(renderReconcileMetrics(NO_ROUNDS)).toContain('\nkustodian_last_success_timestamp_seconds 0\n');
  });

  it('escapes label values', () => {
    const text = renderExposition([{ name: 'x', help: 'h', type: 'gauge', samples: [{ labels: { database: 'a"b\\c\nd' }, value: 1 }] }]);
    expect(text).toBe('# HELP x h\n# TYPE x gauge\nx{database="a\\"b\\\\c\\nd"} 1\n');
  });
});
