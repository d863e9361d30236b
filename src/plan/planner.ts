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
import { diffConnection } from './diff.js';
import { liveFingerprint } from './fingerprint.js';
import type {
  Change,
  PlannedDatabase,
  Plan,
  ReplaceStrategy,
  ReportedConnection,
  ConnectionBody,
} from './model.js';
import { actionCounts, PLAN_FORMAT_VERSION } from './model.js';
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

export function planChanges(desired: DesiredState, live: readonly LiveDatabase[], options: PlanOptions): PlanResult {
  const selection = options.selection ?? SELECT_ALL;
  const diagnostics: Diagnostic[] = [];
  const managed = new Map<string, ManagedDatabase>(desired.databases.map((d) => [databaseKey(d.address), d]));
  const liveByKey = new Map<string, LiveConnection>();
  for (const db of live) for (const c of db.connections) liveByKey.set(connectionKey(c.address), c);

  const drafts: Draft[] = [];
  const noOps: string[] = [];
  const inProgress: ReportedConnection[] = [];
  const unmanaged: ReportedConnection[] = [];
  const declaredKeys = new Set<string>();
  /** Live connections that keep their exclusive pair through this plan, by pair. */
  const keptPairs = new Map<string, string>();
  /** Of those, the ones with an operation still running: what they will hold next is not known yet. */
  const busyPairs = new Map<string, string>();

  for (const d of desired.connections) {
    const key = connectionKey(d.address);
    declaredKeys.add(key);
    const l = liveByKey.get(key);
    const db = managed.get(databaseKey(d.address));
    if (!isSelected(selection, d.address.name, d.labels)) {
      if (l) keepPair(keptPairs, l);
      continue;
    }
    // Never touched; the loader already warned about the declaration (KD154).
    if (matchesAny(db?.ignore, d.address.name)) {
      if (l) keepPair(keptPairs, l);
      continue;
    }
    const protectedConn = isProtected(d.annotations) || matchesAny(db?.protect, d.address.name);
    if (!l) {
      drafts.push({
        desired: d,
        takesPair: exclusivePairKey(d.kind, d.properties),
        change: {
          action: 'create',
          ...base(d.address, 'declared, not live', undefined, protectedConn, d),
          after: desiredBody(d),
        },
      });
      continue;
    }
    const state = provisioningStateOf(l);
    if (state && IN_PROGRESS_STATES.has(state.toLowerCase())) {
      inProgress.push(report(l, `an operation is still running (provisioningState ${state}); not touched`));
      keepPair(keptPairs, l);
      keepPair(busyPairs, l);
      continue;
    }
    const repair = state !== undefined && REPAIR_STATES.has(state.toLowerCase());
    const diff = diffConnection(d, l);
    if (diff.fieldChanges.length === 0 && !repair) {
      noOps.push(formatConnectionAddress(d.address));
      keepPair(keptPairs, l);
      continue;
    }
    const before = liveBody(l);
    const after = withCarriedOver(desiredBody(d), d, l);
    const common = { before, after, fieldChanges: diff.fieldChanges };
    if (diff.replacePaths.length > 0) {
      const strategy = replaceStrategyFor(d, options.defaultReplaceStrategy);
      drafts.push({
        desired: d,
        // The pair the new connection reads: an ignored consumer group keeps the live one.
        takesPair: exclusivePairKey(d.kind, after.properties),
        freesPair: liveExclusivePair(l),
        change: {
          action: 'replace',
          ...base(d.address, replaceReason(diff.replacePaths, strategy, repair ? state : undefined), l, protectedConn, d),
          ...common,
          after: strategy === 'gap-free' ? after : withoutCarriedStart(after, d),
          replacePaths: diff.replacePaths,
          strategy,
          replaceAllowed: allowsReplace(d.annotations),
        },
      });
    } else {
      const reason = repair
        ? `provisioning ${state}: the declared state is applied again` +
          (diff.fieldChanges.length > 0 ? ` (fields differ: ${diff.fieldChanges.map((c) => c.path).join(', ')})` : '')
        : `fields differ: ${diff.fieldChanges.map((c) => c.path).join(', ')}`;
      drafts.push({
        desired: d,
        change: { action: 'update', ...base(d.address, reason, l, protectedConn, d), ...common },
      });
      keepPair(keptPairs, l);
    }
  }

  for (const db of live) {
    const m = managed.get(databaseKey(db.address));
    for (const l of db.connections) {
      if (declaredKeys.has(connectionKey(l.address))) continue;
      if (!isSelected(selection, l.address.name)) {
        keepPair(keptPairs, l);
        continue;
      }
      const state = provisioningStateOf(l);
      if (state && IN_PROGRESS_STATES.has(state.toLowerCase())) {
        inProgress.push(report(l, `not declared; an operation is still running (provisioningState ${state})`));
        keepPair(keptPairs, l);
        keepPair(busyPairs, l);
        continue;
      }
      const ignored = matchesAny(m?.ignore, l.address.name);
      const guarded = matchesAny(m?.protect, l.address.name);
      if (m?.prune && !ignored && !guarded) {
        drafts.push({
          freesPair: liveExclusivePair(l),
          change: {
            action: 'delete',
            ...base(l.address, 'not declared, and its ManagedDatabase prunes undeclared connections', l, false),
            before: liveBody(l),
          },
        });
        continue;
      }
      keepPair(keptPairs, l);
      unmanaged.push(report(l, unmanagedNote(m, ignored, guarded)));
    }
  }

  const waiting = waitingForRunningOperations(drafts, busyPairs);
  for (const [draft, holder] of waiting) {
    const kind = draft.change.action === 'delete' ? draft.change.before.kind : draft.change.after.kind;
    inProgress.push({
      address: draft.change.address,
      target: draft.change.target,
      kind,
      note: `its (hub, consumer group) pair is held by ${holder}, whose operation is still running; planned once that has finished`,
    });
  }
  const planned = drafts.filter((d) => !waiting.has(d));
  diagnostics.push(...resolvePairs(planned, keptPairs));
  diagnostics.push(...cyclesOf(planned));

  const changes = planned.map((d) => d.change).sort((a, b) => compareText(a.address, b.address));
  const declaredPerDb = new Map<string, number>();
  for (const c of desired.connections) {
    const k = databaseKey(c.address);
    declaredPerDb.set(k, (declaredPerDb.get(k) ?? 0) + 1);
  }
  const databases = live
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
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: options.now,
    changes,
    noOps: noOps.sort(compareText),
    unmanaged: unmanaged.sort((a, b) => compareText(a.address, b.address)),
    inProgress: inProgress.sort((a, b) => compareText(a.address, b.address)),
    databases,
    partial: isPartial(selection),
    narrowed: isNarrowed(selection),
    ...(selection.shard ? { shard: { index: selection.shard.index, count: selection.shard.count } } : {}),
    warnings,
    summary: {
      ...actionCounts(changes),
      noOp: noOps.length,
      unmanaged: unmanaged.length,
      inProgress: inProgress.length,
    },
  };
  return { plan, diagnostics };
}

