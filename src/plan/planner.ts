/**
 * The planner: declared state + live state in, a plan out. Pure: no I/O, no clock (the time
 * is an input), no logging. Diagnostics it returns are errors that make the plan unusable
 * (the CLI exits 1) or warnings that travel with the plan.
 */
import {
  type ConnectionAddress,
  connectionKey,
  databaseKey,
  formatConnectionAddress,
  formatDatabaseAddress,
} from '../core/address.js';
import { ANNOTATIONS, allowsReplace, ignoredFields, isProtected, replaceStrategy } from '../core/annotations.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { firstMatchingGlob } from '../core/name-glob.js';
import { KIND_SPECS, isConnectionKind } from '../core/kinds.js';
import type { DesiredConnection, DesiredState, LiveConnection, LiveDatabase, ManagedDatabase, PropertyValue } from '../core/model.js';
import { desiredBody, liveBody, provisioningStateOf } from './bodies.js';
import { type ConnectionDiff, diffConnection } from './diff.js';
import { liveFingerprint } from './fingerprint.js';
import type {
  Change,
  CreateChange,
  DeleteChange,
  PlannedDatabase,
  Plan,
  ReplaceStrategy,
  ReportedConnection,
  ConnectionBody,
  UpdateChange,
} from './model.js';
import { actionCounts } from './model.js';
import { type ChangeReason, type ReportReason, changeReasonText, reportReasonText } from './reasons.js';
import { PLAN_CODES } from './codes.js';
import { dependencyCycles } from './dependencies.js';
import { exclusivePairKey } from './pairs.js';
import { type Selection, SELECT_ALL, isNarrowed, isPartial, isSelected } from './select.js';
import { compareText } from '../core/order.js';

/** Provisioning states of a connection with an operation still running. */
const IN_PROGRESS_STATES: ReadonlySet<string> = new Set(['creating', 'updating', 'deleting', 'running', 'moving']);
/** Terminal states that call for the declared state to be applied again. */
const REPAIR_STATES: ReadonlySet<string> = new Set(['failed', 'canceled']);

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

interface Draft {
  change: Change;
  /** The live connection's exclusive pair that this change gives up, if it does. */
  freesPair?: string;
  /** The pair this change takes. */
  takesPair?: string;
  desired?: DesiredConnection;
}

/** What every decision reads: the options and the two states, indexed. */
interface Context {
  readonly selection: Selection;
  readonly defaultReplaceStrategy: ReplaceStrategy | undefined;
  /** ManagedDatabase documents by database key. */
  readonly managed: ReadonlyMap<string, ManagedDatabase>;
  /** Live connections by connection key. */
  readonly live: ReadonlyMap<string, LiveConnection>;
}

