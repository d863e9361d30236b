/**
 * `--shard K/N`: a deterministic partition of the databases, so N CI jobs each own a disjoint
 * slice and together cover every database exactly once. A database's shard depends only on
 * its address (a hash), so it stays in its shard when other databases come and go, and a
 * per-shard concurrency group keeps meaning the same databases.
 */
import { createHash } from 'node:crypto';
import { type DatabaseAddress, databaseKey } from '../core/address.js';

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
