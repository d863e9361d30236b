/**
 * The fault matrix: the built CLI applies the example manifests against the emulator while it
 * injects faults — throttling storms within and beyond the retries of one request, 5xx bursts, connections
 * dropped mid-request and mid-poll, operations that fail or never finish, conflicts, faults on
 * deletes and replacements. Each case checks the exit code, the report, how many faults fired,
 * and the live state the apply left; where the apply could not finish, a second apply converges.
 * Cases run concurrently, each against its own emulator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultSpec, RunningEmulator } from '../../src/emulator/index.js';
import { emulatorEnv, runCli, workspace, type CliRun } from '../support/cli.js';
import { expectConverged, planFor } from '../support/converge.js';
import { withEmulator } from '../support/emulator.js';
import { tlsFor } from '../../src/emulator/http/tls.js';
import { fullRun, recordFigures } from '../support/figures.js';

/** A CA of its own: it signed nothing the emulator's server presents. */
const WRONG_CA = (await tlsFor('wrong-ca.kustodian.invalid')).ca;

const DB = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'mykustodatabase' };
const EH = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry';

interface Context {
  readonly emu: RunningEmulator;
  readonly dir: string;
  readonly apply: (extra?: readonly string[]) => Promise<CliRun>;
}

interface FaultCase {
  readonly name: string;
  readonly faults: readonly FaultSpec[];
  /** Changes to the world or the manifests before the apply. */
  readonly setup?: (ctx: Context) => void;
  readonly args?: readonly string[];
  readonly exit: 0 | 1;
  /** Lines the apply's output must have. */
  readonly report: readonly RegExp[];
  /** How many answers of each status the faults caused (`0`: a dropped connection). */
  readonly fired: Readonly<Record<string, number>>;
  /** The live state after the apply; by default, converged to the manifests. */
  readonly after?: (ctx: Context, first: CliRun) => Promise<void>;
}

const connection = (emu: RunningEmulator, name: string) => emu.control.getDataConnection({ ...DB, name });

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, 'manifests', 'mykustodatabase', file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

/** The apply could not finish; a second one converges and says what it did. */
async function rerunConverges(ctx: Context, plan: RegExp): Promise<void> {
  const again = await ctx.apply();
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(again.stdout).toMatch(plan);
  await expectConverged(ctx.emu, ctx.dir);
}

