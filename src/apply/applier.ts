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
import { type Limiter, createLimiter } from '../core/concurrency.js';
import type { ConnectionBody } from '../core/model.js';
import type { Change, Plan } from '../plan/model.js';
import type { ApplyEvent, ApplyResult, ChangeOutcome, ChangeResult, FailureInfo, Step } from './events.js';

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

export async function applyPlan(plan: Plan, port: AzurePort, options: ApplyOptions, emit: (e: ApplyEvent) => void): Promise<ApplyResult> {
  const clock = options.clock ?? (() => new Date());
  const now = (): string => clock().toISOString();
  const limiter: Limiter = options.parallelism === undefined ? { run: (task) => task() } : createLimiter(options.parallelism);
  const outcomes = new Map<string, Promise<ChangeOutcome>>();
  const byAddress = new Map(plan.changes.map((c) => [c.address, c]));
  /** The change whose failure showed the endpoint unreachable, once one has. */
  let unreachableAt: string | undefined;

  /** Changes whose current step the service has accepted: a lost connection leaves their outcome open. */
  const accepted = new Set<string>();

  async function runStep(change: Change, step: Step, write: (signal: AbortSignal | undefined, accepted: () => void) => Promise<unknown>): Promise<void> {
    accepted.delete(change.address);
    emit({ type: 'started', at: now(), address: change.address, action: change.action, step });
    await write(options.abort, () => {
      accepted.add(change.address);
      emit({ type: 'accepted', at: now(), address: change.address, step });
    });
  }

  async function execute(change: Change): Promise<ChangeOutcome> {
    const started = clock().getTime();
    let step: Step = change.action === 'replace' || change.action === 'delete' ? 'delete' : change.action;
    try {
      switch (change.action) {
        case 'create':
        case 'update':
          await runStep(change, step, (signal, accepted) => port.putConnection(change.target, change.after, { ...(signal ? { signal } : {}), onAccepted: accepted }));
          break;
        case 'delete':
          await runStep(change, step, (signal, accepted) => port.deleteConnection(change.target, { ...(signal ? { signal } : {}), onAccepted: accepted }));
          break;
        case 'replace': {
          const deletedAt = clock().toISOString();
          await runStep(change, 'delete', (signal, accepted) => port.deleteConnection(change.target, { ...(signal ? { signal } : {}), onAccepted: accepted }));
          if (options.abort?.aborted) return { status: 'interrupted', step: 'delete' };
          step = 'create';
          // The replacement has begun: only an abort stops it now, not a stop.
          await port.admit?.(change.target, 'put', options.abort);
          const body: ConnectionBody =
            change.strategy === 'gap-free'
              ? { ...change.after, properties: { ...change.after.properties, retrievalStartDate: deletedAt } }
              : change.after;
          await runStep(change, 'create', (signal, accepted) => port.putConnection(change.target, body, { ...(signal ? { signal } : {}), onAccepted: accepted }));
          break;
        }
      }
    } catch (e) {
      if (options.abort?.aborted) return { status: 'interrupted', step };
      let error = failureInfo(e);
      if (error.kind === 'network') {
        unreachableAt ??= change.address;
        if (accepted.has(change.address)) error = { ...error, message: `${error.message} (the service had accepted it and may still finish it; run plan to see where it ended)` };
      }
      emit({ type: 'failed', at: now(), address: change.address, action: change.action, step, error });
      return { status: 'failed', step, error };
    }
    const durationMs = clock().getTime() - started;
    emit({ type: 'succeeded', at: now(), address: change.address, action: change.action, durationMs });
    return { status: 'succeeded', durationMs };
  }

  /** The signal that ends waiting to start: a stop or an abort. */
  const notStarting = [options.stop, options.abort].filter((x): x is AbortSignal => x !== undefined);
  const startSignal = notStarting.length === 0 ? undefined : notStarting.length === 1 ? notStarting[0] : AbortSignal.any(notStarting);

  /** Waits until the port admits the change's first write; false when stopped meanwhile. */
  async function admitted(change: Change): Promise<boolean> {
    if (port.admit === undefined) return true;
    if (unreachableAt !== undefined) return true;
    try {
      await port.admit(change.target, change.action === 'replace' || change.action === 'delete' ? 'delete' : 'put', startSignal);
    } catch (e) {
      if (startSignal?.aborted) return false;
      throw e;
    }
    return !(startSignal?.aborted ?? false);
  }

  function outcomeOf(change: Change): Promise<ChangeOutcome> {
    let p = outcomes.get(change.address);
    if (p) return p;
    p = (async (): Promise<ChangeOutcome> => {
      for (const dep of change.dependsOn) {
        const depChange = byAddress.get(dep);
        if (!depChange) continue;
        const depOutcome = await outcomeOf(depChange);
        if (depOutcome.status !== 'succeeded') {
          const reason = { kind: 'dependency-failed', dependency: dep } as const;
          emit({ type: 'skipped', at: now(), address: change.address, action: change.action, reason });
          return { status: 'skipped', reason };
        }
      }
      return limiter.run(async () => {
        if (options.stop?.aborted || options.abort?.aborted) {
          const reason = { kind: 'interrupted' } as const;
          emit({ type: 'skipped', at: now(), address: change.address, action: change.action, reason });
          return { status: 'skipped', reason };
        }
        if (!(await admitted(change))) {
          const reason = { kind: 'interrupted' } as const;
          emit({ type: 'skipped', at: now(), address: change.address, action: change.action, reason });
          return { status: 'skipped', reason };
        }
        if (unreachableAt !== undefined) {
          const reason = { kind: 'endpoint-unreachable', address: unreachableAt } as const;
          emit({ type: 'skipped', at: now(), address: change.address, action: change.action, reason });
          return { status: 'skipped', reason };
        }
        return execute(change);
      });
    })();
    outcomes.set(change.address, p);
    return p;
  }

  const results: ChangeResult[] = await Promise.all(
    plan.changes.map(async (change) => ({ address: change.address, action: change.action, outcome: await outcomeOf(change) })),
  );
  const count = (s: ChangeOutcome['status']): number => results.filter((r) => r.outcome.status === s).length;
  return { results, succeeded: count('succeeded'), failed: count('failed'), skipped: count('skipped'), interrupted: count('interrupted') };
}
