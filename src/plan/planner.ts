/**
 * The planner: declared state + live state in, a plan out. Pure: no I/O, no clock (the time
 * is an input), no logging. Diagnostics it returns are errors that make the plan unusable
 * (the CLI exits 1) or warnings that travel with the plan.
 */
import { connectionKey, databaseKey, formatDatabaseAddress } from '../core/address.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { DesiredState, LiveConnection, LiveDatabase, ManagedDatabase } from '../core/model.js';
import { compareText } from '../core/order.js';
import type { Change, PlannedDatabase, Plan, ReplaceStrategy } from './model.js';
import { actionCounts } from './model.js';
import { type Selection, SELECT_ALL, isNarrowed, isPartial } from './rules/select.js';
import { decideDeclared, decideUndeclared } from './planner/decide.js';
import type { Context, Decisions } from './planner/draft.js';
import { cyclesOf, holdBackWaiting, resolvePairs } from './planner/pair-order.js';

export interface PlanOptions {
  readonly selection?: Selection;
  /** The plan's creation time, ISO-8601. */
  readonly now: string;
  /** Strategy for replacements whose manifest does not choose one. */
  readonly defaultReplaceStrategy?: ReplaceStrategy;
}

export interface PlanResult {
  readonly plan: Plan;
  /** Errors make the plan unusable; warnings are also in `plan.warnings`. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The steps, in order: index both states; decide each declared connection, then each live one
 * nobody declares; hold back what waits for a running operation and order the rest by the
 * consumer-group pairs they free and take; assemble the plan with its summary.
 */
export function planChanges(desired: DesiredState, live: readonly LiveDatabase[], options: PlanOptions): PlanResult {
  const ctx = indexStates(desired, live, options);
  const decisions: Decisions = { drafts: [], noOps: [], inProgress: [], unmanaged: [], keptPairs: new Map(), busyPairs: new Map() };
  for (const d of desired.connections) decideDeclared(d, ctx, decisions);
  const declaredKeys = new Set(desired.connections.map((d) => connectionKey(d.address)));
  for (const db of live) {
    const m = ctx.managed.get(databaseKey(db.address));
    for (const l of db.connections) if (!declaredKeys.has(connectionKey(l.address))) decideUndeclared(l, m, ctx, decisions);
  }
  const planned = holdBackWaiting(decisions);
  const diagnostics = [...resolvePairs(planned, decisions.keptPairs), ...cyclesOf(planned)];
  const changes = planned.map((d) => d.change).sort((a, b) => compareText(a.address, b.address));
  const plan = assemblePlan(changes, decisions, plannedDatabases(desired, live, ctx.managed), ctx.selection, options.now, diagnostics);
  return { plan, diagnostics };
}

function indexStates(desired: DesiredState, live: readonly LiveDatabase[], options: PlanOptions): Context {
  const liveByKey = new Map<string, LiveConnection>();
  for (const db of live) for (const c of db.connections) liveByKey.set(connectionKey(c.address), c);
  return {
    selection: options.selection ?? SELECT_ALL,
    defaultReplaceStrategy: options.defaultReplaceStrategy,
    managed: new Map(desired.databases.map((d) => [databaseKey(d.address), d])),
    live: liveByKey,
  };
}

/** Each live database the plan reads, with what the manifests say of it. */
function plannedDatabases(desired: DesiredState, live: readonly LiveDatabase[], managed: ReadonlyMap<string, ManagedDatabase>): PlannedDatabase[] {
  const declaredPerDb = new Map<string, number>();
  for (const c of desired.connections) {
    const k = databaseKey(c.address);
    declaredPerDb.set(k, (declaredPerDb.get(k) ?? 0) + 1);
  }
  return live
    .map((db): PlannedDatabase => {
      const m = managed.get(databaseKey(db.address));
      return {
        address: formatDatabaseAddress(db.address),
        target: db.address,
        managed: m !== undefined,
        prune: m?.prune ?? false,
        allowEmpty: m?.allowEmpty ?? false,
        liveCount: db.connections.length,
        declaredCount: declaredPerDb.get(databaseKey(db.address)) ?? 0,
      };
    })
    .sort((a, b) => compareText(a.address, b.address));
}

function assemblePlan(
  changes: readonly Change[],
  decisions: Decisions,
  databases: readonly PlannedDatabase[],
  selection: Selection,
  now: string,
  diagnostics: readonly Diagnostic[],
): Plan {
  const { noOps, unmanaged, inProgress } = decisions;
  return {
    createdAt: now,
    changes,
    noOps: noOps.sort(compareText),
    unmanaged: unmanaged.sort((a, b) => compareText(a.address, b.address)),
    inProgress: inProgress.sort((a, b) => compareText(a.address, b.address)),
    databases,
    partial: isPartial(selection),
    narrowed: isNarrowed(selection),
    ...(selection.shard ? { shard: { index: selection.shard.index, count: selection.shard.count } } : {}),
    warnings: diagnostics.filter((d) => d.severity === 'warning'),
    summary: {
      ...actionCounts(changes),
      noOp: noOps.length,
      unmanaged: unmanaged.length,
      inProgress: inProgress.length,
    },
  };
}
