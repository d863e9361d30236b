/**
 * 10,000 connections in 1,000 databases: a list touches only its database's connections and
 * a get touches one. Counted in records visited, not timed (timings belong to benchmarks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator, type SeedDataConnection } from '../../src/emulator/index.js';
import { SUB, api, raw } from './helpers.js';

const DATABASES = 1_000;
const PER_DATABASE = 10;
let emu: RunningEmulator;

function bigSeed(): EmulatorSeed {
  const databases = Array.from({ length: DATABASES }, (_, d) => ({
    name: `db${d}`,
    dataConnections: Array.from(
      { length: PER_DATABASE },
      (_, c): SeedDataConnection => ({
        name: `conn${c}`,
        kind: 'EventHub',
        properties: { eventHubResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/h${d}`, consumerGroup: `cg${c}` },
      }),
    ),
  }));
  return { subscriptions: [{ id: SUB, resourceGroups: [{ name: 'rg', clusters: [{ name: 'big', location: 'eastus', databases }] }] }] };
}

beforeAll(async () => {
  emu = await startEmulator({ seed: bigSeed(), throttle: false, operationDurationMs: 0 });
});
afterAll(() => emu.stop());

const base = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kusto/clusters/big/databases`;

describe('the index by database', () => {
  it('holds 10,000 connections', () => {
    expect(emu.control.state().connections).toHaveLength(DATABASES * PER_DATABASE);
  });

  it('a list visits only its own database', async () => {
    const before = emu.control.indexWork();
    const res = await raw(emu, 'GET', api(`${base}/db567/dataConnections`));
    expect((res.json as { value: unknown[] }).value).toHaveLength(PER_DATABASE);
    expect(emu.control.indexWork() - before).toBe(PER_DATABASE);
  });

  it('a get visits one record, whatever the casing', async () => {
    const before = emu.control.indexWork();
    const res = await raw(emu, 'GET', api(`${base}/DB999/dataConnections/CONN9`));
    expect(res.status).toBe(200);
    expect(emu.control.indexWork() - before).toBe(1);
  });

  it('a get of a missing connection visits none', async () => {
    const before = emu.control.indexWork();
    expect((await raw(emu, 'GET', api(`${base}/db1/dataConnections/nope`))).status).toBe(404);
    expect(emu.control.indexWork() - before).toBe(0);
  });
});
