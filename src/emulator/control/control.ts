/**
 * The control surface: what tests and operators do to the emulator besides calling ARM.
 * The same abilities in-process (`EmulatorControl`) and over HTTP under `/_emulator/`
 * (no authentication, JSON in and out).
 */
import type { EmulatorCore } from '../state/core.js';
import { directConnection, DirectConnectionError, type DirectConnection } from './direct.js';
import { ArmError } from '../arm/errors.js';
import { isObject } from '../format/json.js';
import { FaultSpecError, type ActiveFault, type FaultSpec } from './faults.js';
import { resolveDatabase } from '../arm/resolve.js';
import type { DatabaseAddress } from '../arm/ids.js';
import { finishAllFinite, finishDue, operationPath } from '../arm/lro.js';
import type { Counters, RequestLogEntry } from '../http/request-log.js';
import type { PersistedState } from '../state/persistence.js';
import { renderConnection, type DataConnectionResource } from '../arm/resource.js';
import { matchRoute, pathSegments } from '../http/router.js';
import { checkSeed, parseSeedText, readSeedFile, SeedError, type EmulatorSeed } from '../state/seed.js';
import type { OperationKind, OperationRecord, OperationStatus } from '../state/store.js';
import type { ThrottleOptions } from '../arm/throttle.js';
import { denyAssignmentNode, roleAssignmentNode, type DatabaseNode, type SubscriptionNode } from '../state/world.js';
import { checkDenyAssignmentSpec, type SeedDenyAssignment, type SeedRoleAssignment } from '../state/seed.js';
import { renderAssignment, renderDenyAssignment } from '../rbac/handler.js';
import { createDataPlaneControl, dataPlaneRoute, DataPlaneControlError, type DataPlaneControl } from './data-plane.js';

export interface DatabaseRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly database: string;
}

export interface ConnectionRef extends DatabaseRef {
  readonly name: string;
}

export interface OperationInfo {
  readonly id: string;
  readonly kind: OperationKind;
  readonly status: OperationStatus;
  /** The path of its status endpoint. */
  readonly path: string;
  readonly startTime: string;
  readonly endTime?: string;
  /** Null for an operation that never finishes. */
  readonly dueTime: string | null;
  /** `cluster/database/name` of the connection it works on. */
  readonly target?: string;
}

