/**
 * The PrerequisitePort over the Azure SDK: the cluster (@azure/arm-kusto), the sources
 * (@azure/arm-eventhub, @azure/arm-iothub, @azure/arm-cosmosdb; a storage account by a plain ARM
 * GET, for one existence check no SDK package is worth loading), role assignments and
 * definitions (@azure/arm-authorization, and Cosmos DB's own SQL role assignments), a
 * connection's Azure Monitor metrics (monitor-metrics.ts, a plain ARM GET), and the Kusto data
 * plane (kusto-data-plane.ts). One client per package and subscription, each set up as the
 * Kusto port's are (setUpArmPipeline: the one retry policy, pacing to the subscription's ARM budget
 * shared with the Kusto port, the debug log); this module is loaded only when prerequisites are checked.
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { EventHubManagementClient } from '@azure/arm-eventhub';
import { IotHubClient } from '@azure/arm-iothub';
import { KustoManagementClient } from '@azure/arm-kusto';
import { createHttpHeaders, createPipelineRequest } from '../pipeline/rest-pipeline.js';
import type { TokenCredential } from '@azure/identity';
import type { DatabaseAddress } from '../../core/address.js';
import { AzureFailure } from '../../core/ports/azure-port.js';
import { keyedLimiter } from '../../core/concurrency.js';
import type { ClusterFacts, ConnectionMetrics, DataPermission, DenyPrincipal, DenyRule, IngestionFailure, IngestionMapping, PrerequisitePort, RoleGrant, SourceResource } from '../../core/ports/prerequisite-port.js';
import { assertNever } from '../../core/assert-never.js';
import { CLOUDS } from '../clouds.js';
import { toAzureFailure } from '../arm/failures.js';
import { createKustoDataPlane, kustoName, type KustoRow } from './kusto-data-plane.js';
import type { KustoPortHooks } from '../arm/kusto-port.js';
import { retryPolicyFor } from '../pipeline/retry-policy.js';
import { armPacing, setUpArmPipeline } from '../pipeline/arm-pipeline.js';
import type { RateLimiter } from '../pipeline/rate-limit.js';
import type { Pipeline, PipelineResponse } from '../pipeline/rest-pipeline.js';
import { nameOf, resourceIdParts } from './source-ids.js';
import { metricTotals, metricsPath } from './monitor-metrics.js';
import { type AzureSettings, PREREQUISITE_CONCURRENCY } from '../settings.js';

/** api-version of the storage account GET (Microsoft.Storage, stable). */
const STORAGE_API_VERSION = '2023-05-01';

interface ArmClient {
  readonly pipeline: Pipeline;
}

type ClientClass<T> = new (credential: TokenCredential, subscriptionId: string, options: object) => T;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The data actions (and exclusions) of a role definition's or deny assignment's permissions, as every SDK answers them. */
const dataPermissionsOf = (permissions: readonly { dataActions?: unknown; notDataActions?: unknown }[] | undefined): DataPermission[] =>
  (permissions ?? []).map((perm) => ({ dataActions: strings(perm.dataActions), notDataActions: strings(perm.notDataActions) }));

/** An assignment's ABAC condition, when it has one (an empty one is none). */
const conditionOf = (condition: string | null | undefined): { condition?: string } =>
  typeof condition === 'string' && condition.trim() !== '' ? { condition } : {};

/** The `DataConnection` an ingestion failure's IngestionProperties (a JSON text) names, if any. */
function dataConnectionOf(properties: unknown): { dataConnection?: string } {
  if (typeof properties !== 'string' || properties === '') return {};
  try {
    const parsed: unknown = JSON.parse(properties);
    const dc = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['DataConnection'] : undefined;
    return typeof dc === 'string' && dc !== '' ? { dataConnection: dc } : {};
  } catch {
    return {};
  }
}

/** What the port's requests share: settings, credential, hooks, the clients and their limits, the data plane. */
interface PortContext {
  readonly settings: AzureSettings;
  readonly credential: TokenCredential;
  readonly hooks: KustoPortHooks;
  readonly endpoint: string;
  readonly limiterFor: ReturnType<typeof keyedLimiter>;
  /** The subscriptions' ARM read budgets, shared with the Kusto port's clients. */
  readonly pacing: RateLimiter;
  readonly retryPolicy: ReturnType<typeof retryPolicyFor>;
  readonly clients: Map<string, unknown>;
  /** Role definitions by ID (lower-cased), read once per run however many scopes assign them. */
  readonly roleDefinitions: Map<string, Promise<RoleDefinitionFacts>>;
  readonly dataPlane: ReturnType<typeof createKustoDataPlane>;
}

