/**
 * Sharded drift and reconcile runs merged with `kustodian report merge`, in-process against the
 * emulator: the merge of all shards equals the unsharded report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../helpers.js';
import { workspace } from '../support/cli.js';
import { useEmulator } from '../support/emulator.js';

const fx = useEmulator();
beforeEach(() => fx.emu().control.reset());

/** The example tree plus two more databases' worth of connections, so shards differ. */
function estate(): string {
  const dir = workspace();
  writeFileSync(join(dir, 'ca.pem'), fx.emu().ca);
  writeFileSync(
    join(dir, 'manifests', 'analytics.yaml'),
    'apiVersion: kustodian.io/v1\nkind: EventHubDataConnection\nmetadata:\n  name: events\n  database: analyticsdb\nspec:\n' +
      '  eventHubResourceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents\n  consumerGroup: $Default\n  tableName: Events\n',
  );
  return dir;
}

async function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIO(dir, env);
  const code = await main(['node', 'kustodian', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const azure = ['--endpoint', '', '--ca-file', 'ca.pem', '--credential', 'emulator', '--poll-interval', '10ms'];
const withEndpoint = () => azure.map((a) => (a === '' ? fx.emu().endpoint : a));

describe('kustodian report merge', () => {
  it('the merged drift reports of every shard equal the unsharded drift report', async () => {
    const dir = estate();
    const whole = await run(dir, ['drift', ...withEndpoint(), '-o', 'json']);
    expect(whole.code).toBe(2);
    const files: string[] = [];
    for (const k of [1, 2, 3]) {
      const part = await run(dir, ['drift', ...withEndpoint(), '--shard', `${k}/3`, '--out', `drift-${k}.json`]);
      expect([0, 2]).toContain(part.code);
      files.push(`drift-${k}.json`);
    }
    const merged = await run(dir, ['report', 'merge', ...files, '-o', 'json', '--out', 'merged.xml']);
    expect(merged.err).toBe('');
    expect(merged.code).toBe(2);
    const a = JSON.parse(whole.out) as { entries: unknown[]; summary: unknown; partial: boolean };
    const b = JSON.parse(merged.out) as { entries: unknown[]; summary: unknown; partial: boolean; shards: string[] };
    expect(b.entries).toEqual(a.entries);
    expect(b.summary).toEqual(a.summary);
    expect(b.partial).toBe(false);
    expect(b.shards).toEqual(['1/3', '2/3', '3/3']);
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8')).toMatch(/^<\?xml/);
  });

  it('the --out file is never coloured, even when the terminal is', async () => {
    const dir = estate();
    await run(dir, ['drift', ...withEndpoint(), '--shard', '1/1', '--out', 'drift-1.json']);
    const merged = await run(dir, ['report', 'merge', 'drift-1.json', '--out', 'merged.txt'], { FORCE_COLOR: '1' });
    expect(merged.code).toBe(2);
    expect(merged.out).toContain('\u001b['); // the terminal gets colour ...
    const file = readFileSync(join(dir, 'merged.txt'), 'utf8');
    expect(file).toContain('Drift');
    expect(file).not.toContain('\u001b'); // ... the file does not
  });

  it('a missing shard makes the merge partial, with a warning; a shard twice is refused', async () => {
    const dir = estate();
    for (const k of [1, 2]) await run(dir, ['drift', ...withEndpoint(), '--shard', `${k}/2`, '--out', `d${k}.json`]);
    const partial = await run(dir, ['report', 'merge', 'd1.json', '-o', 'json']);
    expect(partial.err).toMatch(/warning KD605: shard 2 of 2 missing/);
    expect((JSON.parse(partial.out) as { partial: boolean }).partial).toBe(true);
    const twice = await run(dir, ['report', 'merge', 'd1.json', 'd1.json']);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/KD603: shard 1\/2 is in both d1\.json and d1\.json/);
  });

  it('merges reconcile reports into the worst result, with every change', async () => {
    const dir = estate();
    for (const k of [1, 2]) {
      const r = await run(dir, ['reconcile', ...withEndpoint(), '--shard', `${k}/2`, '--report', `r${k}.json`]);
      expect(r.code).toBe(0);
    }
    const merged = await run(dir, ['report', 'merge', 'r1.json', 'r2.json', '-o', 'json']);
    expect(merged.code).toBe(0); // changes applied are success, as for reconcile itself
    const m = JSON.parse(merged.out) as { result: string; changes: Array<{ address: string; status: string }>; shards: string[] };
    expect(m.result).toBe('changed');
    expect(m.shards).toEqual(['1/2', '2/2']);
    expect(m.changes.map((c) => c.address.split('/').pop()).sort()).toEqual(['blob-logs-eventgrid', 'cosmos-changes', 'events', 'storm-events-iothub', 'telemetry-eventhub']);
    expect(m.changes.every((c) => c.status === 'succeeded')).toBe(true);
  });

  it('refuses files that are not reports, and mixed kinds', async () => {
    const dir = estate();
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    const junk = await run(dir, ['report', 'merge', 'junk.json']);
    expect(junk.code).toBe(1);
    expect(junk.err).toMatch(/junk\.json:1:1: error KD601: neither a drift report nor a reconcile report/);
    await run(dir, ['drift', ...withEndpoint(), '--out', 'd.json']);
    await run(dir, ['reconcile', ...withEndpoint(), '--report', 'r.json']);
    const mixed = await run(dir, ['report', 'merge', 'd.json', 'r.json']);
    expect(mixed.err).toMatch(/KD602/);
  });
});