/** What deciding each connection collects. */
interface Decisions {
  readonly drafts: Draft[];
  readonly noOps: string[];
  readonly inProgress: ReportedConnection[];
  readonly unmanaged: ReportedConnection[];
  /** Live connections that keep their exclusive pair through this plan, by pair. */
  readonly keptPairs: Map<string, string>;
  /** Of those, the ones with an operation still running: what they will hold next is not known yet. */
  readonly busyPairs: Map<string, string>;
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

/** A declared connection: left alone, created, reported in progress, a no-op, replaced or updated. */
function decideDeclared(d: DesiredConnection, ctx: Context, out: Decisions): void {
  const l = ctx.live.get(connectionKey(d.address));
  const db = ctx.managed.get(databaseKey(d.address));
  // Outside the selection, or never touched (the loader already warned about the declaration, KD154).
  if (!isSelected(ctx.selection, d.address.name, d.labels) || matchesAny(db?.ignore, d.address.name)) {
    if (l) keepPair(out.keptPairs, l);
    return;
  }
  const protectedConn = isProtected(d.annotations) || matchesAny(db?.protect, d.address.name);
  if (!l) {
    const change: CreateChange = { action: 'create', ...base(d.address, { code: 'create.missing' }, undefined, protectedConn, d), after: desiredBody(d) };
    out.drafts.push({ desired: d, takesPair: exclusivePairKey(d.kind, d.properties), change });
    return;
  }
  const state = provisioningStateOf(l);
  if (state !== undefined && isInProgress(state)) {
    out.inProgress.push(report(l, { code: 'in-progress.running', state }));
    holdBusy(out, l);
    return;
  }
  const repairState = state !== undefined && REPAIR_STATES.has(state.toLowerCase()) ? state : undefined;
  const diff = diffConnection(d, l);
  if (diff.fieldChanges.length === 0 && repairState === undefined) {
    out.noOps.push(formatConnectionAddress(d.address));
    keepPair(out.keptPairs, l);
    return;
  }
  if (diff.replacePaths.length > 0) {
    out.drafts.push(replaceDraft(d, l, diff, { protectedConn, repairState, fallback: ctx.defaultReplaceStrategy }));
    return;
  }
  const paths = diff.fieldChanges.map((c) => c.path);
  const reason: ChangeReason = repairState !== undefined ? { code: 'update.repair', state: repairState, paths } : { code: 'update.fields-differ', paths };
  const change: UpdateChange = { action: 'update', ...base(d.address, reason, l, protectedConn, d), before: liveBody(l), after: withCarriedOver(desiredBody(d), d, l), fieldChanges: diff.fieldChanges };
  out.drafts.push({ desired: d, change });
  keepPair(out.keptPairs, l);
}

interface ReplaceContext {
  readonly protectedConn: boolean;
  /** The live provisioningState, when it calls for a repair. */
  readonly repairState: string | undefined;
  readonly fallback: ReplaceStrategy | undefined;
}

function replaceDraft(d: DesiredConnection, l: LiveConnection, diff: ConnectionDiff, rc: ReplaceContext): Draft {
  const after = withCarriedOver(desiredBody(d), d, l);
  const strategy = replaceStrategyFor(d, rc.fallback);
  const reason: ChangeReason = {
    code: diff.replacePaths.includes('kind') ? 'replace.kind-changed' : 'replace.immutable-field',
    paths: diff.replacePaths,
    strategy,
    ...(rc.repairState !== undefined ? { repairState: rc.repairState } : {}),
  };
  return {
    desired: d,
    // The pair the new connection reads: an ignored consumer group keeps the live one.
    takesPair: exclusivePairKey(d.kind, after.properties),
    freesPair: liveExclusivePair(l),
    change: {
      action: 'replace',
      ...base(d.address, reason, l, rc.protectedConn, d),
      before: liveBody(l),
      after: strategy === 'gap-free' ? after : withoutCarriedStart(after, d),
      fieldChanges: diff.fieldChanges,
      replacePaths: diff.replacePaths,
      strategy,
      replaceAllowed: allowsReplace(d.annotations),
    },
  };
}

/** A live connection nobody declares: left alone, reported in progress, deleted (prune) or reported unmanaged. */
function decideUndeclared(l: LiveConnection, m: ManagedDatabase | undefined, ctx: Context, out: Decisions): void {
  if (!isSelected(ctx.selection, l.address.name)) {
    keepPair(out.keptPairs, l);
    return;
  }
  const state = provisioningStateOf(l);
  if (state !== undefined && isInProgress(state)) {
    out.inProgress.push(report(l, { code: 'in-progress.undeclared-running', state }));
    holdBusy(out, l);
    return;
  }
  const ignored = matchesAny(m?.ignore, l.address.name);
  const guarded = matchesAny(m?.protect, l.address.name);
  if (m?.prune && !ignored && !guarded) {
    const change: DeleteChange = { action: 'delete', ...base(l.address, { code: 'delete.pruned' }, l, false), before: liveBody(l) };
    out.drafts.push({ freesPair: liveExclusivePair(l), change });
    return;
  }
  keepPair(out.keptPairs, l);
  out.unmanaged.push(report(l, { code: unmanagedCode(m, ignored, guarded) }));
}

function isInProgress(state: string): boolean {
  return IN_PROGRESS_STATES.has(state.toLowerCase());
}

/** A live connection with an operation running keeps its pair, and nobody knows yet what it will hold next. */
function holdBusy(out: Decisions, l: LiveConnection): void {
  keepPair(out.keptPairs, l);
  keepPair(out.busyPairs, l);
}

/** The drafts that can be planned now; those waiting for a running operation are reported in progress instead. */
function holdBackWaiting(decisions: Decisions): Draft[] {
  const waiting = waitingForRunningOperations(decisions.drafts, decisions.busyPairs);
  for (const [draft, holder] of waiting) {
    const c = draft.change;
    const reason: ReportReason = { code: 'in-progress.pair-held', holder };
    decisions.inProgress.push({ address: c.address, target: c.target, kind: c.action === 'delete' ? c.before.kind : c.after.kind, reasonCode: reason.code, note: reportReasonText(reason) });
  }
  return decisions.drafts.filter((d) => !waiting.has(d));
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

function base(address: ConnectionAddress, reason: ChangeReason, l: LiveConnection | undefined, isProtected: boolean, d?: DesiredConnection) {
  const liveState = l ? provisioningStateOf(l) : undefined;
  return {
    address: formatConnectionAddress(address),
    target: address,
    reasonCode: reason.code,
    reason: changeReasonText(reason),
    liveFingerprint: liveFingerprint(l),
    dependsOn: [],
    protected: isProtected,
    ...(d ? { source: d.source } : {}),
    ...(liveState !== undefined ? { liveState } : {}),
  };
}

function report(l: LiveConnection, reason: ReportReason): ReportedConnection {
  const state = provisioningStateOf(l);
  return {
    address: formatConnectionAddress(l.address),
    target: l.address,
    kind: l.kind,
    ...(state !== undefined ? { provisioningState: state } : {}),
    reasonCode: reason.code,
    note: reportReasonText(reason),
  };
}

function unmanagedCode(m: ManagedDatabase | undefined, ignored: boolean, isProtected: boolean): 'unmanaged.ignored' | 'unmanaged.protected' | 'unmanaged.no-managed-database' | 'unmanaged.not-pruned' {
  if (ignored) return 'unmanaged.ignored';
  if (isProtected) return 'unmanaged.protected';
  if (!m) return 'unmanaged.no-managed-database';
  return 'unmanaged.not-pruned';
}

function matchesAny(globs: readonly string[] | undefined, name: string): boolean {
  return globs !== undefined && firstMatchingGlob(globs, name) !== undefined;
}

function replaceStrategyFor(d: DesiredConnection, fallback: ReplaceStrategy | undefined): ReplaceStrategy {
  const chosen = d.annotations[ANNOTATIONS.replaceStrategy] !== undefined ? replaceStrategy(d.annotations) : (fallback ?? 'default');
  const supportsStart = KIND_SPECS[d.kind].properties['retrievalStartDate'] !== undefined;
  // A declared retrievalStartDate already says where reading starts again.
  if (chosen === 'gap-free' && supportsStart && !declares(d, 'retrievalStartDate')) return 'gap-free';
  return 'default';
}

/** The manifest sets `name` and does not list it in kustodian.io/ignore-fields. */
function declares(d: DesiredConnection, name: string): boolean {
  return d.properties[name] !== undefined && !ignoredFields(d.annotations).has(name);
}

/**
 * What a PUT to a live connection of the same kind keeps from it:
 * - the live retrievalStartDate when the manifest has none: a PUT without it would let the
 *   service move the start to now;
 * - every field of kustodian.io/ignore-fields: its live value is accepted drift, so the PUT sends
 *   it back as it is (and leaves it out when it is unset live).
 */
function withCarriedOver(after: ConnectionBody, d: DesiredConnection, l: LiveConnection): ConnectionBody {
  if (!isConnectionKind(l.kind) || l.kind !== d.kind) return after;
  const carried = new Set(ignoredFields(d.annotations));
  if (!declares(d, 'retrievalStartDate')) carried.add('retrievalStartDate');
  const properties: Record<string, PropertyValue> = { ...after.properties };
  for (const name of carried) {
    if (KIND_SPECS[d.kind].properties[name] === undefined) continue;
    const value = l.properties[name];
    if (value !== undefined) properties[name] = value;
    else delete properties[name];
  }
  return { ...after, properties };
}

/** A default replacement creates a new connection: its start is the service's to choose. */
function withoutCarriedStart(after: ConnectionBody, d: DesiredConnection): ConnectionBody {
  if (declares(d, 'retrievalStartDate') || after.properties['retrievalStartDate'] === undefined) return after;
  const { retrievalStartDate: _dropped, ...rest } = after.properties;
  return { ...after, properties: rest };
}

function liveExclusivePair(l: LiveConnection): string | undefined {
  return isConnectionKind(l.kind) ? exclusivePairKey(l.kind, l.properties) : undefined;
}

function keepPair(kept: Map<string, string>, l: LiveConnection): void {
  const pair = liveExclusivePair(l);
  if (pair !== undefined && !kept.has(pair)) kept.set(pair, formatConnectionAddress(l.address));
}

/**
 * Changes that cannot be decided while an operation runs: one that takes a pair held by a
 * connection with an operation still running (a delete under way frees it, an update keeps
 * it: only the end will tell), and, in turn, one that takes a pair freed by a change held back
 * this way. They are left for the next plan rather than refused (KD201) or sent to fail.
 * Answers each held-back draft with the connection it waits for.
 */
function waitingForRunningOperations(drafts: readonly Draft[], busy: ReadonlyMap<string, string>): Map<Draft, string> {
  const waiting = new Map<Draft, string>();
  const heldBy = new Map<string, string>(busy);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of drafts) {
      if (waiting.has(d) || d.takesPair === undefined || d.takesPair === d.freesPair) continue;
      const holder = heldBy.get(d.takesPair);
      if (holder === undefined || holder.toLowerCase() === d.change.address.toLowerCase()) continue;
      waiting.set(d, holder);
      // What it would have freed stays held by it, for whatever waited for it.
      if (d.freesPair !== undefined && !heldBy.has(d.freesPair)) heldBy.set(d.freesPair, d.change.address);
      grew = true;
    }
  }
  return waiting;
}