/**
 * `pacing`: the RateLimiter the run's other ARM clients pace to (the Kusto port's), so that the
 * checks' reads and the reconciler's spend one budget per subscription; one of its own if not given.
 */
export function createPrerequisitePort(settings: AzureSettings, credential: TokenCredential, hooks: KustoPortHooks = {}, pacing?: RateLimiter): PrerequisitePort {
  const ctx: PortContext = {
    settings,
    credential,
    hooks,
    endpoint: settings.endpoint ?? CLOUDS[settings.cloud].arm,
    limiterFor: keyedLimiter(settings.perSubscriptionConcurrency ?? PREREQUISITE_CONCURRENCY),
    pacing: pacing ?? armPacing(settings),
    retryPolicy: retryPolicyFor(settings, hooks),
    clients: new Map<string, unknown>(),
    roleDefinitions: new Map(),
    dataPlane: createKustoDataPlane(settings, credential, hooks),
  };
  return {
    cluster: (database: DatabaseAddress, signal?: AbortSignal): Promise<ClusterFacts> => cluster(ctx, database, signal),
    tables: (clusterUri: string, database: string, signal?: AbortSignal): Promise<string[]> => tables(ctx, clusterUri, database, signal),
    mappings: (clusterUri: string, database: string, table: string, mappingKind: string, signal?: AbortSignal): Promise<IngestionMapping[]> =>
      mappings(ctx, clusterUri, database, table, mappingKind, signal),
    ingestionFailures: (clusterUri: string, database: string, signal?: AbortSignal): Promise<IngestionFailure[]> => ingestionFailures(ctx, clusterUri, database, signal),
    ingestedSince: (clusterUri: string, database: string, table: string, since: string, signal?: AbortSignal): Promise<number> =>
      ingestedSince(ctx, clusterUri, database, table, since, signal),
    connectionMetrics: (clusterId: string, connection: string, since: string, until: string, signal?: AbortSignal): Promise<ConnectionMetrics> =>
      connectionMetrics(ctx, clusterId, connection, since, until, signal),
    exists: (resource: SourceResource, signal?: AbortSignal): Promise<boolean> => exists(ctx, resource, signal),
    roleGrants: (scope: string, principalId: string, signal?: AbortSignal): Promise<RoleGrant[]> => roleGrants(ctx, scope, principalId, signal),
    denyRules: (scope: string, signal?: AbortSignal): Promise<DenyRule[]> => denyRules(ctx, scope, signal),
    cosmosRoleGrants: (accountId: string, principalId: string, signal?: AbortSignal): Promise<RoleGrant[]> => cosmosRoleGrants(ctx, accountId, principalId, signal),
  };
}

const opts = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {});

function client<T extends ArmClient>(ctx: PortContext, cls: ClientClass<T>, subscriptionId: string): T {
  const { settings } = ctx;
  const key = `${cls.name}|${subscriptionId}`;
  let c = ctx.clients.get(key) as T | undefined;
  if (c === undefined) {
    c = new cls(ctx.credential, subscriptionId, {
      endpoint: ctx.endpoint,
      userAgentOptions: { userAgentPrefix: 'kustodian' },
      ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
    });
    setUpArmPipeline(c.pipeline, { retryPolicy: ctx.retryPolicy, pacing: ctx.pacing, subscriptionId, ...(ctx.hooks.debugLog ? { debugLog: ctx.hooks.debugLog } : {}) });
    ctx.clients.set(key, c);
  }
  return c;
}

/** A call, bounded per subscription, its failure as an AzureFailure. */
async function call<T>(ctx: PortContext, subscriptionId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await ctx.limiterFor(subscriptionId).run(run);
  } catch (e) {
    throw toAzureFailure(e);
  }
}

/** true when the GET answers, false on a 404 (of it or of a parent). */
async function found(ctx: PortContext, subscriptionId: string, get: () => Promise<unknown>): Promise<boolean> {
  try {
    await call(ctx, subscriptionId, get);
    return true;
  } catch (e) {
    if (e instanceof AzureFailure && e.kind === 'not-found') return false;
    throw e;
  }
}

/**
 * A plain ARM GET of a path and query under the endpoint, for reads no loaded SDK package
 * covers (a storage account, Azure Monitor metrics): sent through the subscription's Kusto
 * client, whose pipeline is the ARM one (credential, retry, pacing). The answer whatever its status.
 */
