/** `kustodian apply`, end to end: the built CLI against the emulator, faults included. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { emulatorEnv, runCli, workspace, writesIn } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const fx = useEmulator();
const DB = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'mykustodatabase' };
const EH = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry';

beforeEach(() => {
  fx.emu().control.reset();
  fx.emu().control.clearRequests();
});

function run(cmd: string, args: string[], dir: string) {
  return runCli([cmd, '--poll-interval', '10ms', ...args], { cwd: dir, env: emulatorEnv(fx.emu(), dir) });
}

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, 'manifests', 'mykustodatabase', file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  writeFileSync(path, text.replace(from, to));
}

function stray(name: string, consumerGroup: string): void {
  fx.emu().control.putDataConnection({ ...DB, name }, { kind: 'EventHub', properties: { eventHubResourceId: EH, consumerGroup, tableName: 'Telemetry', dataFormat: 'JSON' } });
}

describe('kustodian apply (e2e)', () => {
  it('--dry-run prints the plan and makes no write request at all', async () => {
    const dir = workspace();
    const dry = await run('apply', ['--dry-run', '--detailed-exitcode'], dir);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain('Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.');
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect(writesIn(fx.emu())).toEqual([]);
    expect((await run('apply', ['--dry-run'], dir)).code).toBe(0);
  });

  it('without a terminal and without --auto-approve it refuses, saying how to approve', async () => {
    const result = await run('apply', [], workspace());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/KD303: no terminal to ask for approval.*\n.*--auto-approve/);
    expect(writesIn(fx.emu())).toEqual([]);
  });

  it('applies every kind, then plans no changes; a second apply says so without prompting', async () => {
    const dir = workspace();
    const first = await run('apply', ['--auto-approve'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Apply complete: 4 of 4 succeeded, 0 failed, 0 skipped, 0 interrupted.');
    const kinds = fx.emu().control.listDataConnections(DB).map((c) => [c.name.split('/').pop(), c.kind, c.properties['provisioningState']]);
    expect(kinds.sort()).toEqual([
      ['blob-logs-eventgrid', 'EventGrid', 'Succeeded'],
      ['cosmos-changes', 'CosmosDb', 'Succeeded'],
      ['legacy-import', 'EventHub', 'Succeeded'],
      ['storm-events-iothub', 'IotHub', 'Succeeded'],
      ['telemetry-eventhub', 'EventHub', 'Succeeded'],
    ]);
    fx.emu().control.clearRequests();
    const again = await run('apply', [], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expect(writesIn(fx.emu())).toEqual([]);
  });

  it('a replacement is refused without --allow-replace (nothing written), then carried out with it', async () => {
    const dir = workspace();
    expect((await run('apply', ['--auto-approve'], dir)).code).toBe(0);
    // telemetry-eventhub moves to (blobevents, adx), which blob-logs-eventgrid gives up:
    // two replacements, the second waiting for the first
    edit(dir, 'telemetry-eventhub.yaml', 'eventhubs/telemetry', 'eventhubs/blobevents');
    edit(dir, 'blob-logs-eventgrid.yaml', 'consumerGroup: adx', 'consumerGroup: $Default');
    fx.emu().control.clearRequests();
    const refused = await run('apply', ['--auto-approve'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/KD302: refused: .*telemetry-eventhub: a replacement deletes and re-creates the connection; pass --allow-replace/);
    expect(refused.stderr).toContain('Nothing was changed.');
    expect(writesIn(fx.emu())).toEqual([]);

    const done = await run('apply', ['--auto-approve', '--allow-replace'], dir);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/-\/\+ EventHub telemetry-eventhub/);
    expect(done.stdout).toContain('events enqueued between the delete and the create are NOT ingested');
    expect(done.stdout).toMatch(/# \(waits for .*blob-logs-eventgrid\)/);
    const writes = writesIn(fx.emu()).map((w) => `${w.split(' ')[0]} ${w.split('/').pop()}`);
    expect(writes.filter((w) => w.endsWith('telemetry-eventhub'))).toEqual(['DELETE telemetry-eventhub', 'PUT telemetry-eventhub']);
    expect(writes.filter((w) => w.endsWith('blob-logs-eventgrid'))).toEqual(['DELETE blob-logs-eventgrid', 'PUT blob-logs-eventgrid']);
    // the pair is taken only after blob-logs-eventgrid was re-created elsewhere
    expect(writes.indexOf('PUT telemetry-eventhub')).toBeGreaterThan(writes.indexOf('PUT blob-logs-eventgrid'));
    expect((await run('plan', ['--detailed-exitcode'], dir)).code).toBe(0);
  });

  it('deletions need --allow-delete, respect --max-deletes, and never touch ignored names', async () => {
    const dir = workspace();
    stray('stray-one', 'adx');
    stray('stray-two', '$Default');
    fx.emu().control.deleteDataConnection({ ...DB, name: 'legacy-import' });
    stray('legacy-import', 'kustodian-legacy');
    fx.emu().control.clearRequests();
    const noFlag = await run('apply', ['--auto-approve'], dir);
    expect(noFlag.code).toBe(1);
    expect(noFlag.stderr).toMatch(/stray-one: deletion needs --allow-delete/);
    const tooMany = await run('apply', ['--auto-approve', '--allow-delete', '--max-deletes', '1'], dir);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/deletes 2 connections, more than --max-deletes 1/);
    expect(writesIn(fx.emu())).toEqual([]);
    // stray-one holds (telemetry, adx), which telemetry-eventhub needs: the create waits for the delete
    const ok = await run('apply', ['--auto-approve', '--allow-delete'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/# \(waits for .*stray-one\)/);
    const names = fx.emu().control.listDataConnections(DB).map((c) => c.name.split('/').pop()).sort();
    expect(names).toEqual(['blob-logs-eventgrid', 'cosmos-changes', 'legacy-import', 'storm-events-iothub', 'telemetry-eventhub']);
  });

  it('a saved plan carries its opt-ins: apply --plan honours exactly them, bounded by its own --max-deletes', async () => {
    const dir = workspace();
    stray('stray-one', 'adx');
    const without = await run('plan', ['--out', 'without.json', '--detailed-exitcode'], dir);
    expect(without.code).toBe(3);
    expect(without.stdout).toMatch(/Apply will refuse this plan \(made with --max-deletes 10\):\n.*stray-one: deletion needs --allow-delete/);
    const widened = await run('apply', ['--plan', 'without.json', '--auto-approve', '--allow-delete'], dir);
    expect(widened.stderr).toMatch(/warning KD306: --allow-delete is not used: a saved plan is applied with the opt-ins it was made with \(--max-deletes 10\)/);
    expect(widened.stderr).toMatch(/stray-one: deletion needs --allow-delete/);
    expect(widened.code).toBe(1);
    expect(writesIn(fx.emu())).toEqual([]);

    const reviewed = await run('plan', ['--out', 'reviewed.json', '--allow-delete', '--detailed-exitcode'], dir);
    expect(reviewed.code).toBe(2);
    const bounded = await run('apply', ['--plan', 'reviewed.json', '--auto-approve', '--max-deletes', '0'], dir);
    expect(bounded.stderr).toMatch(/deletes 1 connections, more than --max-deletes 0/);
    expect(bounded.code).toBe(1);
    const applied = await run('apply', ['--plan', 'reviewed.json', '--auto-approve'], dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(fx.emu().control.getDataConnection({ ...DB, name: 'stray-one' })).toBeUndefined();
  });

  it('a saved plan is applied exactly, and refused once stale or tampered with', async () => {
    const dir = workspace();
    expect((await run('plan', ['--out', 'plan.json'], dir)).code).toBe(0);
    const tampered = readFileSync(join(dir, 'plan.json'), 'utf8').replace('"CSV"', '"TSV"');
    writeFileSync(join(dir, 'tampered.json'), tampered);
    const bad = await run('apply', ['--plan', 'tampered.json', '--auto-approve'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/KD204: the saved plan was modified after it was written/);

    fx.emu().control.putDataConnection({ ...DB, name: 'storm-events-iothub' }, { kind: 'IotHub', properties: { ...fx.emu().control.getDataConnection({ ...DB, name: 'storm-events-iothub' })?.properties, dataFormat: 'TSV' } });
    fx.emu().control.clearRequests();
    const stale = await run('apply', ['--plan', 'plan.json', '--auto-approve'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/storm-events-iothub: error KD301: the saved plan is stale: this connection changed since the plan was made \(dataFormat: "JSON" when planned, "TSV" now\)/);
    expect(writesIn(fx.emu())).toEqual([]);

    expect((await run('plan', ['--out', 'plan.json'], dir)).code).toBe(0);
    const exact = await run('apply', ['--plan', 'plan.json', '--auto-approve'], dir);
    expect(exact.code).toBe(0);
    expect(exact.stdout).toContain('Apply complete: 4 of 4 succeeded');
  });

  it('survives throttling storms, 409 conflicts and 5xx, with nothing lost', async () => {
    const dir = workspace();
    fx.emu().control.injectFault({ method: 'PUT', times: 6, action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
    fx.emu().control.injectFault({ method: 'PUT', path: 'cosmos-changes', times: 2, action: { type: 'status', status: 409, code: 'Conflict', message: 'operation in progress' } });
    fx.emu().control.injectFault({ method: 'PUT', path: 'blob-logs', times: 2, action: { type: 'status', status: 500 } });
    // One PUT may meet all six 429s and both 500s: more than the default 5 retries, so the flags
    // that let a user wait longer on purpose are raised.
    const result = await run('apply', ['--auto-approve', '--max-retries', '8', '--request-timeout', '2m'], dir);
    // Nothing on stderr but the retries it waited 2 s or more on, one line each.
    for (const line of result.stderr.split('\n').filter((l) => l !== '')) {
      expect(line).toMatch(/^kustodian: PUT \S+: (429 TooManyRequests|409 Conflict|500 InternalServerError); attempt \d+( of 9)?, .*next try in \d+ s$/);
    }
    expect(result.code).toBe(0);
    const statuses = fx.emu().control.counters().statuses;
    expect(statuses['429']).toBe(6);
    expect(statuses['409']).toBe(2);
    expect(statuses['500']).toBe(2);
    expect((await run('plan', ['--detailed-exitcode'], dir)).code).toBe(0);
  });

  it('a long-running operation that fails is reported with the service code; the others finish; a re-run converges', async () => {
    const dir = workspace();
    fx.emu().control.injectFault({ method: 'PUT', path: 'telemetry-eventhub', times: 1, action: { type: 'failOperation', code: 'EventHubValidationErorFound', message: 'table does not exist' } });
    const first = await run('apply', ['--auto-approve'], dir);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/telemetry-eventhub +failed \(create\) EventHubValidationErorFound: table does not exist/);
    expect(first.stdout).toContain('Apply incomplete: 3 of 4 succeeded, 1 failed');
    const second = await run('apply', ['--auto-approve'], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Plan: 1 to create, 0 to update, 0 to replace, 0 to delete.');
    expect((await run('plan', ['--detailed-exitcode'], dir)).code).toBe(0);
  });

  it('-o json emits one JSON object per line: plan, events, result', async () => {
    const result = await run('apply', ['--auto-approve', '-o', 'json'], workspace());
    expect(result.code).toBe(0);
    const records = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(records[0]?.type).toBe('plan');
    expect(records.at(-1)?.type).toBe('result');
    expect(records.filter((r) => r.type === 'succeeded')).toHaveLength(4);
  });
});

describe('kustodian apply: protection, emptying a database, gap-free replacement (e2e)', () => {
  it('a protected connection is never replaced, whatever the flags; nothing is written', async () => {
    const dir = workspace();
    edit(dir, 'storm-events-iothub.yaml', 'labels: { team: weather }', 'labels: { team: weather }\n  annotations: { kustodian.io/protect: "true" }');
    edit(dir, 'storm-events-iothub.yaml', 'databaseRouting: Multi', 'databaseRouting: Single');
    const result = await run('apply', ['--auto-approve', '--allow-replace', '--allow-delete'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('# (protected: apply refuses to carry this out)');
    expect(result.stderr).toMatch(/storm-events-iothub: protected, so it is never replaced/);
    expect(writesIn(fx.emu())).toEqual([]);
  });

  it('a prune that would delete every connection of a database is refused unless allowed', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'manifests', 'mykustodatabase', 'database.yaml'), 'apiVersion: kustodian.io/v1\nkind: ManagedDatabase\nmetadata:\n  database: analyticsdb\nspec:\n  prune: true\n');
    fx.emu().control.putDataConnection({ ...DB, database: 'analyticsdb', name: 'only-one' }, { kind: 'EventHub', properties: { eventHubResourceId: EH, consumerGroup: 'adx', tableName: 'Events', dataFormat: 'JSON' } });
    const refused = await run('apply', ['--auto-approve', '--allow-delete', '--target', 'only-one'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/analyticsdb: the plan deletes all 1 of its connections; set spec.allowEmpty: true/);
    expect(writesIn(fx.emu())).toEqual([]);
    const allowed = await run('apply', ['--auto-approve', '--allow-delete', '--allow-empty-database', '--target', 'only-one'], dir);
    expect(allowed.code).toBe(0);
    expect(fx.emu().control.listDataConnections({ ...DB, database: 'analyticsdb' })).toEqual([]);
  });

  it('a gap-free replacement re-creates the connection reading from the moment of the delete', async () => {
    const dir = workspace();
    edit(dir, 'storm-events-iothub.yaml', 'databaseRouting: Multi', 'databaseRouting: Single');
    const before = Date.now();
    const result = await run('apply', ['--auto-approve', '--allow-replace', '--gap-free', '--target', 'storm-*'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('gap-free: retrievalStartDate is set to the moment of deletion');
    const start = fx.emu().control.getDataConnection({ ...DB, name: 'storm-events-iothub' })?.properties['retrievalStartDate'];
    expect(typeof start).toBe('string');
    const at = Date.parse(String(start));
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    const deleted = fx.emu().control.requests().find((r) => r.method === 'DELETE');
    expect(at).toBeLessThanOrEqual(Date.parse(deleted?.time ?? ''));
    expect((await run('plan', ['--detailed-exitcode', '--target', 'storm-*'], dir)).code).toBe(0);
  });
});
