/**
 * Following an ARM long-running operation to its end with few reads. Every status read is a
 * request against the subscription's read budget (25/s), shared by all operations in flight,
 * so a poller that reads every 2 s whatever the operation, or hot-loops, spends the budget the
 * other operations need. The wait before each read:
 *
 * - the service's own `Retry-After`, when it gives one above zero (it knows its operation);
 * - otherwise a schedule that starts short (`firstMs`: a short operation is seen finished on the
 *   first read) and doubles up to `maxMs` (a long one costs a read per `maxMs`, as a fixed poll).
 *
 * The operation is followed where the write's answer says: `Azure-AsyncOperation` (or
 * `Operation-Location`), else `Location`, else the resource itself (its provisioningState), as the
 * SDK's poller and ARM's async-operation guidance do. No final read of the resource: the caller
 * has the write's own answer.
 */
/** How the SDK's poller words a failed operation; failures.ts reads it. */
export const LRO_FAILED_PREFIX = 'The long-running operation has failed';

export interface PollSchedule {
  /** The first wait when the service gives no Retry-After. */
  readonly firstMs: number;
  /** The longest wait the schedule grows to. */
  readonly maxMs: number;
}

/** An HTTP answer, as much of it as following an operation reads. */
export interface Answer {
  readonly status: number;
  readonly headers: { get(name: string): string | undefined };
  readonly body: unknown;
}

/** Where and how an operation's progress is read. */
export type PollTarget =
  | { readonly mode: 'status'; readonly url: string }
  | { readonly mode: 'location'; readonly url: string }
  | { readonly mode: 'resource'; readonly url: string };

export type OperationState = { readonly state: 'running' } | { readonly state: 'succeeded' } | { readonly state: 'failed'; readonly code?: string; readonly message: string };

const RUNNING = new Set(['running', 'accepted', 'started', 'creating', 'updating', 'deleting', 'moving', 'canceling', 'cancelling', 'inprogress', 'notstarted']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Where to follow the operation a write started, or undefined when its answer is final: a 200 or
 * 201 without an operation header whose body's provisioningState is terminal (or absent), a 204.
 */
export function pollTargetOf(answer: Answer, resourceUrl: string): PollTarget | undefined {
  const status = answer.headers.get('azure-asyncoperation') ?? answer.headers.get('operation-location');
  if (status !== undefined && status !== '') return { mode: 'status', url: status };
  const location = answer.headers.get('location');
  if (answer.status === 202 && location !== undefined && location !== '') return { mode: 'location', url: location };
  if (answer.status === 202) return { mode: 'resource', url: resourceUrl };
  const provisioning = isObject(answer.body) && isObject(answer.body['properties']) ? answer.body['properties']['provisioningState'] : undefined;
  if (typeof provisioning === 'string' && RUNNING.has(provisioning.toLowerCase())) return { mode: 'resource', url: resourceUrl };
  return undefined;
}

function stateOfText(text: unknown, error: unknown): OperationState {
  const s = typeof text === 'string' ? text.toLowerCase() : '';
  if (s === 'succeeded') return { state: 'succeeded' };
  if (s === 'failed' || s === 'canceled' || s === 'cancelled') {
    const e = isObject(error) ? error : {};
    const code = typeof e['code'] === 'string' ? e['code'] : undefined;
    const message = typeof e['message'] === 'string' ? e['message'] : `the operation ended ${s}`;
    return { state: 'failed', ...(code !== undefined ? { code } : {}), message };
  }
  return { state: 'running' };
}

/** What one read of the operation says. */
export function operationStateOf(target: PollTarget, answer: Answer): OperationState {
  const body = isObject(answer.body) ? answer.body : {};
  switch (target.mode) {
    case 'status':
      return stateOfText(body['status'], body['error']);
    case 'location':
      return answer.status === 202 ? { state: 'running' } : { state: 'succeeded' };
    case 'resource': {
      if (answer.status === 202) return { state: 'running' };
      const props = isObject(body['properties']) ? body['properties'] : {};
      const provisioning = props['provisioningState'];
      return provisioning === undefined ? { state: 'succeeded' } : stateOfText(provisioning, body['error']);
    }
  }
}

/** Retry-After of an answer in milliseconds (seconds, or an HTTP date), when it says one. */
export function retryAfterOf(answer: Answer, now: number = Date.now()): number | undefined {
  const text = answer.headers.get('retry-after')?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The wait before the next read: a Retry-After above zero, else the schedule's next step. */
export function nextPollDelay(previousMs: number | undefined, retryAfterMs: number | undefined, schedule: PollSchedule): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) return retryAfterMs;
  const first = Math.min(schedule.firstMs, schedule.maxMs);
  return previousMs === undefined ? first : Math.min(schedule.maxMs, Math.max(first, previousMs * 2));
}

export interface FollowOptions {
  readonly schedule: PollSchedule;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * Reads the operation until it ends; resolves with the last answer when it succeeded, throws the
 * SDK poller's error (the service's code and message; toAzureFailure makes it 'operation-failed') when it failed or was
 * cancelled. `first` is the write's own answer (its Retry-After sets the first wait).
 */
export async function followOperation(target: PollTarget, first: Answer, read: (url: string) => Promise<Answer>, options: FollowOptions): Promise<Answer> {
  let answer = first;
  let previous: number | undefined;
  let url = target.url;
  for (;;) {
    const delay = nextPollDelay(previous, retryAfterOf(answer), options.schedule);
    previous = delay;
    await options.sleep(delay, options.signal);
    if (options.signal?.aborted) throw abortError();
    answer = await read(url);
    const state = operationStateOf(target, answer);
    if (state.state === 'succeeded') return answer;
    // In the SDK poller's words, so that failures.ts turns it into the one 'operation-failed' failure, redacted.
    if (state.state === 'failed') throw new Error(`${LRO_FAILED_PREFIX}. ${state.code ?? 'OperationFailed'}. ${state.message}`);
    // A Location answer may move the operation along to another URL.
    if (target.mode === 'location') url = answer.headers.get('location') ?? url;
  }
}

function abortError(): Error {
  const e = new Error('the operation was cancelled');
  e.name = 'AbortError';
  return e;
}
