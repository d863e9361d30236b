/**
 * Azure Monitor's metrics of a Kusto cluster, from the ingestion model (ingestion.ts: each batch
 * is an event count processed or dropped by its data connection):
 *
 *   GET {clusterId}/providers/Microsoft.Insights/metrics?api-version=…&metricnames=EventsProcessed,EventsDropped
 *       [&timespan=START/END][&interval=PT1M][&aggregation=Total][&$filter=ComponentName eq 'name' [and ComponentType eq 'EventHub']]
 *
 * Answered as Azure Monitor's `Response`: `{ cost, timespan, interval, value: [Metric], namespace,
 * resourceregion }`, each Metric `{ id, type: "Microsoft.Insights/metrics", name: { value,
 * localizedValue }, displayDescription, unit: "Count", timeseries: [{ metadatavalues, data:
 * [{ timeStamp, total? , count?, … }] }], errorCode: "Success" }` (REST reference "Metrics - List",
 * api-version 2023-10-01). ADX's metrics and dimensions: "Supported metrics for
 * Microsoft.Kusto/clusters" (EventsProcessed, EventsDropped: ComponentType, ComponentName).
 * Defaults as the service's: the last hour, PT1M, Average. A dimension filtered with `eq '*'`
 * splits the series by its values.
 */
import { ArmError } from '../arm/errors.js';
import type { ApiResponse } from '../arm/api-types.js';
import type { ClusterAddress } from '../arm/ids.js';
import { resolveCluster } from '../arm/resolve.js';
import type { EmulatorCore } from '../state/core.js';
import type { MetricPoint } from './ingestion.js';

/** Azure Monitor metrics' api-versions (@azure/arm-monitor sends 2018-01-01 or 2023-10-01). */
export const METRICS_API_VERSIONS = ['2018-01-01', '2019-07-01', '2021-05-01', '2023-10-01', '2024-02-01'] as const;

const METRICS = {
  EventsProcessed: { localized: 'Events processed', description: 'Number of events processed by the cluster when ingesting from Event/IoT Hub', of: (p: MetricPoint) => p.processed },
  EventsDropped: { localized: 'Events dropped', description: 'Number of events dropped permanently by data connection', of: (p: MetricPoint) => p.dropped },
} as const;
type MetricName = keyof typeof METRICS;

const DIMENSIONS = { componentname: 'ComponentName', componenttype: 'ComponentType' } as const;
type Dimension = (typeof DIMENSIONS)[keyof typeof DIMENSIONS];
const AGGREGATIONS = ['Total', 'Count', 'Average', 'Maximum', 'Minimum'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];
const MAX_POINTS = 10_000;

function bad(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}

function metricNames(text: string | null): MetricName[] {
  const names = (text ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw bad('metricnames is required: EventsProcessed, EventsDropped');
  return names.map((n) => {
    const known = (Object.keys(METRICS) as MetricName[]).find((m) => m.toLowerCase() === n.toLowerCase());
    if (known === undefined) throw bad(`Failed to find metric configuration for provider: Microsoft.Kusto, resource Type: clusters, metric: ${n}, Valid metrics: ${Object.keys(METRICS).join(',')}`);
    return known;
  });
}

/** ISO 8601 durations Azure Monitor takes for `interval` (PT1M, PT5M, PT1H, P1D, …). */
function intervalMs(text: string | null): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text ?? 'PT1M');
  const ms = m === null ? NaN : (Number(m[1] ?? 0) * 24 * 60 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 60_000;
  if (!(ms >= 60_000)) throw bad(`Invalid interval '${text ?? ''}': an ISO 8601 duration of a minute or more (PT1M, PT1H, P1D)`);
  return ms;
}

function timespan(text: string | null, now: number): [number, number] {
  if (text === null) return [now - 3_600_000, now];
  const [a = '', b = ''] = text.split('/');
  const start = Date.parse(a);
  const end = Date.parse(b);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) throw bad(`Invalid timespan '${text}': START/END in ISO 8601`);
  return [start, end];
}

