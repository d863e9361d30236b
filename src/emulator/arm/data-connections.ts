/**
 * The data-connection operations, as the service answers them (the read-only cluster and
 * database reads are in inventory.ts; dispatch.ts picks the handler). Each handler gets a routed,
 * authenticated, throttled request and returns status, body and headers; errors are thrown
 * as ArmError.
 */
import { ArmError, badRequest, resourceNotFound, subscriptionNotFound, type Problem } from './errors.js';
import type { EmulatorCore } from '../state/core.js';
import type { DatabaseAddress } from './ids.js';
import { nameProblem } from '../kusto/kinds.js';
import { isObject } from '../format/json.js';
import { operationPath, retryAfterSeconds, startOperation, statusBody } from './lro.js';
import { findRegion, regionKey } from './regions.js';
import { resolveCluster, resolveDatabase } from './resolve.js';
import { renderConnection } from './resource.js';
import type { Route } from '../http/router.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import type { OperationKind, OperationOutcome, OperationRecord, StoredConnection } from '../state/store.js';
import { asyncFailure, checkConnection, type CheckedConnection } from '../kusto/validation.js';
import type { ClusterNode, DatabaseNode } from '../state/world.js';

const CHECK_NAME_TYPE = 'microsoft.kusto/clusters/databases/dataconnections';

function connectionNotFound(db: DatabaseNode, name: string): ArmError {
  const a = db.address;
  return resourceNotFound(`Microsoft.Kusto/clusters/${a.cluster}/databases/${a.database}/dataConnections/${name}`, a.resourceGroup);
}

function conflict(conn: StoredConnection): ArmError {
  return new ArmError(
    409,
    'Conflict',
    `Data connection '${conn.db.cluster}/${conn.db.database}/${conn.name}' is in provisioning state '${conn.provisioningState}', ` +
      'which is not terminal; retry when the running operation has finished.',
  );
}

export async function handleConnection(core: EmulatorCore, req: ApiRequest, addr: DatabaseAddress, name: string): Promise<ApiResponse> {
  const db = resolveDatabase(core, addr);
  const existing = core.store.get(db.address, name);
  switch (req.method) {
    case 'GET':
      if (existing === undefined) throw connectionNotFound(db, name);
      return { status: 200, body: renderConnection(existing, req.apiVersion) };
    case 'DELETE':
      return handleDelete(core, req, db, existing);
    case 'PUT':
    case 'PATCH': {
      if (req.method === 'PATCH' && existing === undefined) throw connectionNotFound(db, name);
      const issue = nameProblem(name);
      if (issue !== undefined) throw new ArmError(400, 'InvalidResourceName', issue, 'name');
      if (existing?.operationId !== undefined) throw conflict(existing);
      const body = await req.body();
      const now = core.clock.now();
      const result = checkConnection({
        world: core.world,
        store: core.store,
        db,
        name,
        body,
        existing,
        merge: req.method === 'PATCH',
        now,
        apiVersion: req.apiVersion,
        catalog: core.catalog,
      });
      if (result.value === undefined) throw badRequest(result.problems);
      return startWrite(core, req, db, name, existing, result.value, result.asyncProblems);
    }
    default:
      // checkMethod refused every other method before the handler ran.
      throw new Error(`unrouted method ${req.method}`);
  }
}

interface OperationSubject {
  /** The connection it works on (not for validation). */
  readonly target?: { readonly db: DatabaseAddress; readonly name: string };
  /** The connection as it was, restored if an update or delete fails. */
  readonly previous?: StoredConnection;
  /** What a successful operation answers at its Location (validation). */
  readonly result?: unknown;
}

/**
 * Starts the operation this request asks for, in the cluster's region. It fails if an
 * injected fault says so, else with the asynchronous problems the service would find; it never
 * finishes under a hang fault.
 */
