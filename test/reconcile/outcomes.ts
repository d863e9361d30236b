/** Real round outcomes of every kind, made by the round itself over an in-memory port. */
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import type { RoundOutcome } from '../../src/reconcile/outcome.js';
import type { PlanJobResult } from '../../src/workflow/plan-job.js';
import { reconcileRound } from '../../src/workflow/reconcile-round.js';
import { DB, MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';
import { FakePort } from '../support/fake-port.js';

const NOW = '2026-11-30T00:00:00.000Z';
const OTHER = { ...DB, database: 'analyticsdb' };
const SAFE = { allowReplace: false, allowDelete: false, maxDeletes: 10, allowEmptyDatabase: false };
const IN_SYNC = live('a', 'EventHub', { ...MINIMAL.EventHub, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] });

function ticking(): () => Date {
  let t = Date.parse(NOW);
  return () => new Date((t += 1500));
}

/** Two databases: `a` in sync in mykustodatabase; what `extra` adds. */
function plan(extraLive: Parameters<typeof liveDb>[0] = [], extraDeclared = [desired('a', 'EventHub')]): Plan {
  return planChanges(
    state([...extraDeclared, desired('b', 'CosmosDb', MINIMAL.CosmosDb, { address: { ...OTHER, name: 'b' } })], [managed({ prune: true })]),
    [liveDb([IN_SYNC, ...extraLive]), liveDb([live('b', 'CosmosDb', { ...MINIMAL.CosmosDb, retrievalStartDate: '2026-01-01T00:00:00Z' }, { db: OTHER })], OTHER)],
    { now: NOW },
  ).plan;
}

async function run(job: PlanJobResult, port = new FakePort()): Promise<RoundOutcome> {
  return reconcileRound({ plan: async () => job, port, safety: SAFE, mode: 'all-or-nothing', parallelism: 1, clock: ticking() });
}

export async function outcomes(): Promise<Record<'converged' | 'changed' | 'refused' | 'applyFailed' | 'forbidden' | 'planFailed', RoundOutcome>> {
  const failing = new FakePort();
  failing.failNext('put', 'new-one', new AzureFailure('operation-failed', 'table NoSuchTable does not exist', { code: 'EventHubValidationErorFound' }));
  // A 403 carries the permission the step needs (failures.ts), and the report keeps it.
  const refusing = new FakePort();
  refusing.failNext('put', 'new-one', new AzureFailure('forbidden', 'the client does not have authorization', { status: 403, code: 'AuthorizationFailed', requiredAction: 'Microsoft.Kusto/clusters/databases/dataConnections/write' }));
  const withNew = plan([], [desired('a', 'EventHub'), desired('new-one', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'n' }), desired('new-two', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'm' })]);
  return {
    converged: await run({ plan: plan(), diagnostics: [] }),
    changed: await run({ plan: withNew, diagnostics: [] }),
    refused: await run({ plan: plan([live('stray', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 's' })]), diagnostics: [] }),
    applyFailed: await run({ plan: withNew, diagnostics: [] }, failing),
    forbidden: await run({ plan: withNew, diagnostics: [] }, refusing),
    planFailed: await run({ diagnostics: [{ severity: 'error', code: 'KD404', message: 'Azure Resource Manager could not be reached (ECONNREFUSED)', hint: 'check the network', address: 'sub/rg/c/db' }] }),
  };
}
