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

/** The all-actions plan with `--check-prerequisites` results: a pass, a failure and a check that could not run. */
export function prerequisitesPlan(): Plan {
  const plan = allActionsPlan();
  const [first, second] = plan.changes.filter((c) => c.action !== 'delete');
  return {
    ...plan,
    prerequisites: [
      {
        address: first?.address ?? '',
        checks: [
          { code: 'KD701', status: 'pass', subject: "table 'Events' in database 'mykustodatabase'" },
          {
            code: 'KD704',
            status: 'fail',
            subject: "consumer group 'fresh' of event hub 'telemetry'",
            message: 'the consumer group does not exist on the event hub',
            hint: 'create it: az eventhubs eventhub consumer-group create --resource-group testrg --namespace-name ns --eventhub-name telemetry --name fresh, or fix consumerGroup',
          },
        ],
      },
      {
        address: second?.address ?? '',
        checks: [
          {
            code: 'KD713',
            status: 'could-not-check',
            subject: "the cluster's system-assigned identity (principal 1111) may Microsoft.EventHub/namespaces/messages/receive/action on 'telemetry'",
            message: 'could not check: 403 AuthorizationFailed | <b>not</b> `allowed`',
            hint: "kustodian's identity may not read this: Microsoft.Authorization/roleAssignments/read and roleDefinitions/read on the source",
          },
        ],
      },
    ],
  };
}
