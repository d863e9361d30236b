/**
 * Deciding one connection: a declared one is left alone, created, reported in progress, a
 * no-op, updated or replaced; a live one nobody declares is left alone, reported in progress,
 * deleted (prune) or reported unmanaged. Each decision carries its reason (../reasons.ts).
 */
import { type ConnectionAddress, connectionKey, databaseKey, formatConnectionAddress } from '../../core/address.js';
import { allowsReplace, isProtected } from '../../core/annotations.js';
import { firstMatchingGlob } from '../../core/name-glob.js';
import { isConnectionKind } from '../../core/kinds.js';
import type { DesiredConnection, LiveConnection, ManagedDatabase } from '../../core/model.js';
import { desiredBody, liveBody, provisioningStateOf } from '../bodies.js';
import { type ConnectionDiff, diffConnection } from '../diff.js';
import { liveFingerprint } from '../fingerprint.js';
import type { CreateChange, DeleteChange, ReplaceStrategy, ReportedConnection, UpdateChange } from '../model.js';
import { exclusivePairKey } from '../pairs.js';
import { type ChangeReason, type ReportReason, changeReasonText, reportReasonText } from '../reasons.js';
import { isSelected } from '../rules/select.js';
import { replaceStrategyFor, withCarriedOver, withoutCarriedStart } from './carry-over.js';
import type { Context, Decisions, Draft } from './draft.js';

/** Provisioning states of a connection with an operation still running. */
const IN_PROGRESS_STATES: ReadonlySet<string> = new Set(['creating', 'updating', 'deleting', 'running', 'moving']);
/** Terminal states that call for the declared state to be applied again. */
const REPAIR_STATES: ReadonlySet<string> = new Set(['failed', 'canceled']);

/** A declared connection: left alone, created, reported in progress, a no-op, replaced or updated. */
export function decideDeclared(d: DesiredConnection, ctx: Context, out: Decisions): void {
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
  if (reportedRunning(l, 'in-progress.running', out)) return;
  const state = provisioningStateOf(l);
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
export function decideUndeclared(l: LiveConnection, m: ManagedDatabase | undefined, ctx: Context, out: Decisions): void {
  if (!isSelected(ctx.selection, l.address.name)) {
    keepPair(out.keptPairs, l);
    return;
  }
  if (reportedRunning(l, 'in-progress.undeclared-running', out)) return;
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

/**
 * When an operation still runs on `l`: reports it in progress, and it keeps its pair, with
 * nobody knowing yet what it will hold next. Answers whether it did.
 */
function reportedRunning(l: LiveConnection, code: 'in-progress.running' | 'in-progress.undeclared-running', out: Decisions): boolean {
  const state = provisioningStateOf(l);
  if (state === undefined || !IN_PROGRESS_STATES.has(state.toLowerCase())) return false;
  out.inProgress.push(report(l, { code, state }));
  keepPair(out.keptPairs, l);
  keepPair(out.busyPairs, l);
  return true;
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

function liveExclusivePair(l: LiveConnection): string | undefined {
  return isConnectionKind(l.kind) ? exclusivePairKey(l.kind, l.properties) : undefined;
}

function keepPair(kept: Map<string, string>, l: LiveConnection): void {
  const pair = liveExclusivePair(l);
  if (pair !== undefined && !kept.has(pair)) kept.set(pair, formatConnectionAddress(l.address));
}
