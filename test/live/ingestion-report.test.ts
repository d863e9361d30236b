/** How the live contract suite reads `kustodian health -o json`: the documented shape, strictly. */
import { describe, expect, it } from 'vitest';
import { readIngestionReport } from './ingestion-report.js';

const CONNECTION = {
  address: '00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase/kdlive-5cc1e383-eh',
  since: '2026-12-03T20:43:17.768Z',
  failureCount: 0,
  table: 'Telemetry',
  rows: 0,
  metrics: { eventsProcessed: 0, eventsDropped: 0 },
  status: 'no-data-seen',
  code: 'KD722',
  note: 'no row ingested and no failure recorded',
};
const line = (report: object): string => `${JSON.stringify(report)}\n`;
const report = (connection: object): string => line({ type: 'ingestion', since: CONNECTION.since, durationMs: 0, connections: [connection] });

describe('readIngestionReport', () => {
  it('reads the line health prints, with its optional fields', () => {
    expect(readIngestionReport(report(CONNECTION)).connections).toEqual([CONNECTION]);
    const failed = { ...CONNECTION, status: 'failures', code: 'KD720', failureCount: 2, firstFailure: { failedOn: CONNECTION.since, details: 'Mapping reference', errorCode: 'BadRequest_InvalidMappingReference' } };
    expect(readIngestionReport(report(failed)).connections[0]?.firstFailure?.errorCode).toBe('BadRequest_InvalidMappingReference');
  });

  it('names every field that is not documented or not of its type', () => {
    const { note: _note, ...noNote } = CONNECTION;
    expect(() => readIngestionReport(report({ ...noNote, rows: -1, status: 'fine', extra: true }))).toThrow(
      /report\.connections\[0\]\.note is not a string; report\.connections\[0\]\.rows is not a count; report\.connections\[0\]\.extra is not a documented field; report\.connections\[0\]\.status "fine" is not one of healthy, failures, no-data-seen, could-not-check/,
    );
    expect(() => readIngestionReport(report({ ...CONNECTION, metrics: { eventsProcessed: 1 } }))).toThrow(/report\.connections\[0\]\.metrics\.eventsDropped is not a count/);
    expect(() => readIngestionReport(line({ type: 'plan', since: 'yesterday', durationMs: 0, connections: {} }))).toThrow(
      /report\.since is not a time; report\.connections is not a list; report\.type is "plan", not "ingestion"/,
    );
  });

  it('wants exactly one line of JSON, and shows what was printed otherwise', () => {
    expect(() => readIngestionReport('')).toThrow(/printed 0 lines, not one/);
    expect(() => readIngestionReport(`${report(CONNECTION)}${report(CONNECTION)}`)).toThrow(/printed 2 lines, not one/);
    expect(() => readIngestionReport('Ingestion of the declared connections:\n')).toThrow(/not JSON .*\nIngestion of the declared connections:/);
  });
});