const CASES: readonly FaultCase[] = [
  {
    name: '429 storm with Retry-After: 5 in a row on one write, within the retries of one request (5 by default)',
    faults: [{ method: 'PUT', path: 'telemetry-eventhub$', times: 5, action: { type: 'status', status: 429, retryAfterSeconds: 0 } }],
    exit: 0,
    report: [/Apply complete: 4 of 4 succeeded/],
    fired: { '429': 5 },
  },
  {
    name: '429 storm with Retry-After: 20 in a row, longer than the retries: 6 attempts, reported as throttled, the others finish, a re-run converges',
    faults: [{ method: 'PUT', path: 'telemetry-eventhub$', times: 20, action: { type: 'status', status: 429, retryAfterSeconds: 0 } }],
    exit: 1,
    report: [/telemetry-eventhub +failed \(create\) 429 TooManyRequests: /, /Apply incomplete: 3 of 4 succeeded, 1 failed, 0 skipped, 0 interrupted\./],
    fired: { '429': 6 },
    after: async (ctx) => {
      ctx.emu.control.clearFaults();
      await rerunConverges(ctx, /Plan: 1 to create, 0 to update, 0 to replace, 0 to delete\./);
    },
  },
  {
    name: '429 storm without Retry-After: 3 in a row (the SDK alone does not retry these; the retry policy backs off 1, 2, 4 s, well within --request-timeout)',
    faults: [{ method: 'PUT', path: 'cosmos-changes$', times: 3, action: { type: 'status', status: 429 } }],
    exit: 0,
    report: [/Apply complete: 4 of 4 succeeded/],
    fired: { '429': 3 },
  },
  {
    name: '500 and 503 bursts on writes and on the list',
    faults: [
      { method: 'PUT', path: 'blob-logs-eventgrid$', times: 2, action: { type: 'status', status: 500 } },
      { method: 'PUT', path: 'storm-events-iothub$', times: 2, action: { type: 'status', status: 503 } },
      { method: 'GET', path: 'dataConnections$', times: 1, action: { type: 'status', status: 503, retryAfterSeconds: 0 } },
    ],
    exit: 0,
    report: [/Apply complete: 4 of 4 succeeded/],
    fired: { '500': 2, '503': 3 },
  },
  {
    name: 'connections dropped mid-request (a PUT, the list) and mid-poll (the operation status)',
    faults: [
      { method: 'PUT', path: 'telemetry-eventhub$', times: 2, action: { type: 'drop' } },
      { method: 'GET', path: 'dataConnections$', times: 1, action: { type: 'drop' } },
      { method: 'GET', path: '/operationResults/', times: 3, action: { type: 'drop' } },
    ],
    exit: 0,
    report: [/Apply complete: 4 of 4 succeeded/],
    fired: { '0': 6 },
  },
  {
    name: '409 Conflict (another operation on the connection): backed off and retried',
    faults: [{ method: 'PUT', path: 'cosmos-changes$', times: 3, action: { type: 'status', status: 409, code: 'Conflict', message: 'another operation is in progress' } }],
    exit: 0,
    report: [/Apply complete: 4 of 4 succeeded/],
    fired: { '409': 3 },
  },
  {
    name: 'a long-running create that fails: reported with the service code, the others finish, a re-run creates it',
    faults: [{ method: 'PUT', path: 'telemetry-eventhub$', times: 1, action: { type: 'failOperation', code: 'EventHubValidationErorFound', message: 'table does not exist' } }],
    exit: 1,
    report: [/telemetry-eventhub +failed \(create\) EventHubValidationErorFound: table does not exist/, /Apply incomplete: 3 of 4 succeeded, 1 failed, 0 skipped, 0 interrupted\./],
    fired: {},
    after: async (ctx) => {
      expect(connection(ctx.emu, 'telemetry-eventhub')).toBeUndefined();
      await rerunConverges(ctx, /Plan: 1 to create, 0 to update, 0 to replace, 0 to delete\./);
    },
  },
  {
    name: 'a long-running update that fails: the previous definition stays, marked Failed, and a re-run repairs it',
    faults: [{ method: 'PUT', path: 'storm-events-iothub$', times: 1, action: { type: 'failOperation', code: 'InternalError', message: 'the update could not be applied' } }],
    exit: 1,
    report: [/storm-events-iothub +failed \(update\) InternalError: the update could not be applied/, /3 of 4 succeeded, 1 failed/],
    fired: {},
    after: async (ctx) => {
      const storm = connection(ctx.emu, 'storm-events-iothub');
      expect(storm?.properties['provisioningState']).toBe('Failed');
      expect(storm?.properties['dataFormat']).toBe('JSON');
      await rerunConverges(ctx, /~ IotHub storm-events-iothub/);
    },
  },
  {
    name: 'an operation that never finishes: --operation-timeout ends the wait; the next plan shows it in progress and leaves it alone',
    faults: [{ method: 'PUT', path: 'cosmos-changes$', times: 1, action: { type: 'hangOperation' } }],
    args: ['--operation-timeout', '1s'],
    exit: 1,
    report: [/cosmos-changes +failed \(create\) the operation did not finish within 1 s; it may still be running on the service/, /3 of 4 succeeded, 1 failed/],
    fired: {},
    after: async (ctx) => {
      const plan = await planFor(ctx.emu, ctx.dir);
      expect(plan.changes).toEqual([]);
      expect(plan.inProgress.map((r) => r.target.name)).toEqual(['cosmos-changes']);
      ctx.emu.control.clearRequests();
      const again = await ctx.apply();
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/In progress on the service \(not touched\):\n.*cosmos-changes \(CosmosDb\)/);
      expect(ctx.emu.control.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    },
  },
  {
    name: 'faults on a delete and on both halves of a replacement (--allow-delete, --allow-replace)',
    setup: (ctx) => {
      ctx.emu.control.putDataConnection({ ...DB, name: 'stray' }, { kind: 'EventHub', properties: { eventHubResourceId: EH, consumerGroup: 'stray', tableName: 'Telemetry' } });
      edit(ctx.dir, 'storm-events-iothub.yaml', 'databaseRouting: Multi', 'databaseRouting: Single');
    },
    faults: [
      { method: 'DELETE', path: 'stray$', times: 1, action: { type: 'drop' } },
      { method: 'DELETE', path: 'storm-events-iothub$', times: 3, action: { type: 'status', status: 429, retryAfterSeconds: 0 } },
      { method: 'PUT', path: 'storm-events-iothub$', times: 1, action: { type: 'status', status: 500 } },
    ],
    args: ['--allow-delete', '--allow-replace'],
    exit: 0,
    report: [/-\/\+ IotHub storm-events-iothub/, /Apply complete: 5 of 5 succeeded/],
    fired: { '0': 1, '429': 3, '500': 1 },
  },
  {
    name: 'an unreachable endpoint (nobody listens on 127.0.0.1:9): announced retries for seconds, then one KD404 naming it; a run against the right endpoint converges',
    faults: [],
    args: ['--endpoint', 'https://127.0.0.1:9'],
    exit: 1,
    report: [],
    fired: {},
    after: async (ctx, first) => {
      expect(first.stderr.split('\n').filter((l) => /error KD\d{3}/.test(l))).toEqual([
        '00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase: error KD404: Azure Resource Manager could not be reached (ECONNREFUSED: 127.0.0.1:9 refused the connection)',
      ]);
      expect(first.stderr).toMatch(/connection refused \(ECONNREFUSED\); attempt \d of 6, next try in \d+ s/);
      expect(ctx.emu.control.requests()).toEqual([]);
      await applyConverges(ctx);
    },
  },
  {
    name: 'a bad certificate (--ca-file holds another CA): not retried, one KD404 that says to check --ca-file; with the right CA a run converges',
    setup: (ctx) => writeFileSync(join(ctx.dir, 'wrong-ca.pem'), WRONG_CA),
    faults: [],
    args: ['--ca-file', 'wrong-ca.pem'],
    exit: 1,
    report: [],
    fired: {},
    after: async (ctx, first) => {
      expect(first.stderr).toMatch(/^\S+: error KD404: Azure Resource Manager could not be reached \(\w+: the TLS connection to 127\.0\.0\.1:\d+ failed: .*\)\n {2}hint: check --ca-file/);
      expect(first.stderr).not.toMatch(/next try in/);
      expect(ctx.emu.control.requests()).toEqual([]);
      await applyConverges(ctx);
    },
  },
];

