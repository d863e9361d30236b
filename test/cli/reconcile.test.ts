/**
 * `kustodian reconcile` end to end against the emulator: exit codes 0/1/2, the report file and
 * its schema, the safety guards (a refusal writes nothing), JSON logs, and continuous mode —
 * metrics fetched from the port, an outage between rounds survived — in process (the wait
 * between rounds injected) and as the built binary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerReconcileCommand } from '../../src/cli/commands/reconcile.js';
import type { ReconcileReport } from '../../src/reconcile/report.js';
import { captureIO, tempTrees } from '../helpers.js';
import { startBin } from '../support/bin.js';
import { IDS } from '../support/builders.js';
import { useEmulator } from '../support/emulator.js';
import { SDK_DB, type Workspace, workspace } from '../support/workspace.js';

const fx = useEmulator();
const tree = tempTrees();
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/v1/reconcile-report.schema.json'), 'utf8')) as object);

let ws: Workspace;
beforeEach(() => {
  fx.emu().control.reset();
  ws = workspace(fx, tree({}));
});

function report(file = 'report.json'): ReconcileReport {
  const value = JSON.parse(readFileSync(join(ws.dir, file), 'utf8')) as ReconcileReport;
  expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  return value;
}

function writes(): string[] {
  return fx.emu().control.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/').pop() ?? ''}`);
}

/** A connection made by hand in the pruned database: not declared, so a plan deletes it. */
async function handMade(): Promise<void> {
  await ws.sdk.dataConnections.beginCreateOrUpdateAndWait(
    ...SDK_DB,
    'hand-made',
    { kind: 'EventHub', location: 'Central US', eventHubResourceId: IDS.blobHub, consumerGroup: '$Default', tableName: 'BlobLogs', dataFormat: 'CSV' },
    { updateIntervalInMs: 5 },
  );
}

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kustodian reconcile (one round)', () => {
  it('--detailed-exitcode: exits 2 after applying changes, then 0 once converged, with a report each time', async () => {
    const first = await ws.run('reconcile', '--report', 'report.json', '--detailed-exitcode');
    expect(first.code, first.err).toBe(2);
    expect(first.out).toMatch(/Reconcile converged after changes: 4 of 4 changes applied in [\d.]+ s\.\n$/);
    const changed = report();
    expect(changed).toMatchObject({ result: 'changed', round: 1, drift: { missing: 3, drifted: 1 } });
    expect(changed.changes.map((c) => `${c.action} ${c.address.split('/').pop() ?? ''} ${c.status}`)).toEqual([
      'create blob-logs-eventgrid succeeded',
      'create cosmos-changes succeeded',
      'update storm-events-iothub succeeded',
      'create telemetry-eventhub succeeded',
    ]);

    const second = await ws.run('reconcile', '--report', 'report.json', '--detailed-exitcode');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Reconcile converged: nothing to do \(4 in sync\)/);
    expect(report()).toMatchObject({ result: 'converged', changes: [], drift: { 'in-sync': 4 } });
  });

  it('a replacement is refused without an opt-in: exit 1, nothing written; --allow-replace lets it through', async () => {
    expect((await ws.run('reconcile')).code).toBe(0);
    const file = join(ws.dir, 'manifests/mykustodatabase/telemetry-eventhub.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('compression: None', 'compression: GZip'));
    fx.emu().control.clearRequests();

    const refused = await ws.run('reconcile', '--report', 'report.json');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('error KD302: refused: 00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase/telemetry-eventhub: a replacement deletes and re-creates the connection; pass --allow-replace');
    expect(refused.out).toMatch(/Reconcile failed: a safety rule refused the plan; nothing was changed/);
    expect(writes()).toEqual([]);
    expect(report()).toMatchObject({ result: 'failed', failedStage: 'safety', refusals: [{ rule: 'replace-not-allowed' }], changes: [{ action: 'replace', status: 'not-run' }] });

    const allowed = await ws.run('reconcile', '--allow-replace');
    expect(allowed.code).toBe(0);
    expect(writes()).toEqual(['DELETE telemetry-eventhub', 'PUT telemetry-eventhub']);
  });

  it('deleting an undeclared connection needs --allow-delete', async () => {
    expect((await ws.run('reconcile')).code).toBe(0);
    await handMade();
    fx.emu().control.clearRequests();
    const refused = await ws.run('reconcile');
    expect([refused.code, writes()]).toEqual([1, []]);
    expect(refused.err).toContain('hand-made: deletion needs --allow-delete');
    expect((await ws.run('reconcile', '--allow-delete')).code).toBe(0);
    expect(writes()).toEqual(['DELETE hand-made']);
  });

  it('--skip-refused: a refused delete is reported and left alone, every other fix is applied (exit 3)', async () => {
    expect((await ws.run('reconcile')).code).toBe(0);
    await handMade();
    const file = join(ws.dir, 'manifests/mykustodatabase/storm-events-iothub.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('dataFormat: CSV', 'dataFormat: JSON'));
    fx.emu().control.clearRequests();

    const round = await ws.run('reconcile', '--skip-refused', '--report', 'report.json');
    expect(round.code, round.err).toBe(3);
    expect(round.out).toMatch(/Reconcile converged after changes: 1 of 1 changes applied, except 1 refused change \(left alone; see the refusals above\) in [\d.]+ s\.\n$/);
    expect(round.err).toContain('error KD302: refused: 00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase/hand-made: deletion needs --allow-delete');
    expect(writes()).toEqual(['PUT storm-events-iothub']);
    expect(report()).toMatchObject({
      result: 'changed',
      changes: [{ action: 'update', address: expect.stringMatching(/storm-events-iothub$/), status: 'succeeded' }],
      refusals: [{ rule: 'delete-not-allowed', address: expect.stringMatching(/hand-made$/), addresses: [expect.stringMatching(/hand-made$/)] }],
    });

    // The next round: nothing else to do, the refusal still reported, still exit 3.
    fx.emu().control.clearRequests();
    const again = await ws.run('reconcile', '--skip-refused');
    expect([again.code, writes()]).toEqual([3, []]);
    expect(again.out).toMatch(/Reconcile converged, except 1 refused change \(left alone; see the refusals above\) after/);
    expect(again.err).toContain('hand-made: deletion needs --allow-delete');
  });

  it('a change the service fails makes the round fail (exit 1) and the report says which and why', async () => {
    fx.emu().control.injectFault({ method: 'PUT', path: 'cosmos-changes$', times: 1, action: { type: 'failOperation', code: 'CosmosDbValidationFailed', message: 'container not reachable' } });
    const r = await ws.run('reconcile', '--report', 'report.json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error KD304: create failed at its create step: CosmosDbValidationFailed: container not reachable');
    const failed = report();
    expect(failed.failedStage).toBe('apply');
    expect(failed.changes.find((c) => c.address.endsWith('/cosmos-changes'))).toMatchObject({ status: 'failed', step: 'create', error: { code: 'CosmosDbValidationFailed' } });
    expect(failed.changes.filter((c) => c.status === 'succeeded')).toHaveLength(3);
  });

  it('-o json: one JSON object per line — the plan, each event, and the summary (the report)', async () => {
    const r = await ws.run('reconcile', '-o', 'json', '--report', 'report.json');
    expect(r.code).toBe(0);
    const records = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; round?: number });
    expect(records[0]?.type).toBe('plan');
    expect(records.at(-1)?.type).toBe('summary');
    expect(new Set(records.slice(1, -1).map((x) => x.type))).toEqual(new Set(['started', 'accepted', 'succeeded']));
    expect(records.every((x) => x.round === 1)).toBe(true);
    const { type: _summary, ...summary } = records.at(-1) as Record<string, unknown>;
    expect(summary).toEqual(report());
  });

  it('says what to do when the metrics port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await ws.run('reconcile', '--interval', '1m', '--metrics-port', String(port));
      expect(r.code).toBe(1);
      expect(r.err).toBe(`kustodian: --metrics-port ${port}: the port is already in use on 127.0.0.1; choose another (0 picks a free one)\n`);
    } finally {
      blocker.close();
    }
  });

  it('refuses --metrics-port without --interval, before touching Azure', async () => {
    fx.emu().control.clearRequests();
    const r = await ws.run('reconcile', '--metrics-port', '0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--metrics-port needs --interval');
    expect(fx.emu().control.requests()).toEqual([]);
  });
});

