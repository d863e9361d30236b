/**
 * Planning and exporting from Azure Resource Graph: one query for every database, the rows
 * grouped by the databases the manifests reference, and the warnings that say what Resource
 * Graph cannot promise (its lag; that a database without rows exists).
 */
import { describe, expect, it } from 'vitest';
import { databaseOf } from '../../src/core/address.js';
import { AzureFailure, type GraphPort } from '../../src/core/ports/azure-port.js';
import type { DesiredState, LiveConnection } from '../../src/core/model.js';
import { type ArmScope, scopeMatcher } from '../../src/core/scope.js';
import type { ManifestLoader } from '../../src/workflow/loader.js';
import { runPlanJob } from '../../src/workflow/plan-job.js';
import { readScopesFromGraph } from '../../src/workflow/read-graph.js';
import { DB, MINIMAL, desired, live, managed, state } from '../support/builders.js';
import { FakePort } from '../support/fake-port.js';

const NOW = '2026-11-30T00:00:00.000Z';
const OTHER_DB = { ...DB, database: 'analyticsdb' };
const loaderOf = (s: DesiredState): ManifestLoader => async () => ({ state: s, diagnostics: [], files: [] });

/** Resource Graph in memory: answers the connections under the scopes, and records each query. */
class FakeGraph implements GraphPort {
  readonly queries: ArmScope[][] = [];
  constructor(
    private readonly rows: readonly LiveConnection[],
    private readonly failure?: AzureFailure,
  ) {}
  async listConnectionsUnder(scopes: readonly ArmScope[]): Promise<LiveConnection[]> {
    this.queries.push([...scopes]);
    if (this.failure) throw this.failure;
    const wanted = scopeMatcher(scopes);
    return this.rows.filter((r) => wanted(databaseOf(r.address)));
  }
}

/** A row as Resource Graph answers it: the database in another casing, the location lower-cased. */
function row(name: string, kind: 'EventHub' | 'IotHub', db = DB): LiveConnection {
  const l = live(name, kind, { ...MINIMAL[kind], provisioningState: 'Succeeded' });
  return { ...l, address: { ...db, database: db.database.toUpperCase(), name }, location: 'centralus' };
}

describe('plan job from Resource Graph', () => {
  it('one query for every database, no ARM list; rows match the manifests as list answers do', async () => {
    const port = new FakePort();
    const graph = new FakeGraph([row('a', 'EventHub'), row('b', 'IotHub'), row('stray', 'EventHub', { ...DB, database: 'unreferenced' })]);
    const s = state([desired('a', 'EventHub'), desired('b', 'IotHub')], [managed()]);
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(s), port, graph, now: NOW });
    expect(port.calls).toEqual([]);
    expect(graph.queries).toEqual([[{ level: 'database', database: DB }]]);
    expect(result.plan?.changes).toEqual([]);
    expect(result.plan?.noOps).toEqual([`${DB.subscriptionId}/testrg/mykustocluster/mykustodatabase/a`, `${DB.subscriptionId}/testrg/mykustocluster/mykustodatabase/b`]);
  });

  it('warns of the lag, and of each database Resource Graph holds nothing of (taken as empty)', async () => {
    const graph = new FakeGraph([row('a', 'EventHub')]);
    const s = state([desired('a', 'EventHub'), desired('c', 'CosmosDb', MINIMAL.CosmosDb, { address: { ...OTHER_DB, name: 'c' } })]);
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(s), port: new FakePort(), graph, now: NOW });
    expect(result.plan?.warnings.map((w) => [w.severity, w.code, w.address])).toEqual([
      ['warning', 'KD406', undefined],
      ['warning', 'KD407', `${DB.subscriptionId}/testrg/mykustocluster/analyticsdb`],
    ]);
    expect(result.plan?.warnings[1]?.message).toMatch(/cannot tell an empty database from one that does not exist/);
    expect(result.plan?.changes.map((c) => `${c.action} ${c.target.name}`)).toEqual(['create c']);
  });

  it('a failed query fails the plan with what to grant, and nothing is planned', async () => {
    const graph = new FakeGraph([], new AzureFailure('forbidden', 'denied', { status: 403, code: 'AuthorizationFailed' }));
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(state([desired('a', 'EventHub')])), port: new FakePort(), graph, now: NOW });
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.address])).toEqual([['error', 'KD402', `Azure Resource Graph (subscription ${DB.subscriptionId})`]]);
    expect(result.diagnostics[0]?.hint).toMatch(/Microsoft\.ResourceGraph\/resources\/read/);
  });

  it('without Resource Graph, a plan carries no such warning', async () => {
    const result = await runPlanJob({ paths: [], cwd: '.', env: {}, load: loaderOf(state([desired('a', 'EventHub')])), port: new FakePort(), now: NOW });
    expect(result.plan?.warnings).toEqual([]);
  });
});

describe('export from Resource Graph', () => {
  it('finds the databases through their connections, in order of address, with the lag warning', async () => {
    const graph = new FakeGraph([row('b', 'IotHub', OTHER_DB), row('a', 'EventHub'), row('a2', 'EventHub')]);
    const read = await readScopesFromGraph(graph, [{ level: 'subscription', subscriptionId: DB.subscriptionId }]);
    expect(read.live.map((d) => [d.address.database, d.connections.map((c) => c.address.name)])).toEqual([
      ['ANALYTICSDB', ['b']],
      ['MYKUSTODATABASE', ['a', 'a2']],
    ]);
    expect(read.diagnostics.map((d) => d.code)).toEqual(['KD406']);
    expect(read.diagnostics[0]?.message).toMatch(/only databases with at least one data connection are found/);
  });
});
