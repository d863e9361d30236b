/**
 * The emulated Kusto data plane on the emulator's own server. A cluster's ARM `properties.uri`
 * is `https://{emulator}/kusto/{cluster}` (and `dataIngestionUri` `.../kusto/ingest-{cluster}`),
 * so a client that reads the URI from ARM reaches these routes as it would a real cluster:
 *
 *   GET  /v1/rest/auth/metadata            the cloud's authentication metadata (no auth), which
 *                                          azure-kusto-data reads at the host's root
 *   POST /kusto/{cluster}/v1/rest/mgmt     management commands (csl.ts), bearer token required
 *   POST /kusto/{cluster}/v1/rest/query    the row-count query (query.ts), v1 answer, bearer token required
 *   POST /kusto/{cluster}/v2/rest/query    the same, answered in v2 frames
 *
 * Management answers are Kusto's v1 JSON (v1.ts). Faults injected through the control API apply here too
 * (status, drop, latency), matched against the same path.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { readBody, send } from '../http/bodies.js';
import { ArmError } from '../arm/errors.js';
import type { EmulatorCore } from '../state/core.js';
import type { ClusterNode, DatabaseNode } from '../state/world.js';
import { execute } from './commands.js';
import { parseCsl } from './csl.js';
import { parseQuery, renderV1Query, renderV2Query, runQuery } from './query.js';
import { KustoError, entityNotFound, renderV1, syntaxError } from './v1.js';
import { isObject } from '../format/json.js';
import { requestFaults } from '../control/faults.js';

/** The public cloud's answer (the values azure-kusto-data itself falls back to). */
const AUTH_METADATA = {
  AzureAD: {
    LoginEndpoint: 'https://login.microsoftonline.com',
    LoginMfaRequired: false,
    KustoClientAppId: 'db662dc1-0cfe-4e1c-a843-19a68e65be58',
    KustoClientRedirectUri: 'https://microsoft/kustoclient',
    KustoServiceResourceId: 'https://kusto.kusto.windows.net',
    FirstPartyAuthorityUrl: 'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  },
  dSTS: {},
};

export const DATA_PLANE_PREFIX = 'kusto';

/** Whether a path belongs to the data plane rather than ARM. */
export function isDataPlanePath(segs: readonly string[]): boolean {
  const [first, second, third, fourth] = segs.map((s) => s.toLowerCase());
  if (first === DATA_PLANE_PREFIX) return true;
  return segs.length === 4 && first === 'v1' && second === 'rest' && third === 'auth' && fourth === 'metadata';
}

/** The cluster URI ARM answers: a path prefix on this emulator (`ingest` for the ingestion endpoint). */
export function clusterDataPlaneUri(baseUrl: string, cluster: string, ingest = false): string {
  return `${baseUrl}/${DATA_PLANE_PREFIX}/${ingest ? 'ingest-' : ''}${cluster}`;
}

function findCluster(core: EmulatorCore, name: string): ClusterNode | undefined {
  const key = name.toLowerCase();
  for (const sub of core.world.subscriptions.values()) {
    for (const rg of sub.resourceGroups.values()) {
      const cl = rg.clusters.get(key);
      if (cl !== undefined) return cl;
    }
  }
  return undefined;
}

const UNAUTHORIZED = new KustoError(401, 'Unauthorized', 'Kusto.Data.Exceptions.KustoRequestDeniedException', "The request has no 'Authorization: Bearer' header.", {
  'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", realm="https://kusto.kusto.windows.net"',
});

interface MgmtBody {
  readonly db: string;
  readonly csl: string;
}

function parseBody(raw: Buffer): MgmtBody {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new KustoError(400, 'General_BadRequest', 'Kusto.Data.Exceptions.KustoBadRequestException', 'The request body is not valid JSON: expected {"db": "...", "csl": "..."}.');
  }
  if (!isObject(value) || typeof value['csl'] !== 'string' || typeof value['db'] !== 'string') {
    throw new KustoError(400, 'General_BadRequest', 'Kusto.Data.Exceptions.KustoBadRequestException', 'The request body must be {"db": "<database>", "csl": "<command>"}.');
  }
  return { db: value['db'], csl: value['csl'] };
}

function findDatabase(cluster: ClusterNode, name: string): DatabaseNode {
  // Kusto entity names are case-sensitive.
  const db = [...cluster.databases.values()].find((d) => d.address.database === name);
  if (db === undefined) throw entityNotFound('Database', name);
  return db;
}

