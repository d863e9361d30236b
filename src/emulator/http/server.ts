/**
 * The HTTPS front: every request goes through the same steps, in ARM's order —
 * path sanity → control API (no auth) → authentication → injected faults → throttling (ARM's
 * buckets, or Resource Graph's quota for its queries) → api-version → route → handler — and
 * every answer is ARM's JSON, logged and counted.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { handleControl, type EmulatorControl } from '../control/control.js';
import type { EmulatorCore } from '../state/core.js';
import { ArmError } from '../arm/errors.js';
import type { ApiResponse } from '../arm/api-types.js';
import { handleApi } from '../arm/dispatch.js';
import { parseJson, readBody, send } from './bodies.js';
import { finishDue } from '../arm/lro.js';
import type { ApiOperation } from './request-log.js';
import { checkMethod, describeOperation, matchRoute, pathSegments, routeSubscription, unknownRoute, type Route } from './router.js';
import { remainingHeader, type ThrottleCategory, type ThrottleDecision } from '../arm/throttle.js';
import { SUPPORTED_API_VERSIONS } from '../kusto/api-versions.js';
import { METRICS_API_VERSIONS } from '../dataplane/metrics.js';
import { SOURCE_API_VERSIONS, sourceProvider } from '../sources/routes.js';
import { AUTHORIZATION_API_VERSIONS } from '../rbac/routes.js';
import { handleDataPlane, isDataPlanePath } from '../dataplane/http.js';
import { requestFaults, type FaultAction } from '../control/faults.js';

/** Every stable Microsoft.Kusto api-version with data connections (api-versions.generated.ts). */
export { SUPPORTED_API_VERSIONS };
/** Resource Graph's GA api-versions with objectArray answers by default. */
export const SUPPORTED_GRAPH_API_VERSIONS = ['2021-03-01', '2022-10-01'] as const;

/** What a route's api-versions are checked against. */
function apiVersionsOf(route: Route | undefined): { readonly versions: readonly string[]; readonly type: string } {
  switch (route?.type) {
    case 'resourceGraph':
      return { versions: SUPPORTED_GRAPH_API_VERSIONS, type: 'resources' };
    case 'source': {
      const provider = sourceProvider(route.route);
      return { versions: SOURCE_API_VERSIONS[provider], type: `${provider}/${route.route.kind}` };
    }
    case 'authorization':
      return { versions: AUTHORIZATION_API_VERSIONS, type: `Microsoft.Authorization/${route.route.kind}` };
    case 'metrics':
      return { versions: METRICS_API_VERSIONS, type: 'Microsoft.Insights/metrics' };
    default:
      return { versions: SUPPORTED_API_VERSIONS, type: 'clusters/databases/dataConnections' };
  }
}

const CONTROL_PREFIX = '_emulator';

