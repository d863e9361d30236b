import { describe, expect, it } from 'vitest';
import type { LiveConnection } from '../../src/core/model.js';
import { liveDifference } from '../../src/plan/live-difference.js';

const address = { subscriptionId: 's', resourceGroup: 'rg', cluster: 'c', database: 'd', name: 'n' };
function live(properties: LiveConnection['properties'], location = 'Central US'): LiveConnection {
  return { address, id: '/subscriptions/s/x', kind: 'EventHub', location, properties } as LiveConnection;
}
const planned = { body: { kind: 'EventHub', location: 'Central US', properties: { dataFormat: 'JSON', consumerGroup: 'adx' } }, provisioningState: 'Succeeded' };

describe('liveDifference: why a saved plan is stale', () => {
  it('names each field that moved, with both values', () => {
    expect(liveDifference(planned, live({ dataFormat: 'TSV', consumerGroup: 'adx', provisioningState: 'Succeeded' }))).toBe('dataFormat: "JSON" when planned, "TSV" now');
    expect(liveDifference(planned, live({ consumerGroup: 'adx', tableName: 'T', provisioningState: 'Succeeded' }, 'West Europe'))).toBe(
      'location: "Central US" when planned, "West Europe" now; dataFormat: "JSON" when planned, unset now; tableName: unset when planned, "T" now',
    );
  });

  it('says when the connection appeared, vanished, or only its provisioning state moved', () => {
    expect(liveDifference(undefined, live({}))).toBe('it did not exist when planned; now it does, of kind EventHub');
    expect(liveDifference(planned, undefined)).toBe('it existed when planned; now it does not');
    expect(liveDifference(planned, live({ dataFormat: 'JSON', consumerGroup: 'adx', provisioningState: 'Updating' }))).toBe('provisioningState: "Succeeded" when planned, "Updating" now');
  });

  it('prints foreign text safely', () => {
    expect(liveDifference(planned, live({ dataFormat: 'JSON\u202e', consumerGroup: 'adx', provisioningState: 'Succeeded' }))).toBe('dataFormat: "JSON" when planned, "JSON\\u202e" now');
  });
});
