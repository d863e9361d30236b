import { describe, expect, it } from 'vitest';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import type { DatabaseAddress } from '../../src/core/address.js';
import type { IngestionFailure } from '../../src/core/ports/prerequisite-port.js';
import { watchIngestion } from '../../src/workflow/ingestion-watch.js';
import type { CheckTarget } from '../../src/workflow/prerequisite-job.js';
import { fakePrerequisites, type FakeWorld } from '../support/fake-prerequisites.js';

const DB: DatabaseAddress = { subscriptionId: 's1', resourceGroup: 'rg', cluster: 'c1', database: 'db1' };
const SINCE = '2026-01-01T10:00:00.000Z';

const target = (name: string, table?: string): CheckTarget => ({
  address: `s1/rg/c1/db1/${name}`,
  database: DB,
  body: { kind: 'EventHub', location: 'westeurope', properties: table !== undefined ? { tableName: table } : {} },
});

const failure = (table: string, failedOn: string, details: string): IngestionFailure => ({ table, failedOn, details, errorCode: 'BadRequest_InvalidMappingReference' });

/** A clock the sleeps move, and the sleeps taken. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = Date.parse(SINCE);
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)), slept };
}

async function watch(world: FakeWorld | ReturnType<typeof fakePrerequisites>, targets: CheckTarget[], durationMs = 30_000) {
  const time = fakeTime();
  const port = 'calls' in world ? world : fakePrerequisites(world);
  const result = await watchIngestion({ targets, port, since: SINCE, durationMs, intervalMs: 10_000, now: time.now, sleep: time.sleep });
  return { result, time, port };
}

describe('ingestion watch', () => {
  it('reports healthy when rows arrived and no failure was recorded, after watching the whole time', async () => {
    const { result, time } = await watch({ ingested: { 'db1|Events': 12 } }, [target('good', 'Events')]);
    expect(result).toEqual([expect.objectContaining({ address: 's1/rg/c1/db1/good', status: 'healthy', rows: 12, failureCount: 0 })]);
    expect(time.slept).toEqual([10_000, 10_000, 10_000]);
  });

  it('reports the first failure of the table since the change, ignoring older ones and other tables, and stops watching it', async () => {
    const failures = [
      failure('Events', '2026-01-01T10:00:05Z', 'second'),
      failure('Events', '2026-01-01T10:00:01Z', 'Mapping reference EventsMap of kind Csv does not fit format JSON'),
      failure('Events', '2026-01-01T09:59:00Z', 'before the change'),
      failure('Other', '2026-01-01T10:00:00Z', 'another table'),
    ];
    const { result, time } = await watch({ failures: { db1: failures } }, [target('bad', 'Events')]);
    expect(result[0]).toMatchObject({
      status: 'failures',
      code: 'KD720',
      failureCount: 2,
      firstFailure: { failedOn: '2026-01-01T10:00:01Z', details: 'Mapping reference EventsMap of kind Csv does not fit format JSON', errorCode: 'BadRequest_InvalidMappingReference' },
    });
    expect(time.slept).toEqual([]);
  });

  it('a failure that names its data connection counts only for that one; one that names none counts for every connection of its table', async () => {
    const named = { ...failure('Events', '2026-01-01T10:00:01Z', 'through b'), dataConnection: 'c1/db1/b' };
    const unnamed = failure('Other', '2026-01-01T10:00:02Z', 'no connection named');
    const { result } = await watch({ failures: { db1: [named, unnamed] }, ingested: { 'db1|Events': 3, 'db1|Other': 0 } }, [target('a', 'Events'), target('b', 'Events'), target('c', 'Other'), target('d', 'Other')], 0);
    expect(result.map((r) => [r.address.split('/').pop(), r.status])).toEqual([
      ['a', 'healthy'],
      ['b', 'failures'],
      ['c', 'failures'],
      ['d', 'failures'],
    ]);
  });

  it('a target watched from its own moment (a gap-free replacement reaching Succeeded) counts rows and failures from then, and says why', async () => {
    const from = '2026-01-01T10:00:03.000Z';
    const failures = [failure('Events', '2026-01-01T10:00:01Z', 'the old connection, before the replacement')];
    const own: CheckTarget = { ...target('gf', 'Events'), watchFrom: { at: from, why: 'after the overlap' } };
    const { result, port } = await watch(fakePrerequisites({ failures: { db1: failures }, ingested: { 'db1|Events': 5 }, metrics: { gf: { eventsProcessed: 5, eventsDropped: 0 } } }), [own], 0);
    expect(result[0]).toMatchObject({
      status: 'healthy',
      since: from,
      rows: 5,
      failureCount: 0,
      metrics: { eventsProcessed: 5, eventsDropped: 0 },
      note: `5 row(s) ingested, no failure; Azure Monitor: 5 event(s) processed, 0 dropped (watched from ${from}: after the overlap)`,
    });
    expect(port.calls).toContain(`ingested db1|Events since ${from}`);
  });

  it('Azure Monitor metrics that cannot be read are left out, and change no status', async () => {
    const { result } = await watch({ ingested: { 'db1|Events': 3 }, metrics: { good: new AzureFailure('forbidden', 'no Monitoring Reader') } }, [target('good', 'Events')], 0);
    expect(result[0]).toMatchObject({ status: 'healthy', note: '3 row(s) ingested, no failure' });
    expect(result[0]?.metrics).toBeUndefined();
  });

  it('events the connection dropped (Azure Monitor) are failures, though .show ingestion failures lists none: it lists only ingestion commands\' failures', async () => {
    const { result } = await watch({ ingested: { 'db1|Events': 0 }, metrics: { lossy: { eventsProcessed: 10, eventsDropped: 4 } } }, [target('lossy', 'Events')], 0);
    expect(result[0]).toMatchObject({ status: 'failures', code: 'KD720', failureCount: 0, metrics: { eventsDropped: 4 } });
    expect(result[0]?.note).toMatch(/dropped 4 event\(s\).*FailedIngestion/);
  });

  it('reports no data seen when nothing arrived and nothing failed', async () => {
    const { result } = await watch({ ingested: { 'db1|Events': 0 } }, [target('idle', 'Events')], 5_000);
    expect(result[0]).toMatchObject({ status: 'no-data-seen', rows: 0, code: 'KD722' });
  });

  it('says what could not be read, and never takes it for health', async () => {
    const { result } = await watch({ failures: { db1: new AzureFailure('forbidden', 'Principal is not authorized to run .show ingestion failures', { status: 403 }) } }, [target('x', 'Events')], 0);
    expect(result[0]).toMatchObject({ status: 'could-not-check', code: 'KD721' });
    expect(result[0]?.note).toContain('not authorized');
  });

  it('a count that cannot be read leaves "no failure recorded", said as such', async () => {
    const { result } = await watch({ ingested: { 'db1|Events': new AzureFailure('bad-request', 'query not supported') } }, [target('x', 'Events')], 0);
    expect(result[0]).toMatchObject({ status: 'healthy' });
    expect(result[0]?.rows).toBeUndefined();
    expect(result[0]?.note).toContain('could not be counted');
  });

  it('a connection without a table cannot be watched; the failures of a database are read once per round for all its connections', async () => {
    const port = fakePrerequisites({ ingested: { 'db1|A': 1, 'db1|B': 1 } });
    const { result } = await watch(port, [target('a', 'A'), target('b', 'B'), target('routed')], 0);
    expect(result.map((r) => r.status)).toEqual(['healthy', 'healthy', 'could-not-check']);
    expect(port.calls.filter((c) => c.startsWith('failures')).length).toBe(1);
  });
});
