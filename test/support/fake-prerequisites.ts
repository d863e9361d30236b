/** An in-memory PrerequisitePort: a world of tables, mappings, sources and role grants, and the calls made. */
import type { DatabaseAddress } from '../../src/core/address.js';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import type { ClusterFacts, DenyRule, IngestionFailure, IngestionMapping, PrerequisitePort, RoleGrant, SourceResource } from '../../src/core/ports/prerequisite-port.js';

export interface FakeWorld {
  cluster?: ClusterFacts | AzureFailure;
  /** database → table names, or a failure of `.show tables`. */
  tables?: Record<string, string[] | AzureFailure>;
  /** `db|table|kind` → mappings. */
  mappings?: Record<string, IngestionMapping[]>;
  failures?: Record<string, IngestionFailure[] | AzureFailure>;
  /** `db|table` → rows ingested (since any time), or a failure of the count query. */
  ingested?: Record<string, number | AzureFailure>;
  /** connection name → its Azure Monitor totals, or a failure of the read (default: none processed or dropped). */
  metrics?: Record<string, { eventsProcessed: number; eventsDropped: number } | AzureFailure>;
  /** Keys of existing resources: `type|id[|child...]`, lower-cased (see resourceKey). */
  resources?: string[];
  /** Resource keys whose read fails with this failure. */
  unreadable?: Record<string, AzureFailure>;
  /** principal → grants. */
  grants?: Record<string, RoleGrant[] | AzureFailure>;
  cosmosGrants?: Record<string, RoleGrant[]>;
  /** Deny assignments at every scope asked about, or a failure of their list. */
  denies?: DenyRule[] | AzureFailure;
}

export function resourceKey(r: SourceResource): string {
  switch (r.type) {
    case 'event-hub':
    case 'iot-hub':
    case 'storage-account':
    case 'cosmos-account':
      return `${r.type}|${r.id}`.toLowerCase();
    case 'event-hub-consumer-group':
      return `${r.type}|${r.eventHubId}|${r.name}`.toLowerCase();
    case 'iot-hub-consumer-group':
    case 'iot-hub-policy':
      return `${r.type}|${r.iotHubId}|${r.name}`.toLowerCase();
    case 'cosmos-database':
      return `${r.type}|${r.accountId}|${r.name}`.toLowerCase();
    case 'cosmos-container':
      return `${r.type}|${r.accountId}|${r.database}|${r.name}`.toLowerCase();
  }
}

export function fakePrerequisites(world: FakeWorld): PrerequisitePort & { calls: string[] } {
  const calls: string[] = [];
  const answer = <T>(v: T | AzureFailure | undefined, fallback: T): T => {
    if (v instanceof AzureFailure) throw v;
    return v ?? fallback;
  };
  return {
    calls,
    async cluster(db: DatabaseAddress) {
      calls.push(`cluster ${db.cluster}`);
      return answer(world.cluster, { id: `/subscriptions/${db.subscriptionId}/resourceGroups/${db.resourceGroup}/providers/Microsoft.Kusto/clusters/${db.cluster}`, uri: 'https://c1.kusto.test', userAssigned: {} });
    },
    async tables(_uri: string, database: string) {
      calls.push(`tables ${database}`);
      return answer(world.tables?.[database], []);
    },
    async mappings(_uri: string, database: string, table: string, kind: string) {
      calls.push(`mappings ${database}|${table}|${kind}`);
      return world.mappings?.[`${database}|${table}|${kind}`] ?? [];
    },
    async ingestionFailures(_uri: string, database: string) {
      calls.push(`failures ${database}`);
      return answer(world.failures?.[database], []);
    },
    async ingestedSince(_uri: string, database: string, table: string, since: string) {
      calls.push(`ingested ${database}|${table} since ${since}`);
      return answer(world.ingested?.[`${database}|${table}`], 0);
    },
    async connectionMetrics(_clusterId: string, connection: string) {
      calls.push(`metrics ${connection}`);
      return answer(world.metrics?.[connection], { eventsProcessed: 0, eventsDropped: 0 });
    },
    async exists(r: SourceResource) {
      const key = resourceKey(r);
      calls.push(`exists ${key}`);
      const failure = world.unreadable?.[key];
      if (failure) throw failure;
      return (world.resources ?? []).map((k) => k.toLowerCase()).includes(key);
    },
    async roleGrants(scope: string, principal: string) {
      calls.push(`roles ${scope} ${principal}`);
      return answer(world.grants?.[principal], []);
    },
    async denyRules(scope: string) {
      calls.push(`denies ${scope}`);
      return answer(world.denies, []);
    },
    async cosmosRoleGrants(account: string, principal: string) {
      calls.push(`cosmos-roles ${account} ${principal}`);
      return world.cosmosGrants?.[principal] ?? [];
    },
  };
}
