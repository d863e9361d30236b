/**
 * Fault injection: a fault matches requests by method and a path pattern (a regular
 * expression, case-insensitive, tried against the decoded path without the query), for the
 * next N matches (`times`), with a probability, or both; with neither it fires on every match
 * until removed. What it does:
 * - `status`: answer at once with that status (429, 500, 503, ...) and ARM's error JSON,
 *   with `Retry-After` when `retryAfterSeconds` is given;
 * - `drop`: destroy the socket without answering;
 * - `latency`: wait `ms` before handling the request normally;
 * - `failOperation`: the long-running operation the request starts fails with `code`/`message`;
 * - `hangOperation`: the long-running operation the request starts never finishes.
 */
import { randomUUID } from 'node:crypto';
import { isObject } from '../format/json.js';

export type FaultAction =
  | { readonly type: 'status'; readonly status: number; readonly retryAfterSeconds?: number; readonly code?: string; readonly message?: string }
  | { readonly type: 'drop' }
  | { readonly type: 'latency'; readonly ms: number }
  | { readonly type: 'failOperation'; readonly code: string; readonly message: string }
  | { readonly type: 'hangOperation' };

export interface FaultSpec {
  /** HTTP method, any case; absent or `*` for every method. */
  readonly method?: string;
  /** Regular expression source, matched case-insensitively against the path; absent for every path. */
  readonly path?: string;
  /** Fire on the next N matches only. */
  readonly times?: number;
  /** Fire on a match with this probability (0–1). */
  readonly probability?: number;
  readonly action: FaultAction;
}

export interface ActiveFault extends FaultSpec {
  readonly id: string;
  /** Firings left; null for unlimited. */
  readonly remaining: number | null;
  readonly fired: number;
}

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

interface Entry {
  readonly spec: FaultSpec;
  readonly id: string;
  readonly pattern: RegExp | undefined;
  remaining: number | null;
  fired: number;
}

/** Which actions apply where: at the door of every request, or when an operation starts. */
const OPERATION_ACTIONS: ReadonlySet<FaultAction['type']> = new Set(['failOperation', 'hangOperation']);

export class Faults {
  private entries: Entry[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: unknown): ActiveFault {
    const checked = checkFaultSpec(spec);
    const entry: Entry = {
      spec: checked,
      id: randomUUID(),
      pattern: checked.path === undefined ? undefined : new RegExp(checked.path, 'i'),
      remaining: checked.times ?? null,
      fired: 0,
    };
    this.entries.push(entry);
    return view(entry);
  }

  list(): ActiveFault[] {
    return this.entries.map(view);
  }

  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    return this.entries.length < before;
  }

  clear(): void {
    this.entries = [];
  }

  /**
   * The request-level faults that fire for this request (each firing counts): every matching
   * latency fault, and at most one that answers (status or drop), the first added. A fault
   * that would answer but is shadowed by an earlier one does not fire and keeps its count.
   */
  atRequest(method: string, path: string): ActiveFault[] {
    return this.fire(method, path, false);
  }

  /** The operation-level fault that fires for an operation this request starts, if any. */
  atOperation(method: string, path: string): ActiveFault | undefined {
    return this.fire(method, path, true)[0];
  }

  private fire(method: string, path: string, operation: boolean): ActiveFault[] {
    const fired: ActiveFault[] = [];
    let answered = false;
    for (const e of this.entries) {
      if (OPERATION_ACTIONS.has(e.spec.action.type) !== operation) continue;
      const answers = e.spec.action.type === 'status' || e.spec.action.type === 'drop';
      if (answers && answered) continue;
      if (e.spec.method !== undefined && e.spec.method !== '*' && e.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (e.pattern !== undefined && !e.pattern.test(path)) continue;
      if (e.spec.probability !== undefined && this.random() >= e.spec.probability) continue;
      e.fired += 1;
      if (e.remaining !== null) e.remaining -= 1;
      fired.push(view(e));
      if (answers) answered = true;
      if (operation) break;
    }
    this.entries = this.entries.filter((e) => e.remaining !== 0);
    return fired;
  }
}

