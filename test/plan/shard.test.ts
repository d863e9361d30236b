import { describe, expect, it } from 'vitest';
import { connectionKey } from '../../src/core/address.js';
import type { Change } from '../../src/plan/model.js';
import { parseShard, shardOf } from '../../src/plan/rules/shard.js';
import { runPlanJob } from '../../src/workflow/plan-job.js';
import { DB, MINIMAL, desired, live, managed, state } from '../support/builders.js';
import { FakePort } from '../support/fake-port.js';

/** 40 databases, each with a create, an update, a delete (pruned) and a no-op. */
function estate() {
  const port = new FakePort();
  const conns = [];
  const dbs = [];
  for (let d = 0; d < 40; d++) {
    const db = { ...DB, database: `db${d}` };
    dbs.push(managed({ address: db, prune: true }));
    const p = (cg: string) => ({ ...MINIMAL.EventHub, consumerGroup: `${cg}${d}`, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] });
    conns.push(desired('new', 'EventHub', p('n'), { address: { ...db, name: 'new' } }));
    conns.push(desired('changed', 'EventHub', { ...p('c'), tableName: 'Other' }, { address: { ...db, name: 'changed' } }));
    conns.push(desired('same', 'EventHub', p('s'), { address: { ...db, name: 'same' } }));
    for (const [name, cg] of [['changed', 'c'], ['same', 's'], ['stray', 'x']] as const) {
      const l = live(name, 'EventHub', p(cg), { db });
      port.live.set(connectionKey(l.address), l);
    }
  }
  return { port, desired: state(conns, dbs) };
}

const key = (c: Change) => `${c.action} ${c.address}`;

describe('sharding', () => {
  it.each([1, 2, 3, 5, 8])('the union of all %i shards equals the unsharded plan, each database in exactly one shard', async (n) => {
    const { port, desired: s } = estate();
    const load = async () => ({ state: s, diagnostics: [], files: [] });
    const whole = await runPlanJob({ paths: [], cwd: '.', env: {}, load, port, now: 'now' });
    const all = (whole.plan?.changes ?? []).map(key).sort();
    expect(all).toHaveLength(120);
    const union: string[] = [];
    const lists: string[] = [];
    for (let k = 1; k <= n; k++) {
      port.calls.length = 0;
      const part = await runPlanJob({ paths: [], cwd: '.', env: {}, load, port, now: 'now', selection: { targets: [], excludes: [], shard: { index: k, count: n } } });
      expect(part.plan?.shard).toEqual({ index: k, count: n });
      expect(part.plan?.partial).toBe(n > 1);
      union.push(...(part.plan?.changes ?? []).map(key));
      lists.push(...port.calls.filter((c) => c.op === 'list').map((c) => c.name));
    }
    expect(union.sort()).toEqual(all);
    expect(lists.sort()).toEqual(Array.from({ length: 40 }, (_, d) => `db${d}`).sort());
  });

  it('a database keeps its shard whatever else is in the estate', () => {
    expect(shardOf({ ...DB, database: 'db7' }, 4)).toBe(shardOf({ ...DB, database: 'DB7' }, 4));
    const counts = [0, 0, 0, 0];
    for (let d = 0; d < 400; d++) counts[shardOf({ ...DB, database: `db${d}` }, 4) - 1]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(60);
  });

  it.each(['0/2', '3/2', '1/0', 'x', '1/2/3'])('refuses %s', (text) => {
    expect(typeof parseShard(text)).toBe('string');
  });
});