export async function handleDataPlane(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, segs: readonly string[], method: string): Promise<void> {
  const path = `/${segs.join('/')}`;
  const clusterName = segs[0]?.toLowerCase() === DATA_PLANE_PREFIX ? (segs[1] ?? '') : '';
  let operation: 'kustoMgmt' | 'kustoQuery' = 'kustoMgmt';
  const logged = (status: number, cluster?: ClusterNode, fault?: string) =>
    core.log.record({
      time: new Date(core.clock.now()).toISOString(),
      method,
      path,
      apiVersion: undefined,
      status,
      subscription: cluster?.subscription,
      operation,
      ...(fault !== undefined ? { fault } : {}),
    });
  if (segs[0]?.toLowerCase() !== DATA_PLANE_PREFIX) {
    if (method !== 'GET') return sendError(core, res, new KustoError(405, 'MethodNotAllowed', 'Kusto.Data.Exceptions.KustoBadRequestException', `The metadata endpoint answers GET, not ${method}.`), clusterName);
    send(res, 200, AUTH_METADATA);
    return;
  }
  let cluster: ClusterNode | undefined;
  let faultId: string | undefined;
  try {
    const ingest = clusterName.toLowerCase().startsWith('ingest-');
    cluster = findCluster(core, ingest ? clusterName.slice('ingest-'.length) : clusterName);
    if (cluster === undefined) throw new KustoError(404, 'NotFound', 'Kusto.Data.Exceptions.KustoBadRequestException', `No cluster named '${clusterName}' in the emulator's world.`);
    const rest = segs.slice(2).map((s) => s.toLowerCase()).join('/');
    if (rest === 'v1/rest/auth/metadata' && method === 'GET') {
      send(res, 200, AUTH_METADATA);
      return;
    }
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) throw UNAUTHORIZED;
    const fault = await requestFaults(core.faults, method, path, delay);
    if (fault.type !== 'none') faultId = fault.faultId;
    if (fault.type === 'drop') {
      logged(0, cluster, faultId);
      req.socket.destroy();
      return;
    }
    if (fault.type === 'status') {
      const a = fault.action;
      const headers: Record<string, string> = a.retryAfterSeconds !== undefined ? { 'Retry-After': String(a.retryAfterSeconds) } : {};
      throw new KustoError(a.status, a.code ?? 'General_InternalServerError', 'Kusto.Data.Exceptions.KustoServiceException', a.message ?? `Injected fault: HTTP ${a.status}.`, headers);
    }
    const endpoint = ENDPOINTS[rest];
    if (endpoint === undefined) throw new KustoError(404, 'NotFound', 'Kusto.Data.Exceptions.KustoBadRequestException', `The emulator's data plane has no endpoint '/${segs.slice(2).join('/')}'; it serves /v1/rest/mgmt, /v1/rest/query and /v2/rest/query.`);
    operation = endpoint === 'mgmt' ? 'kustoMgmt' : 'kustoQuery';
    if (method !== 'POST') throw new KustoError(405, 'MethodNotAllowed', 'Kusto.Data.Exceptions.KustoBadRequestException', `/${rest} answers POST, not ${method}.`);
    const body = parseBody(await readBody(req, core.bodyLimitBytes));
    if (ingest) throw syntaxError(`the ingestion endpoint of the emulator serves no commands; send '${body.csl.slice(0, 60)}' to the engine URI`);
    const db = findDatabase(cluster, body.db);
    // The batches due by now land first: failures, and extents in the tables.
    core.catchUpIngestion();
    const answer = endpoint === 'mgmt' ? runMgmt(core, cluster, db, body.csl) : runQueryAt(core, db, body.csl, endpoint);
    logged(200, cluster, faultId);
    // Catching up may have recorded failures the state file keeps.
    core.persist();
    send(res, 200, answer, { 'x-ms-activity-id': randomUUID() });
  } catch (err) {
    if (err instanceof ArmError) {
      // The body limit (413) and a broken body (400) come from the shared reader as ARM errors.
      logged(err.status, cluster, faultId);
      return sendError(core, res, new KustoError(err.status, 'General_BadRequest', 'Kusto.Data.Exceptions.KustoBadRequestException', err.message, err.headers), clusterName);
    }
    if (!(err instanceof KustoError)) throw err;
    logged(err.status, cluster, faultId);
    sendError(core, res, err, clusterName);
  }
}

/** The engine's endpoints, by their path under the cluster URI. */
const ENDPOINTS: Readonly<Record<string, 'mgmt' | 'v1' | 'v2'>> = { 'v1/rest/mgmt': 'mgmt', 'v1/rest/query': 'v1', 'v2/rest/query': 'v2' };

function runMgmt(core: EmulatorCore, cluster: ClusterNode, db: DatabaseNode, csl: string): Record<string, unknown> {
  const table = execute(parseCsl(csl, core.clock.now()), {
    db,
    catalog: core.catalog,
    failures: () => core.ingestion.failuresOf({ subscription: cluster.subscription, resourceGroup: cluster.resourceGroup, cluster: cluster.name }),
  });
  return renderV1(table);
}

function runQueryAt(core: EmulatorCore, db: DatabaseNode, csl: string, version: 'v1' | 'v2'): unknown {
  const now = core.clock.now();
  const result = runQuery(parseQuery(csl, now), db.address, core.catalog);
  return version === 'v1' ? renderV1Query(result, now) : renderV2Query(result);
}

function sendError(core: EmulatorCore, res: ServerResponse, err: KustoError, cluster: string): void {
  send(res, err.status, err.body(cluster, 'KD.Emulator.AdminCommand', core.clock.now()), err.headers);
}
