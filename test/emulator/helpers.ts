/** Shared pieces of the emulator tests: the example world's names, a real SDK client, raw HTTPS. */
import { Agent, request } from 'node:https';
import { KustoManagementClient, type KustoManagementClientOptionalParams } from '@azure/arm-kusto';
import { ResourceGraphClient, type ResourceGraphClientOptionalParams } from '@azure/arm-resourcegraph';
import type { EmulatorSeed, RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDatabase as DatabaseSeed, SeedResourceGroup as ResourceGroupSeed } from '../../src/emulator/state/seed.js';

export const SUB = '00000000-0000-0000-0000-000000000000';
export const RG = 'testrg';
export const CLUSTER = 'mykustocluster';
export const DB = 'mykustodatabase';

const rg = `/subscriptions/${SUB}/resourceGroups/${RG}/providers`;
export const IDS = {
  cluster: `${rg}/Microsoft.Kusto/clusters/${CLUSTER}`,
  telemetryHub: `${rg}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry`,
  blobHub: `${rg}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents`,
  iotHub: `${rg}/Microsoft.Devices/IotHubs/myhub`,
  storage: `${rg}/Microsoft.Storage/storageAccounts/mystorageaccount`,
  eventGrid: `${rg}/Microsoft.Storage/storageAccounts/mystorageaccount/providers/Microsoft.EventGrid/eventSubscriptions/blob-created`,
  cosmos: `${rg}/Microsoft.DocumentDB/databaseAccounts/mycosmosaccount`,
  identity: `${rg}/Microsoft.ManagedIdentity/userAssignedIdentities/kustodian-identity`,
} as const;

export const DC_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kusto/clusters/${CLUSTER}/databases/${DB}/dataConnections`;

/** A credential that hands out a fixed token: the emulator accepts any bearer token. */
export const credential = {
  getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export function clientFor(emu: RunningEmulator, options: KustoManagementClientOptionalParams = {}, subscription = SUB): KustoManagementClient {
  return new KustoManagementClient(credential, subscription, {
    endpoint: emu.endpoint,
    tlsOptions: { ca: emu.ca },
    retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    ...options,
  });
}

/** The real Resource Graph client against the emulator, at the GA api-version kustodian calls. */
export function graphClientFor(emu: RunningEmulator, options: ResourceGraphClientOptionalParams = {}): ResourceGraphClient {
  return new ResourceGraphClient(credential, {
    endpoint: emu.endpoint,
    tlsOptions: { ca: emu.ca },
    apiVersion: '2022-10-01',
    retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    ...options,
  });
}

/** Poll fast: the emulator's operations last milliseconds in tests. */
export const FAST = { updateIntervalInMs: 5 } as const;

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: unknown;
}

export interface RawOptions {
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Omit the Authorization header. */
  readonly anonymous?: boolean;
}

const agents = new Map<string, Agent>();

/** One keep-alive agent per emulator (TLS handshakes are the slow part of a raw request). */
function agentFor(emu: RunningEmulator): Agent {
  let agent = agents.get(emu.endpoint);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, ca: emu.ca });
    agents.set(emu.endpoint, agent);
  }
  return agent;
}

/** A request exactly as written (no client normalising the path). */
export function raw(emu: RunningEmulator, method: string, path: string, options: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.anonymous === true ? {} : { Authorization: 'Bearer t' }), ...options.headers };
    if (options.body !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port: emu.port, method, path, headers, agent: agentFor(emu) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : (JSON.parse(text) as unknown);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function api(path: string, version = '2023-08-15'): string {
  return `${path}${path.includes('?') ? '&' : '?'}api-version=${version}`;
}

/** The `error` member of an ARM error answer. */
export function armError(json: unknown): { code?: unknown; message?: unknown; target?: unknown } {
  if (typeof json === 'object' && json !== null && 'error' in json) {
    const error = (json as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) return error as { code?: unknown; message?: unknown; target?: unknown };
  }
  throw new Error(`not an ARM error: ${JSON.stringify(json)}`);
}

/** Awaits a promise that must reject, and answers the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { statusCode?: number; code?: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-error: ${String(err)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}


/** The data-plane tests' world: in SUB/RG, cluster `kc` (West Europe) with database `db1` as given, and the group's other resources. */
export function clusterSeed(database: Omit<DatabaseSeed, 'name'>, group: Omit<ResourceGroupSeed, 'name' | 'clusters'> = {}): EmulatorSeed {
  return { subscriptions: [{ id: SUB, resourceGroups: [{ name: RG, clusters: [{ name: 'kc', location: 'West Europe', databases: [{ name: 'db1', ...database }] }], ...group }] }] };
}

/** An ARM list of role or deny assignments at a scope, with an optional $filter. */
export const authorizationList = (type: 'roleAssignments' | 'denyAssignments', scope: string, filter?: string): string =>
  `${scope}/providers/Microsoft.Authorization/${type}?api-version=2022-04-01${filter === undefined ? '' : `&$filter=${encodeURIComponent(filter)}`}`;

/** The names in an ARM list's answer, sorted. */
export const listedNames = (json: unknown): string[] => (json as { value: { name: string }[] }).value.map((a) => a.name).sort();
