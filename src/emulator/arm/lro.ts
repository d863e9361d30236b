/**
 * Long-running operations. Each has a due time on the emulator's clock; an operation is
 * finished lazily, by whoever looks first (a poll, a get, a list, a write), so that no timer
 * runs and a test clock decides when operations end. Finishing applies the outcome to the
 * connection: a failed create leaves no connection, a failed update or delete restores the
 * previous properties with provisioningState Failed.
 */
import { randomUUID } from 'node:crypto';
import { formatDateTime } from '../format/datetime.js';
import type { DatabaseAddress } from './ids.js';
import type { OperationKind, OperationOutcome, OperationRecord, StoredConnection, Store } from '../state/store.js';

export interface StartOperation {
  readonly kind: OperationKind;
  readonly subscription: string;
  readonly region: string;
  readonly now: number;
  /** null: never finishes. */
  readonly durationMs: number | null;
  readonly outcome: OperationOutcome;
  readonly target?: { readonly db: DatabaseAddress; readonly name: string };
  readonly previous?: StoredConnection;
}

export function startOperation(store: Store, start: StartOperation): OperationRecord {
  const op: OperationRecord = {
    id: randomUUID(),
    kind: start.kind,
    subscription: start.subscription,
    region: start.region,
    startTime: start.now,
    dueTime: start.durationMs === null ? null : start.now + start.durationMs,
    outcome: start.outcome,
    status: 'Running',
    ...(start.target !== undefined ? { target: start.target } : {}),
    ...(start.previous !== undefined ? { previous: start.previous } : {}),
  };
  store.addOperation(op);
  return op;
}

/** Finishes every operation whose time has come. Cheap when none runs. */
export function finishDue(store: Store, now: number): void {
  if (store.running.size === 0) return;
  for (const id of [...store.running]) {
    const op = store.operations.get(id);
    if (op !== undefined && op.dueTime !== null && op.dueTime <= now) finish(store, op, now);
  }
}

/** Finishes every operation that would finish at all, now (operations that never finish stay). */
export function finishAllFinite(store: Store, now: number): number {
  let n = 0;
  for (const id of [...store.running]) {
    const op = store.operations.get(id);
    if (op !== undefined && op.dueTime !== null) {
      finish(store, op, now);
      n += 1;
    }
  }
  return n;
}

function finish(store: Store, op: OperationRecord, now: number): void {
  op.status = op.outcome.status;
  op.endTime = Math.max(now, op.startTime);
  store.running.delete(op.id);
  store.dirty = true;
  const target = op.target;
  if (target === undefined) return;
  const current = store.get(target.db, target.name);
  if (current === undefined || current.operationId !== op.id) return;
  const { operationId: _running, ...settled } = current;
  void _running;
  if (op.outcome.status === 'Succeeded') {
    if (op.kind === 'delete') store.remove(target.db, target.name);
    else store.put({ ...settled, provisioningState: 'Succeeded' });
    return;
  }
  if (op.kind === 'create' || op.previous === undefined) {
    store.remove(target.db, target.name);
    return;
  }
  const { operationId: _previousOp, ...previous } = op.previous;
  void _previousOp;
  store.put({ ...previous, provisioningState: 'Failed' });
}

const OPERATION_KIND_NAMES: Readonly<Record<OperationKind, string>> = {
  create: 'DataConnectionCreate',
  update: 'DataConnectionUpdate',
  delete: 'DataConnectionDelete',
  validate: 'DataConnectionValidation',
};

export function operationPath(op: OperationRecord): string {
  return `/subscriptions/${op.subscription}/providers/Microsoft.Kusto/locations/${op.region}/operationResults/${op.id}`;
}

/** The body of the operation status endpoint (Azure-AsyncOperation). */
export function statusBody(op: OperationRecord, now: number): Record<string, unknown> {
  const percent =
    op.status !== 'Running' ? 1 : op.dueTime === null || op.dueTime <= op.startTime ? 0 : Math.min(0.99, (now - op.startTime) / (op.dueTime - op.startTime));
  return {
    id: operationPath(op),
    name: op.id,
    status: op.status,
    startTime: formatDateTime(op.startTime),
    ...(op.endTime !== undefined ? { endTime: formatDateTime(op.endTime) } : {}),
    percentComplete: Math.round(percent * 100) / 100,
    properties: { operationKind: OPERATION_KIND_NAMES[op.kind], operationState: op.status },
    ...(op.status === 'Failed' && op.outcome.status === 'Failed' ? { error: op.outcome.error } : {}),
  };
}

/** Seconds a poller should wait: the whole seconds left (0 under a second), 10 for one that never ends. */
export function retryAfterSeconds(op: OperationRecord, now: number, fixed: number | undefined): number {
  if (fixed !== undefined) return fixed;
  if (op.dueTime === null) return 10;
  return Math.min(60, Math.max(0, Math.floor((op.dueTime - now) / 1000)));
}
