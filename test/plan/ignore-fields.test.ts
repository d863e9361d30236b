/**
 * kustodian.io/ignore-fields (accepted drift, like Terraform's lifecycle.ignore_changes): the
 * planner neither reports nor changes the listed fields; a PUT for another reason sends their
 * live values back; a create still sends the declared ones.
 */
import { describe, expect, it } from 'vitest';
import { driftReport } from '../../src/drift/report.js';
import type { Change } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import { MINIMAL, desired, live, liveDb, state } from '../support/builders.js';

const NOW = '2026-11-30T00:00:00.000Z';
const ignore = (fields: string) => ({ annotations: { 'kustodian.io/ignore-fields': fields } });
/** IotHub as the service answers it, with its filled-in defaults. */
const IOT_LIVE = { ...MINIMAL.IotHub, databaseRouting: 'Single', eventSystemProperties: [], retrievalStartDate: '2026-11-01T00:00:00.0000000Z' };

function only(changes: readonly Change[]): Change {
  expect(changes).toHaveLength(1);
  const c = changes[0];
  if (!c) throw new Error('no change');
  return c;
}

describe('planner: kustodian.io/ignore-fields', () => {
  it('a difference in an ignored field is no change at all', () => {
    const d = desired('c1', 'IotHub', MINIMAL.IotHub, ignore('mappingRuleName, tableName'));
    const l = live('c1', 'IotHub', { ...IOT_LIVE, tableName: 'ChangedByHand', mappingRuleName: 'HandMapping' });
    const { plan } = planChanges(state([d]), [liveDb([l])], { now: NOW });
    expect(plan.changes).toEqual([]);
    expect(plan.noOps).toHaveLength(1);
    expect(driftReport(plan).entries.map((e) => e.status)).toEqual(['in-sync']);
  });

  it('the same difference without the annotation is an update', () => {
    const l = live('c1', 'IotHub', { ...IOT_LIVE, tableName: 'ChangedByHand' });
    const { plan } = planChanges(state([desired('c1', 'IotHub')]), [liveDb([l])], { now: NOW });
    expect(plan.changes.map((c) => c.action)).toEqual(['update']);
  });

  it('an update for another field reports only that field and sends the ignored fields back as they are live', () => {
    const d = desired('c1', 'IotHub', { ...MINIMAL.IotHub, dataFormat: 'JSON' }, ignore('tableName,mappingRuleName'));
    const withoutMapping = Object.fromEntries(Object.entries(IOT_LIVE).filter(([k]) => k !== 'mappingRuleName'));
    const l = live('c1', 'IotHub', { ...withoutMapping, tableName: 'ChangedByHand' });
    const c = only(planChanges(state([d]), [liveDb([l])], { now: NOW }).plan.changes);
    if (c.action !== 'update') throw new Error(`expected update, got ${c.action}`);
    expect(c.fieldChanges.map((f) => f.path)).toEqual(['dataFormat']);
    expect(c.after.properties['tableName']).toBe('ChangedByHand');
    // Unset live: left out of the PUT rather than set to the declared value.
    expect('mappingRuleName' in c.after.properties).toBe(false);
    expect(c.after.properties['dataFormat']).toBe('JSON');
  });

  it('an ignored field that would force a replacement forces nothing', () => {
    const d = desired('c1', 'IotHub', MINIMAL.IotHub, ignore('consumerGroup'));
    const l = live('c1', 'IotHub', { ...IOT_LIVE, consumerGroup: 'moved-by-hand' });
    expect(planChanges(state([d]), [liveDb([l])], { now: NOW }).plan.changes).toEqual([]);
  });

  it('a replacement for another reason keeps the ignored values (and the ignored consumer group keeps its pair)', () => {
    const d = desired('c1', 'IotHub', MINIMAL.IotHub, { ...ignore('consumerGroup, tableName'), location: 'West Europe' });
    const l = live('c1', 'IotHub', { ...IOT_LIVE, consumerGroup: 'moved-by-hand', tableName: 'Other' });
    const { plan, diagnostics } = planChanges(state([d]), [liveDb([l])], { now: NOW });
    expect(diagnostics).toEqual([]);
    const c = only(plan.changes);
    if (c.action !== 'replace') throw new Error(`expected replace, got ${c.action}`);
    expect(c.replacePaths).toEqual(['location']);
    expect(c.after.properties['consumerGroup']).toBe('moved-by-hand');
    expect(c.after.properties['tableName']).toBe('Other');
    expect(c.dependsOn).toEqual([]);
    // A default replacement lets the service choose the new start.
    expect('retrievalStartDate' in c.after.properties).toBe(false);
  });

  it('an ignored retrievalStartDate counts as undeclared: a default replacement does not re-read from the old start', () => {
    const d = desired('c1', 'IotHub', { ...MINIMAL.IotHub, retrievalStartDate: '2026-01-01T00:00:00Z' }, { ...ignore('retrievalStartDate'), location: 'West Europe' });
    const c = only(planChanges(state([d]), [liveDb([live('c1', 'IotHub', IOT_LIVE)])], { now: NOW }).plan.changes);
    if (c.action !== 'replace') throw new Error(`expected replace, got ${c.action}`);
    expect(c.fieldChanges.map((f) => f.path)).toEqual(['location']);
    expect('retrievalStartDate' in c.after.properties).toBe(false);
  });

  it('a create sends the declared values of ignored fields', () => {
    const d = desired('c1', 'IotHub', MINIMAL.IotHub, ignore('tableName'));
    const c = only(planChanges(state([d]), [liveDb([])], { now: NOW }).plan.changes);
    if (c.action !== 'create') throw new Error(`expected create, got ${c.action}`);
    expect(c.after.properties['tableName']).toBe('StormEvents');
  });

  it('a name the kind does not have (from a Defaults document) is harmless', () => {
    const d = desired('c1', 'CosmosDb', MINIMAL.CosmosDb, ignore('dataFormat, tableName'));
    const l = live('c1', 'CosmosDb', { ...MINIMAL.CosmosDb, tableName: 'Other', retrievalStartDate: '2026-11-01T00:00:00Z' });
    expect(planChanges(state([d]), [liveDb([l])], { now: NOW }).plan.changes).toEqual([]);
  });
});