function beginOperation(
  core: EmulatorCore,
  req: ApiRequest,
  cluster: ClusterNode,
  kind: OperationKind,
  asyncProblems: readonly Problem[],
  subject: OperationSubject,
): OperationRecord {
  const fault = core.faults.atOperation(req.method, req.path);
  const error = fault?.action.type === 'failOperation' ? { code: fault.action.code, message: fault.action.message } : asyncFailure(asyncProblems);
  const outcome: OperationOutcome =
    error !== undefined ? { status: 'Failed', error } : { status: 'Succeeded', ...(subject.result !== undefined ? { result: subject.result } : {}) };
  return startOperation(core.store, {
    kind,
    subscription: cluster.subscription,
    region: cluster.region.name,
    now: core.clock.now(),
    durationMs: fault?.action.type === 'hangOperation' ? null : core.operationDurationMs,
    outcome,
    ...(subject.target !== undefined ? { target: subject.target } : {}),
    ...(subject.previous !== undefined ? { previous: subject.previous } : {}),
  });
}

/** 202 with both ways to follow the operation. */
function accepted(req: ApiRequest, op: OperationRecord): ApiResponse {
  const urls = operationUrls(req, op);
  return { status: 202, headers: { 'Azure-AsyncOperation': urls.asyncOperation, Location: urls.location } };
}

function operationUrls(req: ApiRequest, op: OperationRecord): { asyncOperation: string; location: string } {
  const asyncOperation = `${req.baseUrl}${operationPath(op)}?api-version=${encodeURIComponent(req.apiVersion)}`;
  return { asyncOperation, location: `${asyncOperation}&operationResultResponseType=Location` };
}

function startWrite(
  core: EmulatorCore,
  req: ApiRequest,
  db: DatabaseNode,
  name: string,
  existing: StoredConnection | undefined,
  checked: CheckedConnection,
  asyncProblems: readonly Problem[],
): ApiResponse {
  const storedName = existing?.name ?? name;
  const op = beginOperation(core, req, db.cluster, existing === undefined ? 'create' : 'update', asyncProblems, {
    target: { db: db.address, name: storedName },
    ...(existing !== undefined ? { previous: existing } : {}),
  });
  const conn: StoredConnection = {
    db: db.address,
    name: storedName,
    kind: checked.kind,
    location: checked.location,
    properties: checked.properties,
    ...(checked.managedIdentityObjectId !== undefined ? { managedIdentityObjectId: checked.managedIdentityObjectId } : {}),
    provisioningState: existing === undefined ? 'Creating' : 'Running',
    createdAt: existing?.createdAt ?? op.startTime,
    operationId: op.id,
  };
  core.store.put(conn);
  const urls = operationUrls(req, op);
  const headers: Record<string, string> = { 'Azure-AsyncOperation': urls.asyncOperation };
  if (req.method === 'PATCH') headers['Location'] = urls.location;
  return { status: existing === undefined ? 201 : 200, body: renderConnection(conn, req.apiVersion), headers };
}

function handleDelete(core: EmulatorCore, req: ApiRequest, db: DatabaseNode, existing: StoredConnection | undefined): ApiResponse {
  if (existing === undefined) return { status: 204 };
  if (existing.operationId !== undefined) throw conflict(existing);
  const op = beginOperation(core, req, db.cluster, 'delete', [], { target: { db: db.address, name: existing.name }, previous: existing });
  core.store.put({ ...existing, provisioningState: 'Deleting', operationId: op.id });
  return accepted(req, op);
}

/** Every problem a PUT of these properties would hit, the asynchronous ones included. */
function validationProblems(core: EmulatorCore, db: DatabaseNode, body: unknown, apiVersion: string): Problem[] {
  if (!isObject(body)) return [{ code: 'InvalidRequestContent', message: 'The request content must be a JSON object.' }];
  const name = body['dataConnectionName'];
  if (typeof name !== 'string' || name === '') return [{ code: 'BadRequest', message: "'dataConnectionName' is required.", target: 'dataConnectionName' }];
  const issue = nameProblem(name);
  if (issue !== undefined) return [{ code: 'InvalidResourceName', message: issue, target: 'dataConnectionName' }];
  const existing = core.store.get(db.address, name);
  const problems: Problem[] = [];
  if (existing?.operationId !== undefined) problems.push({ code: 'Conflict', message: conflict(existing).message });
  const result = checkConnection({
    world: core.world,
    store: core.store,
    db,
    name,
    body: body['properties'],
    existing,
    merge: false,
    now: core.clock.now(),
    apiVersion,
    catalog: core.catalog,
  });
  return [...problems, ...result.problems, ...result.asyncProblems];
}

