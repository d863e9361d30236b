/**
 * The applier: carries out a plan it is given through an AzurePort and emits typed events.
 * It never re-plans and never reads the human-facing reason; it branches on actions,
 * strategies and dependencies only.
 *
 * - A change starts once every change it depends on succeeded (it is skipped if one of them did
 *   not) and the port admits its write: the service's request budget paces the writes (ARM's
 *   write bucket per subscription), so changes start as fast as the budget refills. `parallelism`,
 *   when given, also caps the changes running at once.
 * - A replacement deletes, then creates. A gap-free one sets retrievalStartDate to the
 *   moment the delete was issued, so events enqueued since are read by the new connection.
 * - A failure stops only the changes that depend on it, unless the endpoint could not be
 *   reached at all (after the port's retries): then no new change starts, and each change that
 *   did not start is reported as skipped, so every change ends succeeded, failed or not started.
 * - `stop` ends the starting of new changes; `abort` also stops waiting for running ones,
 *   which are reported as interrupted (the service may still finish them).
 */
import { AzureFailure, type AzurePort } from '../core/ports/azure-port.js';
import { type Limiter, UNLIMITED, createLimiter } from '../core/concurrency.js';
import type { ConnectionBody } from '../core/model.js';
import type { Change, Plan, ReplaceChange } from '../plan/model.js';
import type { ApplyEvent, ApplyResult, ChangeOutcome, ChangeResult, FailureInfo, ReplacementOverlap, SkipReason, Step } from './events.js';

export interface ApplyOptions {
  /** At most this many changes at once; unset, only the port's budgets pace them. */
  readonly parallelism?: number;
  /** No new change starts once this is aborted. */
  readonly stop?: AbortSignal;
  /** Running changes stop being waited for once this is aborted. */
  readonly abort?: AbortSignal;
  readonly clock?: () => Date;
}