/** `ComponentName eq 'x' and ComponentType eq 'y'`: each dimension's value, `*` to split by it. */
function filterOf(text: string | null): Map<Dimension, string> {
  const filter = new Map<Dimension, string>();
  if (text === null || text.trim() === '') return filter;
  for (const part of text.split(/\s+and\s+/i)) {
    const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(part);
    const dim = m === null ? undefined : DIMENSIONS[(m[1] ?? '').toLowerCase() as keyof typeof DIMENSIONS];
    if (m === null || dim === undefined) throw bad(`Invalid $filter '${text}': the dimensions are ComponentName and ComponentType, compared with eq '…'`);
    filter.set(dim, m[2] ?? '');
  }
  return filter;
}

function aggregate(values: readonly number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case 'Total':
      return values.reduce((a, b) => a + b, 0);
    case 'Count':
      return values.length;
    case 'Average':
      return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
    case 'Maximum':
      return values.length === 0 ? 0 : Math.max(...values);
    case 'Minimum':
      return values.length === 0 ? 0 : Math.min(...values);
  }
}

const dimValue = (p: MetricPoint, d: Dimension): string => (d === 'ComponentName' ? p.component : p.componentType);

/** One series per combination of the filtered dimensions' values (`*`: every value seen). */
function series(points: readonly MetricPoint[], filter: ReadonlyMap<Dimension, string>): { key: [Dimension, string][]; points: MetricPoint[] }[] {
  const matching = points.filter((p) => [...filter].every(([d, v]) => v === '*' || dimValue(p, d).toLowerCase() === v.toLowerCase()));
  const groups = new Map<string, { key: [Dimension, string][]; points: MetricPoint[] }>();
  if (filter.size === 0) return [{ key: [], points: matching }];
  if ([...filter.values()].every((v) => v !== '*')) return [{ key: [...filter], points: matching }];
  for (const p of matching) {
    const key = [...filter].map(([d, v]): [Dimension, string] => [d, v === '*' ? dimValue(p, d) : v]);
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key, points: [] };
    g.points.push(p);
    groups.set(id, g);
  }
  return [...groups.values()];
}

export function handleMetrics(core: EmulatorCore, address: ClusterAddress, query: URLSearchParams): ApiResponse {
  const cluster = resolveCluster(core, address);
  const now = core.clock.now();
  core.catchUpIngestion();
  const names = metricNames(query.get('metricnames'));
  const [start, end] = timespan(query.get('timespan'), now);
  const step = intervalMs(query.get('interval'));
  if ((end - start) / step > MAX_POINTS) throw bad(`The timespan holds more than ${MAX_POINTS} intervals: widen the interval`);
  const aggregations = (query.get('aggregation') ?? 'Average').split(',').map((a) => {
    const known = AGGREGATIONS.find((x) => x.toLowerCase() === a.trim().toLowerCase());
    if (known === undefined) throw bad(`Invalid aggregation '${a}': ${AGGREGATIONS.join(', ')}`);
    return known;
  });
  const filter = filterOf(query.get('$filter'));
  const points = core.ingestion.metricsOf({ subscription: cluster.subscription, resourceGroup: cluster.resourceGroup, cluster: cluster.name }, now).filter((p) => p.at >= start && p.at < end);
  const id = cluster.id;
  const buckets = Array.from({ length: Math.max(1, Math.ceil((end - start) / step)) }, (_, i) => start + i * step);
  const value = names.map((name) => ({
    id: `${id}/providers/Microsoft.Insights/metrics/${name}`,
    type: 'Microsoft.Insights/metrics',
    name: { value: name, localizedValue: METRICS[name].localized },
    displayDescription: METRICS[name].description,
    unit: 'Count',
    timeseries: series(points, filter).map((s) => ({
      metadatavalues: s.key.map(([d, v]) => ({ name: { value: d.toLowerCase(), localizedValue: d.toLowerCase() }, value: v })),
      data: buckets.map((at) => {
        const values = s.points.filter((p) => p.at >= at && p.at < at + step).map(METRICS[name].of);
        return { timeStamp: new Date(at).toISOString().replace('.000Z', 'Z'), ...Object.fromEntries(aggregations.map((a) => [a.toLowerCase(), aggregate(values, a)])) };
      }),
    })),
    errorCode: 'Success',
  }));
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    status: 200,
    body: { cost: 0, timespan: `${iso(start)}/${iso(end)}`, interval: query.get('interval') ?? 'PT1M', value, namespace: 'Microsoft.Kusto/clusters', resourceregion: cluster.region.name },
  };
}