/**
 * A database that does not exist is a validation finding, not a 404: the spec's examples
 * (KustoDataConnectionValidationAsync.json, KustoDataConnectionEventGridValidationAsync.json)
 * answer `Database does not exist` for the database of the request path.
 */
export async function handleValidation(core: EmulatorCore, req: ApiRequest, addr: DatabaseAddress): Promise<ApiResponse> {
  const cluster = resolveCluster(core, addr);
  const db = cluster.databases.get(addr.database.toLowerCase());
  const body = await req.body();
  const problems = db === undefined ? [{ code: 'BadRequest', message: 'Database does not exist' }] : validationProblems(core, db, body, req.apiVersion);
  const value = problems.map((p) => ({ errorMessage: p.message }));
  return accepted(req, beginOperation(core, req, cluster, 'validate', [], { result: { value } }));
}

export async function handleCheckName(core: EmulatorCore, req: ApiRequest, db: DatabaseNode): Promise<ApiResponse> {
  const body = await req.body();
  if (!isObject(body)) throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object.');
  const { name, type } = body;
  if (typeof name !== 'string') throw new ArmError(400, 'BadRequest', "The property 'name' is required.", 'name');
  if (typeof type !== 'string' || type.toLowerCase() !== CHECK_NAME_TYPE) {
    throw new ArmError(400, 'BadRequest', "The property 'type' must be 'Microsoft.Kusto/clusters/databases/dataConnections'.", 'type');
  }
  const issue = nameProblem(name);
  // Keys in the order of the spec's example (KustoDataConnectionsCheckNameAvailability.json).
  if (issue !== undefined) return { status: 200, body: { name, nameAvailable: false, message: issue, reason: 'Invalid' } };
  if (core.store.get(db.address, name) !== undefined) {
    return {
      status: 200,
      body: { name, nameAvailable: false, message: `Name '${name}' is already taken. Please specify a different name.`, reason: 'AlreadyExists' },
    };
  }
  return { status: 200, body: { name, nameAvailable: true } };
}

export function handleOperationStatus(core: EmulatorCore, req: ApiRequest, route: Extract<Route, { type: 'operation' }>): ApiResponse {
  if (!core.world.subscriptions.has(route.subscription.toLowerCase())) throw subscriptionNotFound(route.subscription);
  const op = core.store.operations.get(route.id.toLowerCase()) ?? core.store.operations.get(route.id);
  const region = findRegion(route.location)?.name ?? regionKey(route.location);
  if (op === undefined || op.subscription.toLowerCase() !== route.subscription.toLowerCase() || op.region !== region) {
    throw new ArmError(404, 'ResourceNotFound', `The operation '${route.id}' was not found in location '${route.location}'.`);
  }
  const now = core.clock.now();
  const retry = { 'Retry-After': String(retryAfterSeconds(op, now, core.retryAfterSeconds)) };
  if (req.query.get('operationResultResponseType')?.toLowerCase() !== 'location') {
    return { status: 200, body: statusBody(op, now), headers: op.status === 'Running' ? retry : {} };
  }
  // The Location form answers the operation's result once it has one.
  if (op.status === 'Running') return { status: 202, headers: { ...retry, Location: operationUrls(req, op).location } };
  if (op.outcome.status === 'Failed') throw new ArmError(400, op.outcome.error.code, op.outcome.error.message);
  if (op.kind === 'validate') return { status: 200, body: op.outcome.result };
  const conn = op.target === undefined || op.kind === 'delete' ? undefined : core.store.get(op.target.db, op.target.name);
  return conn === undefined ? { status: 204 } : { status: 200, body: renderConnection(conn, req.apiVersion) };
}

export function handleList(core: EmulatorCore, req: ApiRequest, addr: DatabaseAddress): ApiResponse {
  const db = resolveDatabase(core, addr);
  return { status: 200, body: { value: core.store.list(db.address).map((c) => renderConnection(c, req.apiVersion)) } };
}