function base(address: ConnectionAddress, reason: string, l: LiveConnection | undefined, isProtected: boolean, d?: DesiredConnection) {
  const liveState = l ? provisioningStateOf(l) : undefined;
  return {
    address: formatConnectionAddress(address),
    target: address,
    reason,
    liveFingerprint: liveFingerprint(l),
    dependsOn: [],
    protected: isProtected,
    ...(d ? { source: d.source } : {}),
    ...(liveState !== undefined ? { liveState } : {}),
  };
}

function report(l: LiveConnection, note: string): ReportedConnection {
  const state = provisioningStateOf(l);
  return {
    address: formatConnectionAddress(l.address),
    target: l.address,
    kind: l.kind,
    ...(state !== undefined ? { provisioningState: state } : {}),
    note,
  };
}

function unmanagedNote(m: ManagedDatabase | undefined, ignored: boolean, isProtected: boolean): string {
  if (ignored) return 'not declared; ignored by its ManagedDatabase';
  if (isProtected) return 'not declared; protected by its ManagedDatabase, never deleted';
  if (!m) return 'not declared; no ManagedDatabase declares this database, so kustodian never deletes here';
  return 'not declared; its ManagedDatabase does not prune (set spec.prune: true to delete undeclared connections)';
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

function replaceReason(paths: readonly string[], strategy: ReplaceStrategy, repairState?: string): string {
  const why = `${paths.join(', ')} cannot change in place`;
  const repair = repairState ? ` (provisioning ${repairState})` : '';
  const loss =
    strategy === 'gap-free'
      ? 'gap-free: retrievalStartDate is set to the moment of deletion, so nothing is lost but events may be ingested twice'
      : 'events enqueued between the delete and the create are NOT ingested';
  return `${why}${repair}; ${loss}`;
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


