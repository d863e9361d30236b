/** Which target the live contract suite runs against, from the KUSTODIAN_LIVE_* variables. */
import { describe, expect, it } from 'vitest';
import { EMULATOR_COORDINATES, incompleteMessage, LIVE_VARIABLES, readTarget } from './target.js';

const ALL: Record<string, string> = {
  KUSTODIAN_LIVE_SUBSCRIPTION: '11111111-2222-3333-4444-555555555555',
  KUSTODIAN_LIVE_RESOURCE_GROUP: 'rg-adx',
  KUSTODIAN_LIVE_CLUSTER: 'adxcluster',
  KUSTODIAN_LIVE_DATABASE: 'contractdb',
  KUSTODIAN_LIVE_LOCATION: 'West Europe',
  KUSTODIAN_LIVE_EVENTHUB_ID: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-eh/providers/Microsoft.EventHub/namespaces/ns/eventhubs/hub',
  KUSTODIAN_LIVE_CONSUMER_GROUP: 'kdlive',
  KUSTODIAN_LIVE_TABLE: 'Contract',
  KUSTODIAN_LIVE_MAPPING: 'Contract_JSON',
};

describe('readTarget', () => {
  it('is the emulator when no variable is set (or only blank ones)', () => {
    expect(readTarget({})).toEqual({ kind: 'emulator', coordinates: EMULATOR_COORDINATES });
    expect(readTarget({ KUSTODIAN_LIVE_CLUSTER: '  ', PATH: '/bin' })).toEqual({ kind: 'emulator', coordinates: EMULATOR_COORDINATES });
  });

  it('is Azure with every variable set, each coordinate from its own variable', () => {
    expect(readTarget(ALL)).toEqual({
      kind: 'live',
      coordinates: {
        subscription: ALL['KUSTODIAN_LIVE_SUBSCRIPTION'],
        resourceGroup: 'rg-adx',
        cluster: 'adxcluster',
        database: 'contractdb',
        location: 'West Europe',
        eventHubId: ALL['KUSTODIAN_LIVE_EVENTHUB_ID'],
        consumerGroup: 'kdlive',
        table: 'Contract',
        mapping: 'Contract_JSON',
      },
    });
  });

  it('refuses a partial set, naming exactly the missing variables', () => {
    const partial = { ...ALL, KUSTODIAN_LIVE_LOCATION: '', KUSTODIAN_LIVE_MAPPING: undefined };
    const t = readTarget(partial);
    expect(t).toEqual({ kind: 'incomplete', missing: ['KUSTODIAN_LIVE_LOCATION', 'KUSTODIAN_LIVE_MAPPING'] });
    const message = incompleteMessage(t.kind === 'incomplete' ? t.missing : []);
    expect(message).toContain('but KUSTODIAN_LIVE_LOCATION, KUSTODIAN_LIVE_MAPPING are not');
    expect(message).toContain('KUSTODIAN_LIVE_SUBSCRIPTION, KUSTODIAN_LIVE_RESOURCE_GROUP');
    expect(message).toContain('Live contract mode');
  });

  it('counts one variable alone as a partial set', () => {
    const t = readTarget({ KUSTODIAN_LIVE_SUBSCRIPTION: 'x' });
    expect(t.kind === 'incomplete' ? t.missing : []).toHaveLength(LIVE_VARIABLES.length - 1);
  });
});