const STATUS_CODES: Readonly<Record<number, string>> = {
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

function category(method: string): ThrottleCategory {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  return method === 'DELETE' ? 'deletes' : 'writes';
}

function checkApiVersion(value: string | null, route: Route | undefined): string {
  const { versions, type } = apiVersionsOf(route);
  const supported = versions.join(', ');
  if (value === null || value === '') {
    throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/i.test(value)) {
    throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${value}' is invalid. The supported versions are '${supported}'.`);
  }
  if (!versions.includes(value)) {
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for API version '${value}' and type '${type}'. ` +
        `The supported api-versions are '${supported}'.`,
    );
  }
  return value;
}

function armQuota(decision: ThrottleDecision): Record<string, string> {
  return { [remainingHeader(decision.category)]: String(decision.remaining) };
}

function hasBearerToken(req: IncomingMessage): boolean {
  return /^Bearer\s+\S+/i.test(req.headers.authorization ?? '');
}

const UNAUTHENTICATED = new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", undefined, undefined, {
  'WWW-Authenticate':
    'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", ' +
    'error_description="The authentication failed because of missing \'Authorization\' header."',
});

export function createRequestHandler(core: EmulatorCore, control: EmulatorControl): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(core, control, req, res).catch((err: unknown) => {
      // A bug, not a request problem: still answer ARM's shape, never crash the server.
      const message = err instanceof Error ? err.message : String(err);
      send(res, 500, { error: { code: 'InternalServerError', message: `The emulator failed: ${message}` } });
    });
  };
}

async function handle(core: EmulatorCore, control: EmulatorControl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const { segs, sanityError } = checkPath(rawPath);
  if (segs !== undefined && segs[0] === CONTROL_PREFIX) {
    await answerControl(core, control, req, res, method, segs);
    return;
  }
  if (segs !== undefined && isDataPlanePath(segs)) {
    await handleDataPlane(core, req, res, segs, method);
    return;
  }
  await handleArm(core, req, res, { method, rawPath, query, segs, sanityError });
}

/** The path's segments, or the ARM error its sanity check raised (answered after authentication). */
function checkPath(rawPath: string): { segs?: string[]; sanityError?: ArmError } {
  try {
    return { segs: pathSegments(rawPath) };
  } catch (err) {
    if (!(err instanceof ArmError)) throw err;
    return { sanityError: err };
  }
}

/** The control API under `/_emulator/`: no authentication, no log. */
async function answerControl(core: EmulatorCore, control: EmulatorControl, req: IncomingMessage, res: ServerResponse, method: string, segs: readonly string[]): Promise<void> {
  const answer = await handleControl(control, {
    method,
    segments: segs.slice(1),
    text: async () => (await readBody(req, core.bodyLimitBytes)).toString('utf8'),
  });
  core.persist();
  send(res, answer.status, answer.body);
}

interface ArmRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly segs: readonly string[] | undefined;
  readonly sanityError: ArmError | undefined;
}

/** An ARM (or Resource Graph) request: authentication → faults → throttling → api-version → route → handler. */
async function handleArm(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, arm: ArmRequest): Promise<void> {
  const { method, query, segs } = arm;
  const path = segs === undefined ? arm.rawPath : `/${segs.join('/')}`;
  const route: Route | undefined = segs === undefined ? undefined : matchRoute(segs);
  const subscription = route === undefined ? undefined : routeSubscription(route);
  const apiVersion = query.get('api-version') ?? undefined;
  const headers = responseHeaders(req);
  const operation: ApiOperation = describeOperation(route, method);
  let faultId: string | undefined;
  /** The throttling headers every answer past the throttle carries. */
  let quotaHeaders: Readonly<Record<string, string>> = {};
  let answer: ApiResponse;

  const log = (status: number) =>
    core.log.record({
      time: new Date(core.clock.now()).toISOString(),
      method,
      path,
      apiVersion,
      status,
      subscription,
      operation,
      ...(faultId !== undefined ? { fault: faultId } : {}),
    });

  try {
    if (arm.sanityError !== undefined) throw arm.sanityError;
    if (!hasBearerToken(req)) throw UNAUTHENTICATED;

    const fault = await requestFaults(core.faults, method, path, delay);
    if (fault.type !== 'none') faultId = fault.faultId;
    if (fault.type === 'drop') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (fault.type === 'status') throw injectedStatus(fault.action);

    quotaHeaders = route?.type === 'resourceGraph' ? core.graphQuota.take(core.clock.now()) : armQuota(core.throttle.take(subscription ?? '', category(method), core.clock.now()));
    answer = await routeAndHandle(core, req, { method, path, query, route });
  } catch (err) {
    if (!(err instanceof ArmError)) throw err;
    answer = { status: err.status, body: err.body(), headers: err.headers };
  }
  core.persist();
  log(answer.status);
  send(res, answer.status, answer.body, { ...headers, ...quotaHeaders, ...answer.headers });
}

/** A fresh request ID, and the caller's correlation ID (or that one again). */
function responseHeaders(req: IncomingMessage): Record<string, string> {
  const requestId = randomUUID();
  return {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': typeof req.headers['x-ms-correlation-request-id'] === 'string' ? req.headers['x-ms-correlation-request-id'] : requestId,
  };
}

/** The error an injected status fault answers. */
function injectedStatus(action: Extract<FaultAction, { type: 'status' }>): ArmError {
  return new ArmError(
    action.status,
    action.code ?? STATUS_CODES[action.status] ?? `HttpStatus${action.status}`,
    action.message ?? `Injected fault: HTTP ${action.status}.`,
    undefined,
    undefined,
    action.retryAfterSeconds !== undefined ? { 'Retry-After': String(action.retryAfterSeconds) } : {},
  );
}

/** Past the throttle: api-version, route and method checks, due operations finished, then the handler. */
async function routeAndHandle(
  core: EmulatorCore,
  req: IncomingMessage,
  { method, path, query, route }: { method: string; path: string; query: URLSearchParams; route: Route | undefined },
): Promise<ApiResponse> {
  const version = checkApiVersion(query.get('api-version'), route);
  if (route === undefined || route.type === 'unknown') throw unknownRoute();
  checkMethod(route, method);
  finishDue(core.store, core.clock.now());
  return handleApi(core, {
    method,
    path,
    route,
    apiVersion: version,
    query,
    baseUrl: `https://${req.headers.host ?? 'localhost'}`,
    body: async () => parseJson(req.headers['content-type'], await readBody(req, core.bodyLimitBytes)),
  });
}
