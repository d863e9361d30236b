/** Plans for the renderer golden tests, made by the real planner from plain values. */
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import { IDS, MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';

const NOW = '2026-11-30T12:00:00.000Z';

export function allActionsPlan(): Plan {
  const gapFree = { 'kustodian.io/replace-strategy': 'gap-free' };
  const { plan } = planChanges(
    state(
      [
        desired('new-eventhub', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'fresh' }),
        desired('storm-events-iothub', 'IotHub', { ...MINIMAL.IotHub, databaseRouting: 'Multi' }),
        desired('moved-iothub', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'kustodian' }, { annotations: gapFree }),
        desired('blob-logs', 'EventGrid', { ...MINIMAL.EventGrid, storageAccountResourceId: IDS.storage.replace('mystorageaccount', 'newaccount') }),
        desired('busy', 'CosmosDb'),
      ],
      [managed({ prune: true, ignore: ['legacy-*'] })],
    ),
    [
      liveDb([
        live('storm-events-iothub', 'IotHub', { ...MINIMAL.IotHub, iotHubResourceId: IDS.iotHub.toUpperCase(), dataFormat: 'JSON', databaseRouting: 'Multi', eventSystemProperties: [], retrievalStartDate: '2026-11-01T00:00:00Z' }),
        live('moved-iothub', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'old', databaseRouting: 'Single', eventSystemProperties: [] }),
        live('blob-logs', 'EventGrid', { ...MINIMAL.EventGrid, databaseRouting: 'Single', ignoreFirstRecord: false, blobStorageEventType: 'Microsoft.Storage.BlobCreated' }),
        live('busy', 'CosmosDb', MINIMAL.CosmosDb, { state: 'Creating' }),
        live('legacy-import', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: '$Default' }),
        live('stray', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'stray', compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] }),
      ]),
    ],
    { now: NOW },
  );
  return plan;
}

export function noChangesPlan(): Plan {
  const { plan } = planChanges(
    state([desired('storm-events-iothub', 'IotHub')]),
    [liveDb([live('storm-events-iothub', 'IotHub', { ...MINIMAL.IotHub, databaseRouting: 'Single', eventSystemProperties: [] })])],
    { now: NOW },
  );
  return plan;
}

export function manyCreatesPlan(count: number): Plan {
  const conns = Array.from({ length: count }, (_, i) => desired(`conn-${String(i).padStart(4, '0')}`, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `cg${i}` }));
  return planChanges(state(conns), [liveDb([])], { now: NOW }).plan;
}