export interface EmulatorControl extends DataPlaneControl {
  /** Replaces the world and all connections with a seed (object, or a YAML/JSON file path). */
  loadSeed(seed: EmulatorSeed | string): void;
  seed(): EmulatorSeed;
  /** Every request since the last reset or clear, oldest first. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  counters(): Counters;
  injectFault(spec: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** Back to the last loaded seed; clears faults, the log, counters and throttling. */
  reset(): void;
  listDataConnections(db: DatabaseRef): DataConnectionResource[];
  /** A connection as a GET would answer it (without counting as a request). */
  getDataConnection(ref: ConnectionRef | string): DataConnectionResource | undefined;
  /** Writes a connection out of band: shaped like the service's, not checked against the world. */
  putDataConnection(ref: ConnectionRef | string, connection: Omit<DirectConnection, 'name'>): DataConnectionResource;
  deleteDataConnection(ref: ConnectionRef | string): boolean;
  operations(): OperationInfo[];
  /** Finishes every running operation now (those that never finish stay). Answers how many. */
  finishOperations(): number;
  setOperationDuration(ms: number): void;
  /** ARM's throttling and Resource Graph's quota (`scale`, `timeScale`, or off). */
  setThrottle(options: ThrottleOptions): void;
  /** How long a change takes to show in Resource Graph's answers, in ms (0: at once). */
  setResourceGraphLag(ms: number): void;
  /** Connection records touched by lists and gets so far: shows the index at work. */
  indexWork(): number;
  state(): PersistedState;
  /** Every Azure role assignment (the seed's and those added), as ARM answers them. */
  roleAssignments(): unknown[];
  /** Adds (or replaces, by name) a role assignment, resolved like the seed's; answers it as ARM would. */
  addRoleAssignment(spec: SeedRoleAssignment): unknown;
  removeRoleAssignment(name: string): boolean;
  /** Every deny assignment (the seed's and those added), as ARM answers them. */
  denyAssignments(): unknown[];
  /** Adds (or replaces, by name) a deny assignment, shaped and resolved like the seed's; answers it as ARM would. */
  addDenyAssignment(spec: SeedDenyAssignment): unknown;
  removeDenyAssignment(name: string): boolean;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

function toAddress(db: DatabaseRef): DatabaseAddress {
  return { subscription: db.subscriptionId, resourceGroup: db.resourceGroup, cluster: db.cluster, database: db.database };
}

/** A connection reference from its fields or its ARM resource ID. */
function parseRef(ref: ConnectionRef | string): { db: DatabaseAddress; name: string } {
  if (typeof ref !== 'string') return { db: toAddress(ref), name: ref.name };
  const route = matchRoute(pathSegments(ref));
  if (route.type !== 'connection') throw new ControlError(400, `'${ref}' is not a data connection resource ID`);
  return { db: route.db, name: route.name };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function createControl(core: EmulatorCore): EmulatorControl {
  return {
    ...createDataPlaneControl(core),
    ...seedAndLogControl(core),
    ...connectionControl(core),
    ...operationControl(core),
    ...settingsControl(core),
    ...roleAssignmentControl(core),
    ...denyAssignmentControl(core),
  };
}

/** The database a control call names; a miss is the control API's 404, not ARM's. */
function controlDatabase(core: EmulatorCore, addr: DatabaseAddress): DatabaseNode {
  try {
    return resolveDatabase(core, addr);
  } catch (err) {
    if (err instanceof ArmError) throw new ControlError(404, err.message);
    throw err;
  }
}

/** Finishes the operations whose time has come, as any request would first. */
function settle(core: EmulatorCore): void {
  finishDue(core.store, core.clock.now());
}

/** Saves the state file, then answers `value`. */
function changed<T>(core: EmulatorCore, value: T): T {
  core.persist();
  return value;
}

type SeedAndLogControl = Pick<
  EmulatorControl,
  'loadSeed' | 'seed' | 'requests' | 'clearRequests' | 'counters' | 'injectFault' | 'faults' | 'removeFault' | 'clearFaults' | 'reset'
>;

function seedAndLogControl(core: EmulatorCore): SeedAndLogControl {
  return {
    loadSeed(seed) {
      core.loadSeed(typeof seed === 'string' ? readSeedFile(seed) : checkSeed(seed));
    },
    seed: () => core.seed,
    requests: () => core.log.list(),
    clearRequests: () => core.log.clear(),
    counters: () => core.log.counters(),
    injectFault: (spec) => core.faults.add(spec),
    faults: () => core.faults.list(),
    removeFault: (id) => core.faults.remove(id),
    clearFaults: () => core.faults.clear(),
    reset: () => core.reset(),
  };
}

type ConnectionControl = Pick<EmulatorControl, 'listDataConnections' | 'getDataConnection' | 'putDataConnection' | 'deleteDataConnection'>;

function connectionControl(core: EmulatorCore): ConnectionControl {
  return {
    listDataConnections(db) {
      settle(core);
      const node = controlDatabase(core, toAddress(db));
      return changed(core, core.store.list(node.address).map((c) => renderConnection(c)));
    },
    getDataConnection(ref) {
      settle(core);
      const { db, name } = parseRef(ref);
      const conn = core.store.get(controlDatabase(core, db).address, name);
      return changed(core, conn === undefined ? undefined : renderConnection(conn));
    },
    putDataConnection(ref, connection) {
      settle(core);
      const { db, name } = parseRef(ref);
      const node = controlDatabase(core, db);
      const existing = core.store.get(node.address, name);
      const conn = directConnection(core.world, node, { ...connection, name }, existing, core.clock.now());
      core.store.put(conn);
      return changed(core, renderConnection(conn));
    },
    deleteDataConnection(ref) {
      const { db, name } = parseRef(ref);
      return changed(core, core.store.remove(controlDatabase(core, db).address, name));
    },
  };
}

function operationInfo(op: OperationRecord): OperationInfo {
  return {
    id: op.id,
    kind: op.kind,
    status: op.status,
    path: operationPath(op),
    startTime: iso(op.startTime),
    ...(op.endTime !== undefined ? { endTime: iso(op.endTime) } : {}),
    dueTime: op.dueTime === null ? null : iso(op.dueTime),
    ...(op.target !== undefined ? { target: `${op.target.db.cluster}/${op.target.db.database}/${op.target.name}` } : {}),
  };
}

function operationControl(core: EmulatorCore): Pick<EmulatorControl, 'operations' | 'finishOperations'> {
  return {
    operations() {
      settle(core);
      return changed(core, [...core.store.operations.values()].map(operationInfo));
    },
    finishOperations: () => changed(core, finishAllFinite(core.store, core.clock.now())),
  };
}

type SettingsControl = Pick<EmulatorControl, 'setOperationDuration' | 'setThrottle' | 'setResourceGraphLag' | 'indexWork' | 'state'>;

function settingsControl(core: EmulatorCore): SettingsControl {
  return {
    setOperationDuration(ms) {
      if (!(ms >= 0)) throw new ControlError(400, 'operationDurationMs must be a number of milliseconds (0 or more)');
      core.operationDurationMs = ms;
    },
    setThrottle: (options) => core.setThrottle(options),
    setResourceGraphLag(ms) {
      if (!(ms >= 0)) throw new ControlError(400, 'resourceGraphLagMs must be a number of milliseconds (0 or more)');
      core.graph.setLag(ms);
    },
    indexWork: () => core.store.work,
    state: () => core.snapshot(),
  };
}

function roleAssignmentControl(core: EmulatorCore): Pick<EmulatorControl, 'roleAssignments' | 'addRoleAssignment' | 'removeRoleAssignment'> {
  return {
    roleAssignments: () =>
      [...core.world.subscriptions.values()].flatMap((sub) => core.roleAssignments.all(sub.id).map((a) => renderAssignment(sub.id, a))),
    addRoleAssignment(spec) {
      const sub = roleAssignmentSubscription(core, spec);
      const node = roleAssignmentNode(sub, spec, `role assignment at '${spec.scope}'`);
      core.roleAssignments.add(sub.id, node);
      core.touch();
      return changed(core, renderAssignment(sub.id, node));
    },
    removeRoleAssignment(name) {
      const removed = core.roleAssignments.remove(name);
      if (removed) core.touch();
      return changed(core, removed);
    },
  };
}

function denyAssignmentControl(core: EmulatorCore): Pick<EmulatorControl, 'denyAssignments' | 'addDenyAssignment' | 'removeDenyAssignment'> {
  return {
    denyAssignments: () => [...core.world.subscriptions.values()].flatMap((sub) => core.denyAssignments.all(sub.id).map(renderDenyAssignment)),
    addDenyAssignment(spec) {
      const checked = checkDenyAssignmentSpec(spec, 'deny assignment');
      const sub = scopeSubscription(core, checked.scope);
      const node = denyAssignmentNode(sub, checked, `deny assignment at '${checked.scope}'`);
      core.denyAssignments.add(sub.id, node);
      core.touch();
      return changed(core, renderDenyAssignment(node));
    },
    removeDenyAssignment(name) {
      const removed = core.denyAssignments.remove(name);
      if (removed) core.touch();
      return changed(core, removed);
    },
  };
}

/** The seed's subscription a scope is in; the control API's 404 when none. */
function scopeSubscription(core: EmulatorCore, scope: string): SubscriptionNode {
  const subId = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';
  const sub = core.world.subscriptions.get(subId.toLowerCase());
  if (sub === undefined) throw new ControlError(404, `scope '${scope}' is not in a subscription of the seed`);
  return sub;
}

/** Checks a role assignment's shape and answers the subscription of its scope. */
function roleAssignmentSubscription(core: EmulatorCore, spec: SeedRoleAssignment): SubscriptionNode {
  if (!isObject(spec) || typeof spec.scope !== 'string' || typeof spec.role !== 'string') {
    throw new ControlError(400, "a role assignment needs 'scope', 'role' and one of 'principalId', 'cluster', 'identity'");
  }
  if ((spec.condition !== undefined && typeof spec.condition !== 'string') || (spec.conditionVersion !== undefined && typeof spec.conditionVersion !== 'string')) {
    throw new ControlError(400, "'condition' and 'conditionVersion' must be strings");
  }
  const sub = scopeSubscription(core, spec.scope);
  const given = [spec.principalId, spec.cluster, spec.identity].filter((v) => v !== undefined);
  if (given.length !== 1 || given.some((v) => typeof v !== 'string' || v === '')) {
    throw new ControlError(400, "give exactly one of 'principalId', 'cluster' (its system-assigned identity) or 'identity' (a user-assigned identity)");
  }
  return sub;
}

export interface ControlRequest {
  readonly method: string;
  /** Segments after `_emulator`. */
  readonly segments: readonly string[];
  readonly text: () => Promise<string>;
}

export interface ControlResponse {
  readonly status: number;
  readonly body?: unknown;
}

async function json(req: ControlRequest): Promise<unknown> {
  const text = await req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ControlError(400, `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The HTTP form of the control API. Errors answer `{ error: { code, message } }`. */
export async function handleControl(control: EmulatorControl, req: ControlRequest): Promise<ControlResponse> {
  try {
    return await dispatch(control, req);
  } catch (err) {
    if (err instanceof ControlError || err instanceof DataPlaneControlError) return { status: err.status, body: controlError('BadRequest', err.message, err.status) };
    if (err instanceof SeedError || err instanceof FaultSpecError || err instanceof DirectConnectionError) {
      return { status: 400, body: controlError('BadRequest', err.message, 400) };
    }
    if (err instanceof ArmError) return { status: err.status, body: err.body() };
    throw err;
  }
}

function controlError(code: string, message: string, status: number) {
  return { error: { code: status === 404 ? 'NotFound' : code, message } };
}

async function dispatch(control: EmulatorControl, req: ControlRequest): Promise<ControlResponse> {
  const [head = '', ...rest] = req.segments;
  const m = req.method;
  const key = `${m} ${head}${rest.length > 0 && head !== 'resources' ? `/${rest.join('/')}` : ''}`;
  switch (key) {
    case 'GET health':
      return { status: 200, body: { status: 'ok' } };
    case 'GET seed':
      return { status: 200, body: control.seed() };
    case 'PUT seed':
    case 'POST seed':
      control.loadSeed(parseSeedText(await req.text(), 'seed body'));
      return { status: 200, body: { loaded: true } };
    case 'GET state':
      return { status: 200, body: control.state() };
    case 'POST reset':
      control.reset();
      return { status: 200, body: { reset: true } };
    case 'GET requests':
      return { status: 200, body: { value: control.requests() } };
    case 'DELETE requests':
      control.clearRequests();
      return { status: 204 };
    case 'GET counters':
      return { status: 200, body: control.counters() };
    case 'GET faults':
      return { status: 200, body: { value: control.faults() } };
    case 'POST faults':
      return { status: 201, body: control.injectFault((await json(req)) as FaultSpec) };
    case 'DELETE faults':
      control.clearFaults();
      return { status: 204 };
    case 'GET operations':
      return { status: 200, body: { value: control.operations() } };
    case 'POST operations/finish':
      return { status: 200, body: { finished: control.finishOperations() } };
    case 'PUT settings':
    case 'PATCH settings':
      return applySettings(control, await json(req));
    case 'GET role-assignments':
      return { status: 200, body: { value: control.roleAssignments() } };
    case 'POST role-assignments':
      return { status: 201, body: control.addRoleAssignment((await json(req)) as SeedRoleAssignment) };
  }
  if (key === 'GET deny-assignments') return { status: 200, body: { value: control.denyAssignments() } };
  if (key === 'POST deny-assignments') return { status: 201, body: control.addDenyAssignment((await json(req)) as SeedDenyAssignment) };
  if (m === 'DELETE' && head === 'deny-assignments' && rest.length === 1) {
    if (!control.removeDenyAssignment(rest[0] ?? '')) throw new ControlError(404, `no deny assignment named '${rest[0] ?? ''}'`);
    return { status: 204 };
  }
  if (m === 'DELETE' && head === 'role-assignments' && rest.length === 1) {
    if (!control.removeRoleAssignment(rest[0] ?? '')) throw new ControlError(404, `no role assignment named '${rest[0] ?? ''}'`);
    return { status: 204 };
  }
  if (m === 'DELETE' && head === 'faults' && rest.length === 1) {
    if (!control.removeFault(rest[0] ?? '')) throw new ControlError(404, `no fault with id '${rest[0] ?? ''}'`);
    return { status: 204 };
  }
  if (head === 'resources') return resources(control, m, rest, req);
  const dataPlane = await dataPlaneRoute(control, m, req.segments, () => json(req));
  if (dataPlane !== undefined) return dataPlane;
  throw new ControlError(404, `no control endpoint ${m} /_emulator/${req.segments.join('/')}`);
}

function applySettings(control: EmulatorControl, body: unknown): ControlResponse {
  if (!isObject(body)) throw new ControlError(400, 'settings must be an object');
  const { operationDurationMs, throttle, resourceGraphLagMs, ingestionIntervalMs } = body;
  if (ingestionIntervalMs !== undefined) {
    if (typeof ingestionIntervalMs !== 'number') throw new ControlError(400, 'ingestionIntervalMs must be a number');
    control.setIngestionInterval(ingestionIntervalMs);
  }
  if (operationDurationMs !== undefined) {
    if (typeof operationDurationMs !== 'number') throw new ControlError(400, 'operationDurationMs must be a number');
    control.setOperationDuration(operationDurationMs);
  }
  if (resourceGraphLagMs !== undefined) {
    if (typeof resourceGraphLagMs !== 'number') throw new ControlError(400, 'resourceGraphLagMs must be a number');
    control.setResourceGraphLag(resourceGraphLagMs);
  }
  if (throttle !== undefined) {
    if (throttle === false) control.setThrottle(false);
    else if (
      isObject(throttle) &&
      (throttle['scale'] === undefined || typeof throttle['scale'] === 'number') &&
      (throttle['timeScale'] === undefined || typeof throttle['timeScale'] === 'number')
    ) {
      const scale = throttle['scale'];
      const timeScale = throttle['timeScale'];
      control.setThrottle({ ...(typeof scale === 'number' ? { scale } : {}), ...(typeof timeScale === 'number' ? { timeScale } : {}) });
    } else throw new ControlError(400, 'throttle must be false or { scale?: number, timeScale?: number }');
  }
  return { status: 200, body: { updated: true } };
}

async function resources(control: EmulatorControl, method: string, segs: readonly string[], req: ControlRequest): Promise<ControlResponse> {
  const route = matchRoute(segs);
  if (route.type === 'list' && method === 'GET') {
    const db = route.db;
    const ref = { subscriptionId: db.subscription, resourceGroup: db.resourceGroup, cluster: db.cluster, database: db.database };
    return { status: 200, body: { value: control.listDataConnections(ref) } };
  }
  if (route.type !== 'connection') throw new ControlError(404, 'expected /_emulator/resources/<data connection resource ID>');
  const ref: ConnectionRef = {
    subscriptionId: route.db.subscription,
    resourceGroup: route.db.resourceGroup,
    cluster: route.db.cluster,
    database: route.db.database,
    name: route.name,
  };
  switch (method) {
    case 'GET': {
      const conn = control.getDataConnection(ref);
      if (conn === undefined) throw new ControlError(404, `no data connection '${route.name}'`);
      return { status: 200, body: conn };
    }
    case 'PUT': {
      const body = await json(req);
      if (!isObject(body) || typeof body['kind'] !== 'string') throw new ControlError(400, "the body must be an object with a 'kind'");
      return { status: 200, body: control.putDataConnection(ref, body as unknown as Omit<DirectConnection, 'name'>) };
    }
    case 'DELETE':
      if (!control.deleteDataConnection(ref)) throw new ControlError(404, `no data connection '${route.name}'`);
      return { status: 204 };
    default:
      throw new ControlError(405, `method ${method} is not supported on resources`);
  }
}
