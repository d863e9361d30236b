/**
 * Checks across documents, on the valid connections and databases (Defaults applied):
 * - a connection declared twice (names compare case-insensitively, as Azure does);
 * - two connections reading one (hub, consumer group) pair, which Azure refuses (the kinds
 *   table's `exclusivePair`; IDs and consumer groups compare case-insensitively);
 * - a database declared twice by ManagedDatabase documents;
 * - a declared connection that its ManagedDatabase's `ignore` matches (a warning).
 * Each problem is reported at every document involved, each message naming the others.
 */
import { connectionKey, databaseKey, databaseOf, formatConnectionAddress, formatDatabaseAddress } from '../../core/address.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { KIND_SPECS } from '../../core/kinds.js';
import type { DesiredConnection, ManagedDatabase, SourcePosition } from '../../core/model.js';
import { firstMatchingGlob } from '../../core/name-glob.js';
import { KD, report } from '../codes.js';
import { formatPosition } from '../yaml/tree.js';

export interface Candidate<T> {
  readonly id: number;
  readonly value: T;
  /** Where to point for a problem about the whole document (its name, or its kind). */
  readonly at: SourcePosition;
}

export interface SemanticResult {
  readonly diagnostics: Diagnostic[];
  /** Documents that an error made invalid. */
  readonly invalid: ReadonlySet<number>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [item]);
    else g.push(item);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function others<T>(group: readonly Candidate<T>[], self: Candidate<T>, pos: (c: Candidate<T>) => SourcePosition): string[] {
  return group.filter((c) => c !== self).map((c) => formatPosition(pos(c)));
}

export function checkAcrossDocuments(
  connections: readonly Candidate<DesiredConnection>[],
  databases: readonly Candidate<ManagedDatabase>[],
): SemanticResult {
  const diagnostics: Diagnostic[] = [];
  const invalid = new Set<number>();

  for (const group of groupBy(connections, (c) => connectionKey(c.value.address))) {
    for (const c of group) {
      invalid.add(c.id);
      diagnostics.push(report(KD.duplicateConnection, c.at, formatConnectionAddress(c.value.address), others(group, c, (o) => o.at)));
    }
  }

  const pairPos = (c: Candidate<DesiredConnection>): SourcePosition => {
    const pair = KIND_SPECS[c.value.kind].exclusivePair;
    return (pair && c.value.fieldSources[pair.consumerGroup]) ?? c.at;
  };
  const pairKey = (c: Candidate<DesiredConnection>): string | undefined => {
    const pair = KIND_SPECS[c.value.kind].exclusivePair;
    if (pair === undefined) return undefined;
    const hub = c.value.properties[pair.hub];
    const group = c.value.properties[pair.consumerGroup];
    return typeof hub === 'string' && typeof group === 'string' ? `${hub.toLowerCase()}\u0000${group.toLowerCase()}` : undefined;
  };
  for (const group of groupBy(connections, pairKey)) {
    // The same connection declared twice was reported above; a pair conflict needs two connections.
    if (new Set(group.map((c) => connectionKey(c.value.address))).size < 2) continue;
    for (const c of group) {
      const pair = KIND_SPECS[c.value.kind].exclusivePair;
      if (pair === undefined) continue;
      invalid.add(c.id);
      diagnostics.push(
        report(
          KD.exclusivePair,
          pairPos(c),
          String(c.value.properties[pair.hub]),
          String(c.value.properties[pair.consumerGroup]),
          others(group, c, pairPos),
        ),
      );
    }
  }

  for (const group of groupBy(databases, (d) => databaseKey(d.value.address))) {
    for (const d of group) {
      invalid.add(d.id);
      diagnostics.push(report(KD.duplicateDatabase, d.at, formatDatabaseAddress(d.value.address), others(group, d, (o) => o.at)));
    }
  }

  const byDatabase = new Map(databases.map((d) => [databaseKey(d.value.address), d]));
  for (const c of connections) {
    const db = byDatabase.get(databaseKey(databaseOf(c.value.address)));
    if (db === undefined) continue;
    const glob = firstMatchingGlob(db.value.ignore, c.value.address.name);
    if (glob !== undefined) {
      diagnostics.push(report(KD.ignoredButDeclared, c.at, c.value.address.name, glob, formatPosition(db.at)));
    }
  }
  return { diagnostics, invalid };
}