function armGet(ctx: PortContext, subscriptionId: string, pathAndQuery: string, signal?: AbortSignal): Promise<PipelineResponse> {
  return client(ctx, KustoManagementClient, subscriptionId).sendRequest(
    createPipelineRequest({ url: `${ctx.endpoint}${pathAndQuery}`, method: 'GET', headers: createHttpHeaders({ accept: 'application/json' }), ...opts(signal) }),
  );
}

async function storageAccountExists(ctx: PortContext, id: string, signal?: AbortSignal): Promise<boolean> {
  const p = resourceIdParts(id, ['storageAccounts']);
  const path = `/subscriptions/${encodeURIComponent(p.subscriptionId)}/resourceGroups/${encodeURIComponent(p.resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${encodeURIComponent(nameOf(p, 'storageAccounts'))}`;
  return call(ctx, p.subscriptionId, async () => {
    const response = await armGet(ctx, p.subscriptionId, `${path}?api-version=${STORAGE_API_VERSION}`, signal);
    if (response.status === 404) return false;
    if (response.status >= 200 && response.status < 300) return true;
    throw new AzureFailure(response.status === 403 ? 'forbidden' : response.status === 401 ? 'unauthenticated' : 'server', `GET of the storage account answered ${response.status}`, { status: response.status });
  });
}

async function exists(ctx: PortContext, resource: SourceResource, signal?: AbortSignal): Promise<boolean> {
  switch (resource.type) {
    case 'event-hub': {
      const p = resourceIdParts(resource.id, ['namespaces', 'eventhubs']);
      return found(ctx, p.subscriptionId, () => client(ctx, EventHubManagementClient, p.subscriptionId).eventHubs.get(p.resourceGroup, nameOf(p, 'namespaces'), nameOf(p, 'eventhubs'), opts(signal)));
    }
    case 'event-hub-consumer-group': {
      const p = resourceIdParts(resource.eventHubId, ['namespaces', 'eventhubs']);
      return found(ctx, p.subscriptionId, () =>
        client(ctx, EventHubManagementClient, p.subscriptionId).consumerGroups.get(p.resourceGroup, nameOf(p, 'namespaces'), nameOf(p, 'eventhubs'), resource.name, opts(signal)),
      );
    }
    case 'iot-hub': {
      const p = resourceIdParts(resource.id, ['IotHubs']);
      return found(ctx, p.subscriptionId, () => client(ctx, IotHubClient, p.subscriptionId).iotHubResource.get(p.resourceGroup, nameOf(p, 'IotHubs'), opts(signal)));
    }
    case 'iot-hub-consumer-group': {
      const p = resourceIdParts(resource.iotHubId, ['IotHubs']);
      return found(ctx, p.subscriptionId, () =>
        client(ctx, IotHubClient, p.subscriptionId).iotHubResource.getEventHubConsumerGroup(p.resourceGroup, nameOf(p, 'IotHubs'), 'events', resource.name, opts(signal)),
      );
    }
    case 'iot-hub-policy': {
      const p = resourceIdParts(resource.iotHubId, ['IotHubs']);
      // The policy's keys come back too: only whether it answered is kept, never a key.
      return found(ctx, p.subscriptionId, async () => {
        await client(ctx, IotHubClient, p.subscriptionId).iotHubResource.getKeysForKeyName(p.resourceGroup, nameOf(p, 'IotHubs'), resource.name, opts(signal));
      });
    }
    case 'storage-account':
      return storageAccountExists(ctx, resource.id, signal);
    case 'cosmos-account': {
      const p = resourceIdParts(resource.id, ['databaseAccounts']);
      return found(ctx, p.subscriptionId, () => client(ctx, CosmosDBManagementClient, p.subscriptionId).databaseAccounts.get(p.resourceGroup, nameOf(p, 'databaseAccounts'), opts(signal)));
    }
    case 'cosmos-database': {
      const p = resourceIdParts(resource.accountId, ['databaseAccounts']);
      return found(ctx, p.subscriptionId, () =>
        client(ctx, CosmosDBManagementClient, p.subscriptionId).sqlResources.getSqlDatabase(p.resourceGroup, nameOf(p, 'databaseAccounts'), resource.name, opts(signal)),
      );
    }
    case 'cosmos-container': {
      const p = resourceIdParts(resource.accountId, ['databaseAccounts']);
      return found(ctx, p.subscriptionId, () =>
        client(ctx, CosmosDBManagementClient, p.subscriptionId).sqlResources.getSqlContainer(p.resourceGroup, nameOf(p, 'databaseAccounts'), resource.database, resource.name, opts(signal)),
      );
    }
    default:
      return assertNever(resource, 'source resource');
  }
}