/** The apply again without the case's flags (so with the environment's endpoint and CA): it converges. */
async function applyConverges(ctx: Context): Promise<void> {
  const again = await runCli(['apply', '--auto-approve', '--poll-interval', '10ms'], { cwd: ctx.dir, env: emulatorEnv(ctx.emu, ctx.dir) });
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(again.stdout).toMatch(/Apply complete: 4 of 4 succeeded/);
  await expectConverged(ctx.emu, ctx.dir);
}

/** `npm run reliability` runs the whole matrix three times over. */
const ROUNDS = fullRun() ? 3 : 1;
const RUNS = Array.from({ length: ROUNDS }, (_, i) => CASES.map((c) => ({ ...c, round: `${i + 1}/${ROUNDS}` }))).flat();

describe('fault matrix (e2e)', () => {
  it.concurrent.each(RUNS)('$name (round $round)', async (c) => {
    await withEmulator({}, async (emu) => {
      const dir = workspace();
      const env = emulatorEnv(emu, dir);
      const ctx: Context = { emu, dir, apply: (extra = []) => runCli(['apply', '--auto-approve', '--poll-interval', '10ms', ...(c.args ?? []), ...extra], { cwd: dir, env }) };
      c.setup?.(ctx);
      for (const f of c.faults) emu.control.injectFault(f);
      const first = await ctx.apply();
      expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(c.exit);
      for (const line of c.report) expect(first.stdout).toMatch(line);
      const statuses = emu.control.counters().statuses;
      for (const [status, count] of Object.entries(c.fired)) expect(statuses[status] ?? 0, `answers with status ${status}`).toBe(count);
      if (c.after) await c.after(ctx, first);
      else await expectConverged(emu, dir);
      const injected = Object.values(c.fired).reduce((a, b) => a + b, 0) + c.faults.filter((f) => f.action.type === 'failOperation' || f.action.type === 'hangOperation').length;
      recordFigures('faults', { cases: 1, faultsInjected: injected });
    });
  });
});
