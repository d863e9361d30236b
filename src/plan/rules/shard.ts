/**
 * `--shard K/N`: a deterministic partition of the databases, so N CI jobs each own a disjoint
 * slice and together cover every database exactly once. A database's shard depends only on
 * its address (a hash), so it stays in its shard when other databases come and go, and a
 * per-shard concurrency group keeps meaning the same databases.
 */
import { createHash } from 'node:crypto';
import { type DatabaseAddress, databaseKey } from '../../core/address.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** `K/N` with 1 ≤ K ≤ N, or an error message. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 1 || index > count) {
    return `--shard must be K/N with 1 <= K <= N (e.g. 2/4), got "${text}"`;
  }
  return { index, count };
}

/** The 1-based shard a database belongs to among `count`. */
export function shardOf(database: DatabaseAddress, count: number): number {
  const digest = createHash('sha256').update(databaseKey(database)).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(database: DatabaseAddress, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(database, shard.count) === shard.index;
}

/** The declared state restricted to the databases of one shard. */
export function shardState<S extends { readonly connections: readonly { readonly address: DatabaseAddress }[]; readonly databases: readonly { readonly address: DatabaseAddress }[] }>(
  state: S,
  shard: Shard | undefined,
): S {
  if (!shard) return state;
  return { ...state, connections: state.connections.filter((c) => inShard(c.address, shard)), databases: state.databases.filter((d) => inShard(d.address, shard)) };
}

/** What a set of reports from sharded runs covers. */
export interface ShardCoverage {
  /** The shards present, as `K/N`, in order. */
  readonly shards: readonly string[];
  /** Every shard 1..N of one N is present exactly once (or no input was sharded). */
  readonly complete: boolean;
  readonly missing: readonly number[];
  /** Problems that make the merge wrong: a shard twice, or shard counts that disagree. */
  readonly conflicts: readonly string[];
}

export function shardCoverage(inputs: readonly { readonly file: string; readonly shard?: Shard }[]): ShardCoverage {
  const sharded = inputs.filter((i): i is { file: string; shard: Shard } => i.shard !== undefined);
  if (sharded.length === 0) return { shards: [], complete: true, missing: [], conflicts: [] };
  const conflicts: string[] = [];
  const counts = new Set(sharded.map((i) => i.shard.count));
  if (counts.size > 1) conflicts.push(`the reports come from different shard counts (${[...counts].sort((a, b) => a - b).join(', ')}): merge the reports of one sharded run`);
  if (sharded.length < inputs.length) conflicts.push(`some reports are sharded and some are not (${inputs.filter((i) => !i.shard).map((i) => i.file).join(', ')})`);
  const seen = new Map<number, string>();
  for (const i of sharded) {
    const before = seen.get(i.shard.index);
    if (before !== undefined) conflicts.push(`shard ${i.shard.index}/${i.shard.count} is in both ${before} and ${i.file}`);
    else seen.set(i.shard.index, i.file);
  }
  const count = Math.max(...counts);
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
  return {
    shards: [...seen.keys()].sort((a, b) => a - b).map((k) => `${k}/${count}`),
    complete: conflicts.length === 0 && missing.length === 0,
    missing,
    conflicts,
  };
}