function view(e: Entry): ActiveFault {
  return { ...e.spec, id: e.id, remaining: e.remaining, fired: e.fired };
}

export function checkFaultSpec(value: unknown): FaultSpec {
  if (!isObject(value)) throw new FaultSpecError('a fault must be an object');
  const { method, path, times, probability, action } = value;
  if (method !== undefined && typeof method !== 'string') throw new FaultSpecError("'method' must be a string");
  if (path !== undefined) {
    if (typeof path !== 'string') throw new FaultSpecError("'path' must be a regular expression string");
    try {
      new RegExp(path, 'i');
    } catch (err) {
      throw new FaultSpecError(`'path' is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    throw new FaultSpecError("'times' must be a whole number of at least 1");
  }
  if (probability !== undefined && (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))) {
    throw new FaultSpecError("'probability' must be a number between 0 and 1");
  }
  return {
    ...(method !== undefined ? { method } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(times !== undefined ? { times } : {}),
    ...(probability !== undefined ? { probability } : {}),
    action: checkAction(action),
  };
}

function checkAction(action: unknown): FaultAction {
  if (!isObject(action)) throw new FaultSpecError("'action' must be an object with a 'type'");
  const nonEmpty = (key: string): string => {
    const v = action[key];
    if (typeof v !== 'string' || v === '') throw new FaultSpecError(`'action.${key}' must be a non-empty string`);
    return v;
  };
  const optional = (key: string): string | undefined => (action[key] === undefined ? undefined : nonEmpty(key));
  switch (action['type']) {
    case 'status': {
      const status = action['status'];
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
        throw new FaultSpecError("'action.status' must be an HTTP error status (400–599)");
      }
      const retry = action['retryAfterSeconds'];
      if (retry !== undefined && (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 0)) {
        throw new FaultSpecError("'action.retryAfterSeconds' must be a whole number of seconds");
      }
      const code = optional('code');
      const message = optional('message');
      return {
        type: 'status',
        status,
        ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
        ...(code !== undefined ? { code } : {}),
        ...(message !== undefined ? { message } : {}),
      };
    }
    case 'drop':
      return { type: 'drop' };
    case 'latency': {
      const ms = action['ms'];
      if (typeof ms !== 'number' || !(ms >= 0)) throw new FaultSpecError("'action.ms' must be a number of milliseconds");
      return { type: 'latency', ms };
    }
    case 'failOperation':
      return { type: 'failOperation', code: nonEmpty('code'), message: nonEmpty('message') };
    case 'hangOperation':
      return { type: 'hangOperation' };
    default:
      throw new FaultSpecError("'action.type' must be one of status, drop, latency, failOperation, hangOperation");
  }
}

/** What the request-level faults decided for one request, after their latencies were served. */
export type RequestFaultOutcome =
  | { readonly type: 'none' }
  | { readonly type: 'drop'; readonly faultId: string }
  | { readonly type: 'status'; readonly faultId: string; readonly action: Extract<FaultAction, { type: 'status' }> };

/**
 * The one sequence every front (ARM, the Kusto data plane) runs: waits out each firing latency
 * fault, then answers the fault that drops or answers the request, if any; each front then
 * answers in its own service's shape.
 */
export async function requestFaults(faults: Faults, method: string, path: string, wait: (ms: number) => Promise<unknown>): Promise<RequestFaultOutcome> {
  for (const fault of faults.atRequest(method, path)) {
    const action = fault.action;
    if (action.type === 'latency') {
      await wait(action.ms);
      continue;
    }
    if (action.type === 'drop') return { type: 'drop', faultId: fault.id };
    if (action.type === 'status') return { type: 'status', faultId: fault.id, action };
  }
  return { type: 'none' };
}
