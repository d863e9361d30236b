/**
 * A data connection's Azure Monitor metrics: the cluster's `EventsProcessed` and `EventsDropped`
 * (dimension ComponentName = the connection's name) over a span, summed — one ARM GET
 * `{clusterId}/providers/Microsoft.Insights/metrics` (REST "Metrics - List", api-version
 * 2023-10-01), sent through the ARM pipeline every other read uses.
 */
import { AzureFailure } from '../../core/ports/azure-port.js';
import type { ConnectionMetrics } from '../../core/ports/prerequisite-port.js';

export const METRICS_API_VERSION = '2023-10-01';

/** The path and query of the read (the endpoint is the caller's). */
export function metricsPath(clusterId: string, connection: string, since: string, until: string): string {
  const span = `${new Date(since).toISOString()}/${new Date(until).toISOString()}`;
  const query = new URLSearchParams({
    'api-version': METRICS_API_VERSION,
    metricnames: 'EventsProcessed,EventsDropped',
    aggregation: 'Total',
    interval: 'PT1M',
    timespan: span,
    // A name holds letters, digits, '-', '.' and spaces only: no quote can end the literal.
    $filter: `ComponentName eq '${connection.replace(/'/g, '')}'`,
  });
  return `${clusterId.replace(/\/+$/, '')}/providers/Microsoft.Insights/metrics?${query.toString()}`;
}

/** The totals of an answer; a malformed one is an error that says so. */
export function metricTotals(body: unknown): ConnectionMetrics {
  const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
  if (!Array.isArray(value)) throw new AzureFailure('unknown', 'Azure Monitor answered something that is not a metrics response (no value)');
  const total = (name: string): number => {
    const metric = value.find((m: unknown) => typeof m === 'object' && m !== null && (m as { name?: { value?: unknown } }).name?.value === name) as { timeseries?: unknown } | undefined;
    const series = Array.isArray(metric?.timeseries) ? (metric.timeseries as { data?: unknown }[]) : [];
    return series.flatMap((s) => (Array.isArray(s.data) ? (s.data as { total?: unknown }[]) : [])).reduce((n, d) => n + (typeof d.total === 'number' ? d.total : 0), 0);
  };
  return { eventsProcessed: total('EventsProcessed'), eventsDropped: total('EventsDropped') };
}
