/**
 * The prerequisite checks' ARM reads (Event Hubs, Authorization, the cluster) are paced to the
 * subscription's read budget through the same RateLimiter as the Kusto port's reads: many
 * connections' checks, with the Kusto port reading at the same time, never run into ARM's 429.
 * The emulator's buckets are scaled down (burst 10, 20/s) and the client paces to the same
 * budget; retries are off, so a throttled read would show as a 429 in the emulator's counters
 * and as a could-not-check line.
 */
import { describe, expect, it } from 'vitest';
import { createKustoPort } from '../../src/azure/arm/kusto-port.js';
import { emulatorCredential } from '../../src/azure/identity/credentials.js';
import { createPrerequisitePort } from '../../src/azure/prerequisites/prerequisite-port.js';
import { RateLimiter } from '../../src/azure/pipeline/rate-limit.js';
import { DEFAULT_SETTINGS, type AzureSettings } from '../../src/azure/settings.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { type CheckTarget, checkTargets } from '../../src/workflow/prerequisite-job.js';
import { withEmulator } from '../support/emulator.js';

const SUB = '00000000-0000-0000-0000-0000000000b2';
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
const CLUSTER = `${RG}/providers/Microsoft.Kusto/clusters/kc`;
const HUBS = Array.from({ length: 12 }, (_, i) => `hub${i}`);

const SEED: EmulatorSeed = {
  subscriptions: [
    {
      id: SUB,
      resourceGroups: [
        {
          name: 'rg',
          clusters: [{ name: 'kc', location: 'West Europe', databases: [{ name: 'db1' }] }],
          eventHubNamespaces: [{ name: 'ns', eventHubs: HUBS.map((name) => ({ name, consumerGroups: ['$Default', 'adx'] })) }],
        },
      ],
      roleAssignments: [{ scope: RG, role: 'Azure Event Hubs Data Receiver', cluster: 'kc' }],
    },
  ],
};

/** ARM's read budget scaled as the emulator's throttle below scales it: burst 250 × 0.04, refill 25/s × 0.04 × 20. */
const BUDGET = { burst: 10, perSecond: 20 };

const targets: CheckTarget[] = HUBS.map((hub) => ({
  address: `${SUB}/rg/kc/db1/${hub}`,
  database: { subscriptionId: SUB, resourceGroup: 'rg', cluster: 'kc', database: 'db1' },
  body: {
    kind: 'EventHub',
    location: 'West Europe',
    properties: { eventHubResourceId: `${RG}/providers/Microsoft.EventHub/namespaces/ns/eventhubs/${hub}`, consumerGroup: 'adx', managedIdentityResourceId: CLUSTER },
  },
}));

describe('prerequisite reads are paced to the ARM read budget', () => {
  it("many connections' checks, with the Kusto port reading alongside through the same limiter, get no 429", async () => {
    await withEmulator({ seed: SEED, throttle: { scale: 0.04, timeScale: 20 } }, async (emu) => {
      const settings: AzureSettings = { ...DEFAULT_SETTINGS, endpoint: emu.endpoint, ca: emu.ca, credential: 'emulator', maxRetries: 0 };
      const pacing = new RateLimiter({ reads: BUDGET, writes: BUDGET, deletes: BUDGET });
      const kusto = createKustoPort(settings, {}, emulatorCredential(), pacing);
      const prerequisites = createPrerequisitePort(settings, emulatorCredential(), {}, pacing);
      const database = { subscriptionId: SUB, resourceGroup: 'rg', cluster: 'kc', database: 'db1' };
      const [results] = await Promise.all([checkTargets(targets, prerequisites), ...Array.from({ length: 8 }, () => kusto.listConnections(database))]);
      const counters = emu.control.counters();
      // Far more reads than the burst: the budget's refill, not its burst, carried the run.
      expect(counters.total).toBeGreaterThan(BUDGET.burst * 4);
      expect(counters.statuses['429'] ?? 0).toBe(0);
      const statuses = results.flatMap((r) => r.checks.map((c) => `${c.code} ${c.status}`));
      expect(statuses.filter((s) => !s.endsWith(' pass'))).toEqual([]);
      expect(statuses.filter((s) => s === 'KD713 pass')).toHaveLength(HUBS.length);
    });
  });
});
