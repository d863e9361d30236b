import { describe, expect, it } from 'vitest';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import { connectionKey } from '../../src/core/address.js';
import type { DesiredState } from '../../src/core/model.js';
import { runPlanJob } from '../../src/workflow/plan-job.js';
import { checkStale } from '../../src/workflow/stale.js';
import type { ManifestLoader } from '../../src/workflow/loader.js';
import { DB, MINIMAL, desired, live, managed, state } from '../support/builders.js';
import { FakePort } from '../support/fake-port.js';

const OTHER_DB = { ...DB, database: 'analyticsdb' };
const loaderOf = (s: DesiredState): ManifestLoader => async () => ({ state: s, diagnostics: [], files: [] });
const NOW = '2026-11-30T00:00:00.000Z';

class FailingPort extends FakePort {
  constructor(private readonly failing: Record<string, AzureFailure>) {
    super();
  }
  override async listConnections(db: typeof DB) {
    const f = this.failing[db.database];
    if (f) {
      this.calls.push({ op: 'list', name: db.database });
      throw f;
    }
    return super.listConnections(db);
  }
}

describe('plan job', () => {
  it('lists each referenced database exactly once, and never GETs a connection', async () => {
    const port = new FakePort();
    const s = state(
      [desired('a', 'EventHub'), desired('b', 'IotHub'), desired('c', 'CosmosDb', MINIMAL.CosmosDb, { address: { ...OTHER_DB, name: 'c' } })],
      [managed(), managed({ address: { ...DB, database: 'MYKUSTODATABASE' } })],
    );
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(s), port, now: NOW });
    expect(result.diagnostics).toEqual([]);
    expect(port.calls.map((c) => `${c.op} ${c.name}`).sort()).toEqual(['list analyticsdb', 'list mykustodatabase']);
    expect(result.plan?.summary.create).toBe(3);
  });

  it.each([
    ['not-found', new AzureFailure('not-found', 'no db', { status: 404, code: 'ResourceNotFound' }), 'KD401', /does not exist/],
    ['forbidden', new AzureFailure('forbidden', 'denied', { status: 403, code: 'AuthorizationFailed' }), 'KD402', /permission denied/],
    ['network', new AzureFailure('network', 'ECONNRESET'), 'KD404', /could not be reached/],
  ])('a database that cannot be read (%s) fails the plan with its address, and nothing is planned', async (_, failure, code, message) => {
    const port = new FailingPort({ analyticsdb: failure });
    const s = state([desired('a', 'EventHub'), desired('c', 'CosmosDb', MINIMAL.CosmosDb, { address: { ...OTHER_DB, name: 'c' } })]);
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(s), port, now: NOW });
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.address])).toEqual([[code, '00000000-0000-0000-0000-000000000000/testrg/mykustocluster/analyticsdb']]);
    expect(result.diagnostics[0]?.message).toMatch(message);
    expect(result.diagnostics[0]?.hint).toBeTruthy();
  });

  it('manifest errors stop before any request', async () => {
    const port = new FakePort();
    const load: ManifestLoader = async () => ({
      state: state([]),
      diagnostics: [{ severity: 'error', code: 'KD100', message: 'bad', source: { file: 'x.yaml', line: 1, col: 1 } }],
      files: [],
    });
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load, port, now: NOW });
    expect(result.plan).toBeUndefined();
    expect(port.calls).toEqual([]);
  });

  it('--validate-remote asks the service about each write, not about deletes', async () => {
    const port = new FakePort();
    port.live.set(connectionKey({ ...DB, name: 'gone' }), live('gone', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'x' }));
    const s = state([desired('a', 'EventHub')], [managed({ prune: true })]);
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(s), port, now: NOW, validateRemote: true });
    expect(port.calls.filter((c) => c.op === 'validate').map((c) => c.name)).toEqual(['a']);
    expect(result.plan?.changes.map((c) => [c.action, c.remoteValidation])).toEqual([['create', []], ['delete', undefined]]);
  });
});

describe('stale saved plans', () => {
  it('a plan whose live objects did not move is not stale; one that did lists what changed', async () => {
    const port = new FakePort();
    port.live.set(connectionKey({ ...DB, name: 'u' }), live('u', 'IotHub', { ...MINIMAL.IotHub, dataFormat: 'JSON' }));
    const s = state([desired('u', 'IotHub'), desired('n', 'EventHub')]);
    const { plan } = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(s), port, now: NOW });
    if (!plan) throw new Error('no plan');
    expect((await checkStale(plan, port)).diagnostics).toEqual([]);

    port.live.set(connectionKey({ ...DB, name: 'u' }), live('u', 'IotHub', { ...MINIMAL.IotHub, dataFormat: 'TSV' }));
    port.live.set(connectionKey({ ...DB, name: 'n' }), live('n', 'EventHub', MINIMAL.EventHub));
    const stale = await checkStale(plan, port);
    expect(stale.diagnostics.map((d) => [d.code, d.address?.split('/').pop(), d.message.replace(/.*connection /, '')])).toEqual([
      ['KD301', 'n', 'now exists since the plan was made (it did not exist when planned; now it does, of kind EventHub)'],
      ['KD301', 'u', 'changed since the plan was made (dataFormat: "JSON" when planned, "TSV" now)'],
    ]);
  });
});
