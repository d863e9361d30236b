import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS, type ConnectionKind } from '../../src/core/kinds.js';
import type { Properties } from '../../src/core/model.js';
import type { Change, Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import { parseSelector, type Selector } from '../../src/plan/rules/select.js';

function selector(text: string): Selector {
  const parsed = parseSelector(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
}
import { DB, IDS, MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';

const NOW = '2026-11-30T00:00:00.000Z';

function actions(plan: Plan): Array<[string, Change['action']]> {
  return plan.changes.map((c) => [c.target.name, c.action]);
}

/** What the service answers for a connection created from `props`: casing moved, defaults filled. */
function asServiceAnswers(kind: ConnectionKind, props: Properties): Properties {
  const out: Record<string, Properties[string]> = {};
  for (const [k, v] of Object.entries(props)) out[k] = typeof v === 'string' && k.endsWith('ResourceId') ? v.toUpperCase() : v;
  if (kind !== 'CosmosDb') out['databaseRouting'] ??= 'Single';
  if (kind === 'EventHub') out['compression'] ??= 'None';
  if (kind === 'EventHub' || kind === 'IotHub') out['eventSystemProperties'] ??= [];
  if (kind === 'EventGrid') {
    out['ignoreFirstRecord'] ??= false;
    out['blobStorageEventType'] ??= 'Microsoft.Storage.BlobCreated';
  }
  if (kind !== 'EventGrid') out['retrievalStartDate'] ??= '2026-11-29T10:00:00Z';
  if (kind !== 'IotHub') out['managedIdentityObjectId'] = '11111111-1111-1111-1111-111111111111';
  return out;
}

describe('planner: one action per situation, every kind', () => {
  for (const kind of CONNECTION_KINDS) {
    it(`${kind}: declared and absent → create, with server defaults written out`, () => {
      const { plan, diagnostics } = planChanges(state([desired('c1', kind)]), [liveDb([])], { now: NOW });
      expect(diagnostics).toEqual([]);
      expect(actions(plan)).toEqual([['c1', 'create']]);
      const c = plan.changes[0];
      if (c?.action !== 'create') throw new Error('expected create');
      expect(c.after.kind).toBe(kind);
      expect(c.liveFingerprint).toBe('absent');
      if (kind === 'EventHub') expect(c.after.properties['compression']).toBe('None');
      if (kind === 'CosmosDb') expect(c.after.properties['databaseRouting']).toBeUndefined();
    });

    it(`${kind}: live as the service answers it (casing, display location, defaults) → no-op`, () => {
      const l = live('c1', kind, asServiceAnswers(kind, MINIMAL[kind]), { location: 'Central US' });
      const d = desired('c1', kind, MINIMAL[kind], { location: 'centralus' });
      const { plan } = planChanges(state([d]), [liveDb([l])], { now: NOW });
      expect(plan.changes).toEqual([]);
      expect(plan.noOps).toEqual([`${DB.subscriptionId}/testrg/mykustocluster/mykustodatabase/c1`]);
      expect(plan.summary.noOp).toBe(1);
    });

    it(`${kind}: a changed location forces a replacement`, () => {
      const l = live('c1', kind, asServiceAnswers(kind, MINIMAL[kind]), { location: 'West Europe' });
      const { plan } = planChanges(state([desired('c1', kind)]), [liveDb([l])], { now: NOW });
      const c = plan.changes[0];
      if (c?.action !== 'replace') throw new Error(`expected replace, got ${c?.action}`);
      expect(c.replacePaths).toEqual(['location']);
      expect(c.reason).toMatch(/NOT ingested/);
    });
  }

  it('a field that can change in place → update with the changed fields (old → new)', () => {
    const l = live('c1', 'IotHub', asServiceAnswers('IotHub', { ...MINIMAL.IotHub, dataFormat: 'JSON' }));
    const { plan } = planChanges(state([desired('c1', 'IotHub')]), [liveDb([l])], { now: NOW });
    const c = plan.changes[0];
    if (c?.action !== 'update') throw new Error('expected update');
    expect(c.fieldChanges).toEqual([{ path: 'dataFormat', before: 'JSON', after: 'CSV', forcesReplacement: false }]);
    // the live retrievalStartDate is carried over so the PUT does not move it
    expect(c.after.properties['retrievalStartDate']).toBe('2026-11-29T10:00:00Z');
    expect(c.liveFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a field left out of the manifest is compared with its server default', () => {
    const l = live('c1', 'IotHub', asServiceAnswers('IotHub', { ...MINIMAL.IotHub, databaseRouting: 'Multi' }));
    const { plan } = planChanges(state([desired('c1', 'IotHub')]), [liveDb([l])], { now: NOW });
    const c = plan.changes[0];
    if (c?.action !== 'replace') throw new Error('expected replace: databaseRouting cannot change in place');
    expect(c.fieldChanges).toEqual([{ path: 'databaseRouting', before: 'Multi', after: 'Single', forcesReplacement: true }]);
  });

  it('enum spellings, resource-ID casing, date spellings and list order are not changes', () => {
    const props = { ...MINIMAL.EventHub, dataFormat: 'json', eventSystemProperties: ['x-opt-offset', 'x-opt-publisher'], retrievalStartDate: '2026-01-01T00:00:00Z' };
    const l = live('c1', 'EventHub', asServiceAnswers('EventHub', { ...props, dataFormat: 'JSON', eventSystemProperties: ['x-opt-publisher', 'x-opt-offset'], retrievalStartDate: '2026-01-01T00:00:00.000Z' }));
    const { plan } = planChanges(state([desired('c1', 'EventHub', props)]), [liveDb([l])], { now: NOW });
    expect(plan.changes).toEqual([]);
  });

  it('an empty string the service answers is a field not set', () => {
    const l = live('c1', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, mappingRuleName: '' }));
    expect(planChanges(state([desired('c1', 'EventHub')]), [liveDb([l])], { now: NOW }).plan.changes).toEqual([]);
    const set = planChanges(state([desired('c1', 'EventHub', { ...MINIMAL.EventHub, mappingRuleName: 'M' })]), [liveDb([l])], { now: NOW });
    expect(set.plan.changes.map((c) => (c.action === 'update' ? c.fieldChanges.map((f) => f.path) : c.action))).toEqual([['mappingRuleName']]);
  });

  it('a declared retrievalStartDate that differs is an update', () => {
    const props = { ...MINIMAL.EventHub, retrievalStartDate: '2026-02-01T00:00:00Z' };
    const l = live('c1', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub));
    const { plan } = planChanges(state([desired('c1', 'EventHub', props)]), [liveDb([l])], { now: NOW });
    expect(actions(plan)).toEqual([['c1', 'update']]);
  });

  it('a kind change is a replacement that lists kind', () => {
    const l = live('c1', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub));
    const { plan } = planChanges(state([desired('c1', 'IotHub')]), [liveDb([l])], { now: NOW });
    const c = plan.changes[0];
    if (c?.action !== 'replace') throw new Error('expected replace');
    expect(c.replacePaths).toContain('kind');
    // a default replacement lets the new connection start at its creation
    expect(c.after.properties['retrievalStartDate']).toBeUndefined();
  });

  it.each([
    ['EventHub', { consumerGroup: '$Default' }, ['consumerGroup']],
    ['EventHub', { compression: 'GZip' }, ['compression']],
    ['IotHub', { sharedAccessPolicyName: 'iothubowner' }, ['sharedAccessPolicyName']],
    ['EventGrid', { storageAccountResourceId: IDS.storage.replace('mystorageaccount', 'other') }, ['storageAccountResourceId']],
    ['CosmosDb', { tableName: 'Other' }, ['tableName']],
  ] as const)('%s: changing %o forces a replacement of %o', (kind, change, paths) => {
    const l = live('c1', kind, asServiceAnswers(kind, MINIMAL[kind]));
    const { plan } = planChanges(state([desired('c1', kind, { ...MINIMAL[kind], ...change })]), [liveDb([l])], { now: NOW });
    const c = plan.changes[0];
    if (c?.action !== 'replace') throw new Error('expected replace');
    expect(c.replacePaths).toEqual(paths);
  });

  it('gap-free replacement keeps the start for the applier to set, only where the kind supports it', () => {
    const annotations = { 'kustodian.io/replace-strategy': 'gap-free' };
    const eh = live('eh', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub), { location: 'West US' });
    const eg = live('eg', 'EventGrid', asServiceAnswers('EventGrid', MINIMAL.EventGrid), { location: 'West US' });
    const { plan } = planChanges(
      state([desired('eh', 'EventHub', MINIMAL.EventHub, { annotations }), desired('eg', 'EventGrid', MINIMAL.EventGrid, { annotations })]),
      [liveDb([eh, eg])],
      { now: NOW },
    );
    const strategies = plan.changes.map((c) => [c.target.name, c.action === 'replace' ? c.strategy : undefined]);
    expect(strategies).toEqual([['eg', 'default'], ['eh', 'gap-free']]);
    expect(plan.changes.find((c) => c.target.name === 'eh')?.reason).toMatch(/ingested twice/);
  });

  it('a live connection with an operation running is reported and not touched', () => {
    const l = live('c1', 'IotHub', asServiceAnswers('IotHub', { ...MINIMAL.IotHub, dataFormat: 'JSON' }), { state: 'Creating' });
    const { plan } = planChanges(state([desired('c1', 'IotHub')]), [liveDb([l])], { now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.inProgress.map((r) => [r.target.name, r.provisioningState])).toEqual([['c1', 'Creating']]);
  });

  it('a connection whose provisioning failed is planned for repair even without field changes', () => {
    const l = live('c1', 'IotHub', asServiceAnswers('IotHub', MINIMAL.IotHub), { state: 'Failed' });
    const { plan } = planChanges(state([desired('c1', 'IotHub')]), [liveDb([l])], { now: NOW });
    const c = plan.changes[0];
    if (c?.action !== 'update') throw new Error('expected update');
    expect(c.fieldChanges).toEqual([]);
    expect(c.reason).toMatch(/provisioning Failed/);
  });

  it('names compare case-insensitively', () => {
    const l = live('STORM', 'IotHub', asServiceAnswers('IotHub', MINIMAL.IotHub));
    const { plan } = planChanges(state([desired('storm', 'IotHub')]), [liveDb([l])], { now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual([]);
  });
});

describe('planner: undeclared live connections', () => {
  const legacy = live('legacy-import', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: '$Default' }));
  const stray = live('stray', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: 'other' }));

  it('without a ManagedDatabase they are reported as unmanaged, never deleted', () => {
    const { plan } = planChanges(state([]), [liveDb([legacy, stray])], { now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged.map((u) => u.target.name)).toEqual(['legacy-import', 'stray']);
    expect(plan.unmanaged[0]?.note).toMatch(/no ManagedDatabase/);
  });

  it('with prune: false they are unmanaged', () => {
    const { plan } = planChanges(state([], [managed({ prune: false })]), [liveDb([stray])], { now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged[0]?.note).toMatch(/does not prune/);
  });

  it('with prune: true they are deleted, except ignored and protected names', () => {
    const keep = live('keep-me', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: 'k' }));
    const { plan } = planChanges(
      state([], [managed({ prune: true, ignore: ['LEGACY-*'], protect: ['keep-*'] })]),
      [liveDb([legacy, stray, keep])],
      { now: NOW },
    );
    expect(actions(plan)).toEqual([['stray', 'delete']]);
    expect(plan.unmanaged.map((u) => [u.target.name, u.note])).toEqual([
      ['keep-me', 'not declared; protected by its ManagedDatabase, never deleted'],
      ['legacy-import', 'not declared; ignored by its ManagedDatabase'],
    ]);
  });

  it('an undeclared connection with an operation running is in progress, not deleted', () => {
    const busy = live('busy', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub), { state: 'Deleting' });
    const { plan } = planChanges(state([], [managed({ prune: true })]), [liveDb([busy])], { now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.inProgress.map((r) => r.target.name)).toEqual(['busy']);
  });
});