describe('kustodian reconcile --interval (continuous)', () => {
  it('serves metrics, survives an outage between rounds, and stops cleanly', async () => {
    const io = captureIO(ws.dir, { NO_COLOR: '1' });
    const stop = new AbortController();
    const sleeps: Array<() => void> = [];
    let exit: number | undefined;
    const program = new Command('kustodian').exitOverride();
    registerReconcileCommand(program, io, (c) => (exit = c), {
      sleep: (_ms, signal) =>
        new Promise((resolve) => {
          sleeps.push(resolve);
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
      random: () => 0.5,
      interrupts: () => ({ stop: stop.signal, abort: new AbortController().signal, dispose: () => undefined }),
    });
    const flags = ['--endpoint', fx.emu().endpoint, '--ca-file', 'ca.pem', '--credential', 'emulator', '--poll-interval', '10ms'];
    const running = program.parseAsync(['node', 'kustodian', 'reconcile', '--interval', '10m', '--metrics-port', '0', '-o', 'json', '--report', 'report.json', ...flags]);

    const records = () => io.out().trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const metricsUrl = async (): Promise<string> => {
      await until('the metrics URL is logged', () => records().some((r) => r['type'] === 'metrics'));
      return String(records().find((r) => r['type'] === 'metrics')?.['url']);
    };
    const scrape = async (): Promise<string> => (await fetch(await metricsUrl())).text();
    const sample = (text: string, name: string): number => Number(new RegExp(`^${name.replace(/[{}"|]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);

    // Round 1 applies the example manifests.
    await until('round 1 is done', () => sleeps.length === 1);
    const afterFirst = await scrape();
    expect(sample(afterFirst, 'kustodian_reconcile_total{result="changed"}')).toBe(1);
    expect(sample(afterFirst, 'kustodian_drift_connections{database="00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase"}')).toBe(4);
    const lastSuccess = sample(afterFirst, 'kustodian_last_success_timestamp_seconds');
    expect(lastSuccess).toBeGreaterThan(0);
    expect(records().find((r) => r['type'] === 'waiting')).toMatchObject({ round: 2, waitMs: 600_000 });

    // Round 2 runs into an outage: the list is refused.
    fx.emu().control.injectFault({ method: 'GET', path: 'dataConnections$', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: 'the role assignment is gone' } });
    sleeps[0]?.();
    await until('round 2 is done', () => sleeps.length === 2);
    const duringOutage = await scrape();
    expect(sample(duringOutage, 'kustodian_reconcile_total{result="failed"}')).toBe(1);
    expect(sample(duringOutage, 'kustodian_last_success_timestamp_seconds')).toBe(lastSuccess);
    expect(report()).toMatchObject({ round: 2, result: 'failed', failedStage: 'plan', diagnostics: [{ code: 'KD402' }], totals: { rounds: 2, changed: 1, failed: 1 } });

    // The outage ends; someone changed a connection meanwhile; round 3 puts it back.
    fx.emu().control.clearFaults();
    await ws.sdk.dataConnections.beginUpdateAndWait(...SDK_DB, 'telemetry-eventhub', { kind: 'EventHub', dataFormat: 'CSV' }, { updateIntervalInMs: 5 });
    sleeps[1]?.();
    await until('round 3 is done', () => sleeps.length === 3);
    const recovered = await scrape();
    expect(sample(recovered, 'kustodian_reconcile_total{result="changed"}')).toBe(2);
    expect(sample(recovered, 'kustodian_drift_connections{database="00000000-0000-0000-0000-000000000000/testrg/mykustocluster/mykustodatabase"}')).toBe(1);
    expect(sample(recovered, 'kustodian_last_success_timestamp_seconds')).toBeGreaterThan(lastSuccess);
    expect(fx.emu().control.getDataConnection({ subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: SDK_DB[0], cluster: SDK_DB[1], database: SDK_DB[2], name: 'telemetry-eventhub' })?.properties['dataFormat']).toBe('JSON');

    const base = (await metricsUrl()).replace(/\/metrics$/, '');
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${base}/`)).status).toBe(404);

    stop.abort();
    await running;
    expect(exit).toBe(0);
    expect(records().at(-1)).toEqual({ type: 'stopped', rounds: 3 });
    await expect(fetch(await metricsUrl())).rejects.toThrow();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('runs as the built binary: rounds go on, metrics are served, %s stops it with exit 0', async (signal) => {
    const bin = startBin(['reconcile', '--interval', '200ms', '--metrics-port', '0', '-o', 'json', '--poll-interval', '10ms'], { cwd: ws.dir, env: ws.env });
    try {
      const lines = () => bin.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      await until('two rounds are done', () => lines().filter((r) => r['type'] === 'summary').length >= 2);
      const url = String(lines().find((r) => r['type'] === 'metrics')?.['url']);
      const text = await (await fetch(url)).text();
      expect(text).toMatch(/^kustodian_reconcile_total\{result="changed"\} 1$/m);
      expect(text).toMatch(/^kustodian_reconcile_total\{result="converged"\} [1-9]\d*$/m);
      bin.child.kill(signal);
      const done = await bin.exited;
      expect(done.code).toBe(0);
      expect(lines().at(-1)?.['type']).toBe('stopped');
    } finally {
      bin.child.kill('SIGKILL');
    }
  });

  it('one round as the built binary exits 0 after applying changes (2 with --detailed-exitcode) and writes the report', async () => {
    const done = await startBin(['reconcile', '--report', 'report.json', '--poll-interval', '10ms'], { cwd: ws.dir, env: ws.env }).exited;
    expect(done.code, done.stderr).toBe(0);
    expect(report().result).toBe('changed');
  });
});