/**
 * One (hub, consumer group) pair feeds one connection. A change that takes a pair still held
 * by a connection that keeps it is an error; one held by a connection this plan deletes or
 * replaces away waits for that change (dependsOn).
 */
function resolvePairs(drafts: Draft[], kept: ReadonlyMap<string, string>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const freedBy = new Map<string, string>();
  for (const d of drafts) if (d.freesPair !== undefined && d.freesPair !== d.takesPair) freedBy.set(d.freesPair, d.change.address);
  for (const d of drafts) {
    if (d.takesPair === undefined || d.takesPair === d.freesPair) continue;
    const holder = kept.get(d.takesPair);
    if (holder !== undefined && holder.toLowerCase() !== d.change.address.toLowerCase()) {
      problems.push({
        severity: 'error',
        code: PLAN_CODES.pairInUse,
        message: `${d.change.address} reads the same (hub, consumer group) pair as the live connection ${holder}, which keeps it; Azure lets one pair feed only one connection`,
        hint: 'use another consumer group for one of them, or declare the other connection in a ManagedDatabase with prune: true so it is deleted first',
        ...(d.desired ? { source: d.desired.fieldSources['consumerGroup'] ?? d.desired.source } : { address: d.change.address }),
      });
      continue;
    }
    const freer = freedBy.get(d.takesPair);
    if (freer !== undefined && freer !== d.change.address) {
      d.change = { ...d.change, dependsOn: [...d.change.dependsOn, freer] };
    }
  }
  return problems;
}

/**
 * Two replacements that swap pairs wait for each other: no order works, since each must delete
 * before the other can create. Reported so the user splits the change in two applies.
 */
function cyclesOf(drafts: readonly Draft[]): Diagnostic[] {
  const deps = new Map(drafts.map((d) => [d.change.address, d.change.dependsOn]));
  return dependencyCycles(deps).map((path): Diagnostic => ({
    severity: 'error',
    code: PLAN_CODES.dependencyCycle,
    message: `these changes each wait for another to free a (hub, consumer group) pair, so no order works: ${path.join(' -> ')}`,
    hint: 'apply in two steps: first move one connection to an unused consumer group, apply, then make the rest of the change',
    address: path[0] ?? '',
  }));
}


