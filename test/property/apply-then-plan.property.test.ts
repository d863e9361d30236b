/**
 * The property the whole reconciler rests on: for any valid set of declared connections,
 * planning against the state that applying them produced gives no changes — through the
 * real SDK and the emulator, which answers with its own casing, display-name locations,
 * filled-in defaults and dates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/applier.js';
import { CONNECTION_KINDS, DATA_FORMATS, type ConnectionKind } from '../../src/core/kinds.js';
import type { DesiredConnection, PropertyValue } from '../../src/core/model.js';
import { readSeedFile, DEFAULT_SEED_FILE, type EmulatorSeed } from '../../src/emulator/index.js';
import { planChanges } from '../../src/plan/planner.js';
import { DB, IDS, addr, state } from '../support/builders.js';
import { useEmulator } from '../support/emulator.js';

const GROUPS = Array.from({ length: 40 }, (_, i) => `cg${i}`);

/** The example world without its connections, every hub with many consumer groups. */
function roomySeed() {
  const seed = structuredClone(readSeedFile(DEFAULT_SEED_FILE)) as unknown as {
    subscriptions: Array<{ resourceGroups: Array<{ clusters: Array<{ databases: Array<{ dataConnections?: unknown[] }> }>; eventHubNamespaces: Array<{ eventHubs: Array<{ consumerGroups: string[] }> }>; iotHubs: Array<{ consumerGroups: string[] }> }> }>;
  };
  for (const rg of seed.subscriptions[0]?.resourceGroups ?? []) {
    for (const c of rg.clusters) for (const d of c.databases) d.dataConnections = [];
    for (const ns of rg.eventHubNamespaces) for (const h of ns.eventHubs) h.consumerGroups = ['$Default', ...GROUPS];
    for (const h of rg.iotHubs) h.consumerGroups = ['$Default', ...GROUPS];
  }
  return seed as unknown as EmulatorSeed;
}

const fx = useEmulator({ operationDurationMs: 0, seed: roomySeed(), throttle: false });

const anyCase = (s: string) => fc.constantFrom(s, s.toLowerCase(), s.toUpperCase());
const location = fc.constantFrom('Central US', 'centralus', 'CentralUS', 'central us');
const table = fc.constantFrom(['StormEvents', 'StormEvents_CSV_Mapping'], ['Telemetry', 'Telemetry_JSON_Mapping'], ['BlobLogs', 'BlobLogs_CSV_Mapping']);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const dataFormat = fc.constantFrom(...DATA_FORMATS).chain((f) => anyCase(f));
const date = fc.date({ min: new Date('2024-01-01'), max: new Date('2026-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z'));

function props(kind: ConnectionKind, group: string): fc.Arbitrary<Record<string, PropertyValue | undefined>> {
  const common = { table, mapping: fc.boolean(), dataFormat: optional(dataFormat), routing: optional(anyCase('Multi')) };
  switch (kind) {
    case 'EventHub':
      return fc.record({ ...common, hub: anyCase(IDS.eventHub), comp: optional(anyCase('GZip')), esp: optional(fc.subarray(['x-opt-enqueued-time', 'x-opt-offset', 'x-opt-publisher'])), start: optional(date), mi: optional(fc.constant(IDS.identity)) }).map((r) => ({
        eventHubResourceId: r.hub, consumerGroup: group, tableName: r.table[0], mappingRuleName: r.mapping ? r.table[1] : undefined,
        dataFormat: r.dataFormat, databaseRouting: r.routing, compression: r.comp, eventSystemProperties: r.esp, retrievalStartDate: r.start, managedIdentityResourceId: r.mi,
      }));
    case 'IotHub':
      return fc.record({ ...common, hub: anyCase(IDS.iotHub), policy: fc.constantFrom('iothubforread', 'iothubowner'), esp: optional(fc.subarray(['message-id', 'iothub-enqueuedtime'])), start: optional(date) }).map((r) => ({
        iotHubResourceId: r.hub, consumerGroup: group, sharedAccessPolicyName: r.policy, tableName: r.table[0], mappingRuleName: r.mapping ? r.table[1] : undefined,
        dataFormat: r.dataFormat, databaseRouting: r.routing, eventSystemProperties: r.esp, retrievalStartDate: r.start,
      }));
    case 'EventGrid':
      return fc.record({ ...common, first: optional(fc.boolean()), ev: optional(fc.constantFrom('BlobRenamed', 'Microsoft.Storage.BlobCreated', 'microsoft.storage.blobrenamed')), grid: fc.boolean() }).map((r) => ({
        storageAccountResourceId: IDS.storage, eventHubResourceId: IDS.blobHub, consumerGroup: group, eventGridResourceId: r.grid ? IDS.eventGrid : undefined,
        tableName: r.table[0], mappingRuleName: r.mapping ? r.table[1] : undefined, dataFormat: r.dataFormat, databaseRouting: r.routing, ignoreFirstRecord: r.first, blobStorageEventType: r.ev,
      }));
    case 'CosmosDb':
      return fc.record({ mapping: fc.boolean(), start: optional(date), acct: anyCase(IDS.cosmos) }).map((r) => ({
        cosmosDbAccountResourceId: r.acct, cosmosDbDatabase: 'telemetrydb', cosmosDbContainer: 'events', tableName: 'CosmosChanges',
        mappingRuleName: r.mapping ? 'CosmosChanges_JSON_Mapping' : undefined, managedIdentityResourceId: IDS.identity, retrievalStartDate: r.start,
      }));
  }
}

function connection(i: number): fc.Arbitrary<DesiredConnection> {
  return fc.constantFrom(...CONNECTION_KINDS).chain((kind) =>
    fc.record({ p: props(kind, GROUPS[i] ?? 'cg0'), loc: location, name: fc.constantFrom(`conn-${i}`, `Conn ${i}`, `CONN.${i}`) }).map(({ p, loc, name }) => ({
      address: addr(name),
      kind,
      location: loc,
      properties: Object.fromEntries(Object.entries(p).filter((e): e is [string, PropertyValue] => e[1] !== undefined)),
      labels: {},
      annotations: {},
      source: { file: 'generated.yaml', line: 1, col: 1 },
      fieldSources: {},
    })),
  );
}

const manifests = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => connection(i))));

describe('apply then plan', () => {
  it('planning against the state a manifest set produced gives no changes, for any manifest set', async () => {
    await fc.assert(
      fc.asyncProperty(manifests, async (declared) => {
        fx.emu().control.reset();
        const port = fx.port();
        const desired = state(declared);
        const before = planChanges(desired, [{ address: DB, connections: await port.listConnections(DB) }], { now: 'now' });
        expect(before.diagnostics).toEqual([]);
        const result = await applyPlan(before.plan, port, { parallelism: 4 }, () => undefined);
        expect(result.results.filter((r) => r.outcome.status !== 'succeeded')).toEqual([]);
        const after = planChanges(desired, [{ address: DB, connections: await port.listConnections(DB) }], { now: 'now' });
        expect(after.plan.changes).toEqual([]);
        expect(after.plan.noOps).toHaveLength(declared.length);
      }),
      { numRuns: 25 },
    );
  });
});