async function cluster(ctx: PortContext, database: DatabaseAddress, signal?: AbortSignal): Promise<ClusterFacts> {
  const c = await call(ctx, database.subscriptionId, () => client(ctx, KustoManagementClient, database.subscriptionId).clusters.get(database.resourceGroup, database.cluster, opts(signal)));
  if (typeof c.uri !== 'string' || c.uri === '') throw new AzureFailure('unknown', `the cluster ${database.cluster} answered no properties.uri: its data plane cannot be reached`);
  const userAssigned: Record<string, string> = {};
  for (const [id, v] of Object.entries(c.identity?.userAssignedIdentities ?? {})) {
    if (typeof v.principalId === 'string') userAssigned[id.replace(/\/+$/, '').toLowerCase()] = v.principalId;
  }
  return { id: c.id ?? '', uri: c.uri, ...(c.identity?.principalId ? { systemPrincipalId: c.identity.principalId } : {}), userAssigned };
}

async function tables(ctx: PortContext, clusterUri: string, database: string, signal?: AbortSignal): Promise<string[]> {
  const rows = await ctx.dataPlane.mgmt(clusterUri, database, '.show tables', signal);
  return rows.map((r) => str(r['TableName'])).filter((n) => n !== '');
}

async function mappings(ctx: PortContext, clusterUri: string, database: string, table: string, mappingKind: string, signal?: AbortSignal): Promise<IngestionMapping[]> {
  const rows = await ctx.dataPlane.mgmt(clusterUri, database, `.show table ${kustoName(table)} ingestion ${mappingKind} mappings`, signal);
  return rows.map((r: KustoRow) => ({ name: str(r['Name']), kind: str(r['Kind']) })).filter((m) => m.name !== '');
}

async function ingestionFailures(ctx: PortContext, clusterUri: string, database: string, signal?: AbortSignal): Promise<IngestionFailure[]> {
  const rows = await ctx.dataPlane.mgmt(clusterUri, database, '.show ingestion failures', signal);
  return rows
    .filter((r) => r['Database'] === undefined || str(r['Database']) === database)
    .map((r) => ({
      table: str(r['Table']),
      failedOn: str(r['FailedOn']),
      details: str(r['Details']),
      ...(r['ErrorCode'] !== undefined && r['ErrorCode'] !== null ? { errorCode: str(r['ErrorCode']) } : {}),
      ...(r['FailureKind'] !== undefined && r['FailureKind'] !== null ? { failureKind: str(r['FailureKind']) } : {}),
      ...dataConnectionOf(r['IngestionProperties']),
    }));
}

async function ingestedSince(ctx: PortContext, clusterUri: string, database: string, table: string, since: string, signal?: AbortSignal): Promise<number> {
  const at = new Date(since);
  if (Number.isNaN(at.getTime())) throw new AzureFailure('bad-request', `"${since}" is not a time`);
  const rows = await ctx.dataPlane.query(clusterUri, database, `${kustoName(table)} | where ingestion_time() >= datetime(${at.toISOString()}) | count`, signal);
  const count = Number(rows[0]?.['Count']);
  if (!Number.isFinite(count)) throw new AzureFailure('unknown', 'the count query answered no Count');
  return count;
}

async function connectionMetrics(ctx: PortContext, clusterId: string, connection: string, since: string, until: string, signal?: AbortSignal): Promise<ConnectionMetrics> {
  const p = resourceIdParts(clusterId, ['clusters']);
  return call(ctx, p.subscriptionId, async () => {
    const response = await armGet(ctx, p.subscriptionId, metricsPath(clusterId, connection, since, until), signal);
    if (response.status < 200 || response.status >= 300) throw new AzureFailure(response.status === 403 ? 'forbidden' : 'unknown', `Azure Monitor answered ${response.status} for the metrics of ${connection}`, { status: response.status });
    let body: unknown;
    try {
      body = JSON.parse(response.bodyAsText ?? '');
    } catch {
      throw new AzureFailure('unknown', `Azure Monitor answered ${response.status} with a body that is not JSON`);
    }
    return metricTotals(body);
  });
}

/**
 * The assignments at the scope and above (`atScope()`: every principal's), keeping the principal's
 * own and those of groups, since a group's may be held through membership, which ARM's answer
 * does not show. Each role definition is read once.
 */