describe('planner: exclusive (hub, consumer group) pairs', () => {
  it('a create taking a pair a live connection keeps is an error pointing at the manifest', () => {
    const holder = live('holder', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub));
    const d = { ...desired('newcomer', 'EventHub'), fieldSources: { consumerGroup: { file: 'manifests/n.yaml', line: 9, col: 18 } } };
    const { diagnostics } = planChanges(state([d]), [liveDb([holder])], { now: NOW });
    expect(diagnostics.map((x) => [x.code, x.severity, x.source])).toEqual([['KD201', 'error', { file: 'manifests/n.yaml', line: 9, col: 18 }]]);
  });

  it('resource-ID casing does not hide a conflict', () => {
    const holder = live('holder', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub));
    const d = desired('newcomer', 'EventHub', { ...MINIMAL.EventHub, eventHubResourceId: IDS.eventHub.toLowerCase(), consumerGroup: 'ADX' });
    const { diagnostics } = planChanges(state([d]), [liveDb([holder])], { now: NOW });
    expect(diagnostics.map((x) => x.code)).toEqual(['KD201']);
  });

  it('a pair freed by a pruned connection makes the create wait for the delete', () => {
    const holder = live('old', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub));
    const { plan, diagnostics } = planChanges(state([desired('new', 'EventHub')], [managed({ prune: true })]), [liveDb([holder])], { now: NOW });
    expect(diagnostics).toEqual([]);
    expect(plan.changes.map((c) => [c.target.name, c.action, c.dependsOn.map((a) => a.split('/').pop())])).toEqual([
      ['new', 'create', ['old']],
      ['old', 'delete', []],
    ]);
  });

  it('a pair freed by a replacement makes the other create wait for it', () => {
    const a = live('a', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub));
    const { plan, diagnostics } = planChanges(
      state([desired('a', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: '$Default' }), desired('b', 'EventHub')]),
      [liveDb([a])],
      { now: NOW },
    );
    expect(diagnostics).toEqual([]);
    expect(plan.changes.map((c) => [c.target.name, c.action, c.dependsOn.length])).toEqual([
      ['a', 'replace', 0],
      ['b', 'create', 1],
    ]);
  });
});

