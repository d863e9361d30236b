/**
 * The reconcile metrics in the Prometheus text exposition format (version 0.0.4): HELP and TYPE
 * for every family, label values escaped, families in a fixed order.
 */
import type { ReconcileMetrics } from '../reconcile/metrics.js';
import { compareText } from '../core/order.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Sample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly Sample[];
}

function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function sampleLine(name: string, s: Sample): string {
  const labels = Object.entries(s.labels ?? {});
  const set = labels.length > 0 ? `{${labels.map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}` : '';
  return `${name}${set} ${Number.isFinite(s.value) ? String(s.value) : 'NaN'}`;
}

export function renderExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(sampleLine(f.name, s));
  }
  return `${lines.join('\n')}\n`;
}

export function renderReconcileMetrics(m: ReconcileMetrics): string {
  const results = ['converged', 'changed', 'failed'] as const;
  return renderExposition([
    {
      name: 'kustodian_reconcile_total',
      help: 'Reconcile rounds by result: converged (nothing to do), changed (changes applied), failed.',
      type: 'counter',
      samples: results.map((result) => ({ labels: { result }, value: m.rounds[result] })),
    },
    {
      name: 'kustodian_reconcile_duration_seconds',
      help: 'How long the last reconcile round took.',
      type: 'gauge',
      samples: m.lastDurationSeconds === undefined ? [] : [{ value: m.lastDurationSeconds }],
    },
    {
      name: 'kustodian_drift_connections',
      help: 'Connections an apply would change, per database, when last planned (before that round applied anything).',
      type: 'gauge',
      samples: Object.entries(m.driftByDatabase)
        .sort(([a], [b]) => compareText(a, b))
        .map(([database, value]) => ({ labels: { database }, value })),
    },
    {
      name: 'kustodian_refused_changes',
      help: 'Changes the safety rules held back in the last reconcile round (not written; see the report for each rule).',
      type: 'gauge',
      samples: [{ value: m.refusedChanges }],
    },
    {
      name: 'kustodian_last_success_timestamp_seconds',
      help: 'When a reconcile round last converged or applied its changes, in Unix seconds (0: not yet).',
      type: 'gauge',
      samples: [{ value: m.lastSuccessAt === undefined ? 0 : Date.parse(m.lastSuccessAt) / 1000 }],
    },
  ]);
}
