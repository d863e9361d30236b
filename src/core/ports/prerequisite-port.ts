/**
 * The port through which the prerequisite checks and the ingestion watch reach what a data
 * connection depends on: the cluster (its data-plane URI and identities), the Kusto data plane
 * (tables, mappings, ingestion failures) and the sources in ARM (Event Hubs, IoT Hub, Cosmos DB,
 * role assignments). `src/azure/` implements it with the Azure SDK; tests implement it in memory.
 *
 * Every method answers a fact or throws an AzureFailure: a failure means "could not check",
 * never "missing" (a 404 of the thing asked about is the answer `false` / an empty list).
 */
import type { DatabaseAddress } from '../address.js';

/** What the cluster's ARM resource tells about itself. */
export interface ClusterFacts {
  /** The cluster's ARM resource ID, as answered. */
  readonly id: string;
  /** Its data-plane URI (`properties.uri`), e.g. `https://c1.westeurope.kusto.windows.net`. */
  readonly uri: string;
  /** The principal (object) ID of its system-assigned identity, when it has one. */
  readonly systemPrincipalId?: string;
  /** Its user-assigned identities: resource ID, lower-cased → principal (object) ID. */
  readonly userAssigned: Readonly<Record<string, string>>;
}

/** A resource a connection reads from, asked about by its ARM resource ID (and child names). */
export type SourceResource =
  | { readonly type: 'event-hub'; readonly id: string }
  | { readonly type: 'event-hub-consumer-group'; readonly eventHubId: string; readonly name: string }
  | { readonly type: 'iot-hub'; readonly id: string }
  | { readonly type: 'iot-hub-consumer-group'; readonly iotHubId: string; readonly name: string }
  | { readonly type: 'iot-hub-policy'; readonly iotHubId: string; readonly name: string }
  | { readonly type: 'storage-account'; readonly id: string }
  | { readonly type: 'cosmos-account'; readonly id: string }
  | { readonly type: 'cosmos-database'; readonly accountId: string; readonly name: string }
  | { readonly type: 'cosmos-container'; readonly accountId: string; readonly database: string; readonly name: string };

/**
 * One role assignment of a principal, with what its role definition grants. For Azure RBAC the
 * scope is an ARM resource ID (or `/`); for Cosmos DB's own data-plane RBAC it is the account's
 * ID, optionally followed by `/dbs/{database}` and `/colls/{container}`.
 */
export interface RoleGrant {
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly roleName: string;
  /** One entry per permission block of the role definition. */
  readonly permissions: readonly DataPermission[];
  /**
   * Who holds it: the principal asked about, or a group (which the principal may or may not be
   * a member of: ARM's answer does not say). Absent: the principal asked about.
   */
  readonly holder?: { readonly principalId: string; readonly principalType: string };
  /** An ABAC condition the assignment grants under (`conditionVersion` 2.0); absent: unconditional. */
  readonly condition?: string;
}

export interface DataPermission {
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

/** A principal a deny assignment names (`00000000-0000-0000-0000-000000000000`, SystemDefined: everyone). */
export interface DenyPrincipal {
  readonly id: string;
  /** `User`, `Group`, `ServicePrincipal`, `SystemDefined`, ... as ARM answers it. */
  readonly type: string;
}

/** An Azure deny assignment at a scope or above it (Microsoft.Authorization/denyAssignments). */
export interface DenyRule {
  readonly id: string;
  /** Its display name (`denyAssignmentName`). */
  readonly name: string;
  readonly scope: string;
  /** When true it applies at its scope only, not below. */
  readonly doNotApplyToChildScopes: boolean;
  readonly permissions: readonly DataPermission[];
  readonly principals: readonly DenyPrincipal[];
  readonly excludePrincipals: readonly DenyPrincipal[];
  readonly condition?: string;
}

/** An ingestion mapping of a table, as `.show table T ingestion <kind> mappings` lists it. */
export interface IngestionMapping {
  readonly name: string;
  /** `Csv`, `Json`, `Avro`, `Parquet`, `Orc`, `W3CLogFile`. */
  readonly kind: string;
}

/** One row of `.show ingestion failures`. */
export interface IngestionFailure {
  readonly table: string;
  /** ISO 8601. */
  readonly failedOn: string;
  readonly details: string;
  readonly errorCode?: string;
  readonly failureKind?: string;
  /**
   * The data connection the failed ingestion came through, when the row's IngestionProperties
   * name it (`DataConnection`: `cluster/database/name`); absent, the failure is told by its table.
   */
  readonly dataConnection?: string;
}

/** A data connection's Azure Monitor totals over a span (the cluster's metrics, ComponentName = the connection). */
export interface ConnectionMetrics {
  readonly eventsProcessed: number;
  readonly eventsDropped: number;
}

export interface PrerequisitePort {
  /** The cluster of a database (one ARM GET of the cluster). */
  cluster(database: DatabaseAddress, signal?: AbortSignal): Promise<ClusterFacts>;
  /** `.show tables` on the database: the table names. */
  tables(clusterUri: string, database: string, signal?: AbortSignal): Promise<string[]>;
  /** `.show table T ingestion <kind> mappings`: the mappings of that kind. */
  mappings(clusterUri: string, database: string, table: string, mappingKind: string, signal?: AbortSignal): Promise<IngestionMapping[]>;
  /** `.show ingestion failures` of the database. */
  ingestionFailures(clusterUri: string, database: string, signal?: AbortSignal): Promise<IngestionFailure[]>;
  /**
   * How many rows of the table were ingested at or after `since` (a query:
   * `['T'] | where ingestion_time() >= datetime(since) | count`).
   */
  ingestedSince(clusterUri: string, database: string, table: string, since: string, signal?: AbortSignal): Promise<number>;
  /** The connection's EventsProcessed and EventsDropped from `since` to `until` (Azure Monitor, one ARM GET). */
  connectionMetrics(clusterId: string, connection: string, since: string, until: string, signal?: AbortSignal): Promise<ConnectionMetrics>;
  /** Whether the resource exists (false on a 404 of it or of a parent). */
  exists(resource: SourceResource, signal?: AbortSignal): Promise<boolean>;
  /**
   * The Azure RBAC role assignments at `scope` or above that the principal may hold: its own, and
   * those of groups (`holder`), each with its condition, if any.
   */
  roleGrants(scope: string, principalId: string, signal?: AbortSignal): Promise<RoleGrant[]>;
  /** The Azure deny assignments at `scope` or above, whoever they name. */
  denyRules(scope: string, signal?: AbortSignal): Promise<DenyRule[]>;
  /** The principal's Cosmos DB data-plane (SQL) role assignments on the account. */
  cosmosRoleGrants(accountId: string, principalId: string, signal?: AbortSignal): Promise<RoleGrant[]>;
}