describe('planner: pairs held by a connection whose operation is still running', () => {
  const deleting = live('old', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub), { state: 'Deleting' });

  it('a create taking such a pair is left for the next plan, reported, not refused', () => {
    const { plan, diagnostics } = planChanges(state([desired('new', 'EventHub')], [managed({ prune: true })]), [liveDb([deleting])], { now: NOW });
    expect(diagnostics).toEqual([]);
    expect(plan.changes).toEqual([]);
    expect(plan.inProgress.map((r) => [r.target.name, r.note])).toEqual([
      ['new', `its (hub, consumer group) pair is held by ${DB.subscriptionId}/testrg/mykustocluster/mykustodatabase/old, whose operation is still running; planned once that has finished`],
      ['old', 'not declared; an operation is still running (provisioningState Deleting)'],
    ]);
  });

  it('what waits for a held-back change is held back too; the rest is planned', () => {
    // a moves onto old's pair (held back), freeing its own, which b wants (held back too); c is free.
    const a = live('a', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: 'g-a' }));
    const { plan, diagnostics } = planChanges(
      state([desired('a', 'EventHub'), desired('b', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'g-a' }), desired('c', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'g-c' })], [managed({ prune: true })]),
      [liveDb([deleting, a])],
      { now: NOW },
    );
    expect(diagnostics).toEqual([]);
    expect(actions(plan)).toEqual([['c', 'create']]);
    expect(plan.inProgress.map((r) => r.target.name)).toEqual(['a', 'b', 'old']);
  });

  it('a pair held by an unmanaged connection that is being created is not yet a conflict', () => {
    const creating = live('other', 'EventHub', asServiceAnswers('EventHub', MINIMAL.EventHub), { state: 'Creating' });
    const { plan, diagnostics } = planChanges(state([desired('new', 'EventHub')]), [liveDb([creating])], { now: NOW });
    expect(diagnostics).toEqual([]);
    expect(plan.inProgress.map((r) => r.target.name)).toEqual(['new', 'other']);
  });
});