async function roleGrants(ctx: PortContext, scope: string, principalId: string, signal?: AbortSignal): Promise<RoleGrant[]> {
  const p = resourceIdParts(scope, []);
  const auth = client(ctx, AuthorizationManagementClient, p.subscriptionId);
  const principal = principalId.toLowerCase();
  return call(ctx, p.subscriptionId, async () => {
    const assignments = [];
    for await (const a of auth.roleAssignments.listForScope(scope.replace(/^\/+/, ''), { filter: 'atScope()', ...opts(signal) })) {
      const own = (a.principalId ?? '').toLowerCase() === principal;
      if (own || (a.principalType ?? '').toLowerCase() === 'group') assignments.push({ a, own });
    }
    const grants: RoleGrant[] = [];
    for (const { a, own } of assignments) {
      const defId = a.roleDefinitionId ?? '';
      const def = await roleDefinition(ctx, auth, defId, signal);
      grants.push({
        scope: a.scope ?? '',
        roleDefinitionId: defId,
        roleName: def.roleName,
        permissions: def.permissions,
        ...(own ? {} : { holder: { principalId: a.principalId ?? '', principalType: a.principalType ?? 'Group' } }),
        ...conditionOf(a.condition),
      });
    }
    return grants;
  });
}

type RoleDefinitionFacts = Pick<RoleGrant, 'roleName' | 'permissions'>;

/** A role definition's name and data permissions, read once per run (a failed read is asked again). */
function roleDefinition(ctx: PortContext, auth: AuthorizationManagementClient, defId: string, signal?: AbortSignal): Promise<RoleDefinitionFacts> {
  const key = defId.toLowerCase();
  let def = ctx.roleDefinitions.get(key);
  if (def === undefined) {
    // The SDK puts the ID (and the scope above) after a '/' of its own: without its leading '/', the path has no '//'.
    def = auth.roleDefinitions.getById(defId.replace(/^\/+/, ''), opts(signal)).then((d) => ({
      roleName: d.roleName ?? defId,
      permissions: dataPermissionsOf(d.permissions),
    }));
    def.catch(() => ctx.roleDefinitions.delete(key));
    ctx.roleDefinitions.set(key, def);
  }
  return def;
}

const principalsOf = (list: readonly { id?: string; type?: string }[] | undefined): DenyPrincipal[] =>
  (list ?? []).map((x) => ({ id: str(x.id), type: str(x.type) }));

/** The deny assignments at the scope and above (`atScope()`), whoever they name: few exist, and "everyone" is one of the names. */
async function denyRules(ctx: PortContext, scope: string, signal?: AbortSignal): Promise<DenyRule[]> {
  const p = resourceIdParts(scope, []);
  const auth = client(ctx, AuthorizationManagementClient, p.subscriptionId);
  return call(ctx, p.subscriptionId, async () => {
    const rules: DenyRule[] = [];
    for await (const d of auth.denyAssignments.listForScope(scope.replace(/^\/+/, ''), { filter: 'atScope()', ...opts(signal) })) {
      rules.push({
        id: d.id ?? '',
        name: d.denyAssignmentName ?? d.name ?? '',
        scope: d.scope ?? '',
        doNotApplyToChildScopes: d.doNotApplyToChildScopes === true,
        permissions: dataPermissionsOf(d.permissions),
        principals: principalsOf(d.principals),
        excludePrincipals: principalsOf(d.excludePrincipals),
        ...conditionOf(d.condition),
      });
    }
    return rules;
  });
}

async function cosmosRoleGrants(ctx: PortContext, accountId: string, principalId: string, signal?: AbortSignal): Promise<RoleGrant[]> {
  const p = resourceIdParts(accountId, ['databaseAccounts']);
  const account = nameOf(p, 'databaseAccounts');
  const cosmos = client(ctx, CosmosDBManagementClient, p.subscriptionId);
  return call(ctx, p.subscriptionId, async () => {
    const grants: RoleGrant[] = [];
    for await (const a of cosmos.sqlResources.listSqlRoleAssignments(p.resourceGroup, account, opts(signal))) {
      if ((a.principalId ?? '').toLowerCase() !== principalId.toLowerCase()) continue;
      const defId = a.roleDefinitionId ?? '';
      const def = await cosmos.sqlResources.getSqlRoleDefinition(defId.split('/').pop() ?? defId, p.resourceGroup, account, opts(signal));
      grants.push({
        // Cosmos DB scopes are relative to the account (`/`, `/dbs/d`) or full IDs; both made full.
        scope: (a.scope ?? '/').startsWith('/subscriptions/') ? (a.scope ?? '') : `${accountId.replace(/\/+$/, '')}${a.scope === '/' ? '' : (a.scope ?? '')}`,
        roleDefinitionId: defId,
        roleName: def.roleName ?? defId,
        permissions: dataPermissionsOf(def.permissions),
      });
    }
    return grants;
  });
}