function failureInfo(e: unknown): FailureInfo {
  if (e instanceof AzureFailure) {
    return {
      kind: e.kind,
      message: e.message,
      ...(e.details.status !== undefined ? { status: e.details.status } : {}),
      ...(e.details.code !== undefined ? { code: e.details.code } : {}),
      ...(e.details.requiredAction !== undefined ? { requiredAction: e.details.requiredAction } : {}),
    };
  }
  return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

/** One run of a plan: what it was given, and what it has learned so far. */
interface Run {
  readonly port: AzurePort;
  readonly options: ApplyOptions;
  readonly emit: (e: ApplyEvent) => void;
  readonly clock: () => Date;
  readonly limiter: Limiter;
  readonly outcomes: Map<string, Promise<ChangeOutcome>>;
  readonly byAddress: Map<string, Change>;
  /** Changes whose current step the service has accepted: a lost connection leaves their outcome open. */
  readonly accepted: Set<string>;
  /** The signal that ends waiting to start: a stop or an abort. */
  readonly startSignal: AbortSignal | undefined;
  /** The change whose failure showed the endpoint unreachable, once one has. */
  unreachableAt: string | undefined;
}

export async function applyPlan(plan: Plan, port: AzurePort, options: ApplyOptions, emit: (e: ApplyEvent) => void): Promise<ApplyResult> {
  const notStarting = [options.stop, options.abort].filter((x): x is AbortSignal => x !== undefined);
  const run: Run = {
    port,
    options,
    emit,
    clock: options.clock ?? (() => new Date()),
    limiter: options.parallelism === undefined ? UNLIMITED : createLimiter(options.parallelism),
    outcomes: new Map<string, Promise<ChangeOutcome>>(),
    byAddress: new Map(plan.changes.map((c) => [c.address, c])),
    accepted: new Set<string>(),
    startSignal: notStarting.length === 0 ? undefined : notStarting.length === 1 ? notStarting[0] : AbortSignal.any(notStarting),
    unreachableAt: undefined,
  };
  const results: ChangeResult[] = await Promise.all(
    plan.changes.map(async (change) => ({ address: change.address, action: change.action, outcome: await outcomeOf(run, change) })),
  );
  const count = (s: ChangeOutcome['status']): number => results.filter((r) => r.outcome.status === s).length;
  return { results, succeeded: count('succeeded'), failed: count('failed'), skipped: count('skipped'), interrupted: count('interrupted') };
}

function now(run: Run): string {
  return run.clock().toISOString();
}

/** The change's outcome, started once: after its dependencies, then when the limiter and the port let it. */
function outcomeOf(run: Run, change: Change): Promise<ChangeOutcome> {
  let p = run.outcomes.get(change.address);
  if (p) return p;
  p = (async (): Promise<ChangeOutcome> => {
    for (const dep of change.dependsOn) {
      const depChange = run.byAddress.get(dep);
      if (!depChange) continue;
      const depOutcome = await outcomeOf(run, depChange);
      if (depOutcome.status !== 'succeeded') return skip(run, change, { kind: 'dependency-failed', dependency: dep });
    }
    return run.limiter.run(() => startOrSkip(run, change));
  })();
  run.outcomes.set(change.address, p);
  return p;
}

/** Runs the change unless stopped, or the endpoint was found unreachable, while it waited. */
async function startOrSkip(run: Run, change: Change): Promise<ChangeOutcome> {
  const { options } = run;
  if (options.stop?.aborted || options.abort?.aborted) return skip(run, change, { kind: 'interrupted' });
  if (!(await admitted(run, change))) return skip(run, change, { kind: 'interrupted' });
  if (run.unreachableAt !== undefined) return skip(run, change, { kind: 'endpoint-unreachable', address: run.unreachableAt });
  return execute(run, change);
}

function skip(run: Run, change: Change, reason: SkipReason): ChangeOutcome {
  run.emit({ type: 'skipped', at: now(run), address: change.address, action: change.action, reason });
  return { status: 'skipped', reason };
}

/** Waits until the port admits the change's first write; false when stopped meanwhile. */
async function admitted(run: Run, change: Change): Promise<boolean> {
  const { port, startSignal } = run;
  if (port.admit === undefined) return true;
  if (run.unreachableAt !== undefined) return true;
  try {
    await port.admit(change.target, change.action === 'replace' || change.action === 'delete' ? 'delete' : 'put', startSignal);
  } catch (e) {
    if (startSignal?.aborted) return false;
    throw e;
  }
  return !(startSignal?.aborted ?? false);
}

type Write = (signal: AbortSignal | undefined, accepted: () => void) => Promise<unknown>;

async function runStep(run: Run, change: Change, step: Step, write: Write): Promise<void> {
  run.accepted.delete(change.address);
  run.emit({ type: 'started', at: now(run), address: change.address, action: change.action, step });
  await write(run.options.abort, () => {
    run.accepted.add(change.address);
    run.emit({ type: 'accepted', at: now(run), address: change.address, step });
  });
}

/** Carries out one change through the port and reports how it ended. */
async function execute(run: Run, change: Change): Promise<ChangeOutcome> {
  const { port, options, clock } = run;
  const started = clock().getTime();
  let step: Step = change.action === 'replace' || change.action === 'delete' ? 'delete' : change.action;
  let overlap: ReplacementOverlap | undefined;
  try {
    switch (change.action) {
      case 'create':
      case 'update':
        await runStep(run, change, step, (signal, accepted) => port.putConnection(change.target, change.after, { ...(signal ? { signal } : {}), onAccepted: accepted }));
        break;
      case 'delete':
        await runStep(run, change, step, (signal, accepted) => port.deleteConnection(change.target, { ...(signal ? { signal } : {}), onAccepted: accepted }));
        break;
      case 'replace': {
        const deletedAt = clock().toISOString();
        await runStep(run, change, 'delete', (signal, accepted) => port.deleteConnection(change.target, { ...(signal ? { signal } : {}), onAccepted: accepted }));
        const goneAt = clock();
        if (options.abort?.aborted) return { status: 'interrupted', step: 'delete' };
        step = 'create';
        await createReplacement(run, change, deletedAt);
        if (change.strategy === 'gap-free') overlap = overlapOf(deletedAt, goneAt, clock());
        break;
      }
    }
  } catch (e) {
    if (options.abort?.aborted) return { status: 'interrupted', step };
    return failed(run, change, step, e);
  }
  const durationMs = clock().getTime() - started;
  const observed = overlap !== undefined ? { overlap } : {};
  run.emit({ type: 'succeeded', at: now(run), address: change.address, action: change.action, durationMs, ...observed });
  return { status: 'succeeded', durationMs, ...observed };
}

/** What a gap-free replacement observed: from the delete's issue to the old one gone may be read twice. */
function overlapOf(retrievalStartDate: string, goneAt: Date, succeededAt: Date): ReplacementOverlap {
  return {
    retrievalStartDate,
    oldDeletedAt: goneAt.toISOString(),
    newSucceededAt: succeededAt.toISOString(),
    overlapMs: Math.max(0, goneAt.getTime() - Date.parse(retrievalStartDate)),
  };
}

/** The create half of a replacement; a gap-free one reads from the moment the delete was issued. */
async function createReplacement(run: Run, change: ReplaceChange, deletedAt: string): Promise<void> {
  const { port, options } = run;
  // The replacement has begun: only an abort stops it now, not a stop.
  await port.admit?.(change.target, 'put', options.abort);
  const body: ConnectionBody =
    change.strategy === 'gap-free'
      ? { ...change.after, properties: { ...change.after.properties, retrievalStartDate: deletedAt } }
      : change.after;
  await runStep(run, change, 'create', (signal, accepted) => port.putConnection(change.target, body, { ...(signal ? { signal } : {}), onAccepted: accepted }));
}

/** A failed step as an outcome; a lost connection also stops new changes from starting. */
function failed(run: Run, change: Change, step: Step, e: unknown): ChangeOutcome {
  let error = failureInfo(e);
  if (error.kind === 'network') {
    run.unreachableAt ??= change.address;
    if (run.accepted.has(change.address)) error = { ...error, message: `${error.message} (the service had accepted it and may still finish it; run plan to see where it ended)` };
  }
  run.emit({ type: 'failed', at: now(run), address: change.address, action: change.action, step, error });
  return { status: 'failed', step, error };
}