describe('planner: selection', () => {
  const l1 = live('one', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, dataFormat: 'CSV' }));
  const d1 = desired('one', 'EventHub', MINIMAL.EventHub, { labels: { team: 'a' } });
  const d2 = desired('two', 'IotHub', MINIMAL.IotHub, { labels: { team: 'b' } });

  it.each([
    [['one'], [], [['one', 'update']]],
    [['label:team=b'], [], [['two', 'create']]],
    [[], ['t*'], [['one', 'update']]],
    [['*'], ['label:team=a'], [['two', 'create']]],
  ])('targets %o excludes %o', (targets, excludes, expected) => {
    const { plan } = planChanges(state([d1, d2]), [liveDb([l1])], {
      now: NOW,
      selection: { targets: targets.map(selector), excludes: excludes.map(selector) },
    });
    expect(actions(plan)).toEqual(expected);
    expect(plan.partial).toBe(true);
  });

  it('a pruning plan narrowed by name does not delete connections outside the selection', () => {
    const stray = live('stray', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: 'x' }));
    const { plan } = planChanges(state([d1], [managed({ prune: true })]), [liveDb([l1, stray])], {
      now: NOW,
      selection: { targets: [selector('one')], excludes: [] },
    });
    expect(actions(plan)).toEqual([['one', 'update']]);
  });
});

describe('planner: orderings that cannot work', () => {
  it('two connections swapping consumer groups is an error, not a deadlock', () => {
    const a = live('a', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: 'one' }));
    const b = live('b', 'EventHub', asServiceAnswers('EventHub', { ...MINIMAL.EventHub, consumerGroup: 'two' }));
    const { diagnostics } = planChanges(
      state([desired('a', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'two' }), desired('b', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'one' })]),
      [liveDb([a, b])],
      { now: NOW },
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['KD205']);
  });
});
