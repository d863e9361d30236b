/**
 * The port through which the planner's callers and the applier reach Azure. `src/azure/`
 * implements it with @azure/arm-kusto; tests implement it in memory.
 */
import type { ConnectionAddress, DatabaseAddress } from '../address.js';
import type { ConnectionBody, LiveConnection } from '../model.js';
import type { ArmScope } from '../scope.js';

/** Why a call to Azure failed, in the categories the applier's retry rules need. */
export type AzureFailureKind =
  | 'not-found'
  | 'unauthenticated'
  | 'forbidden'
  | 'throttled'
  | 'conflict'
  | 'bad-request'
  | 'server'
  | 'network'
  | 'operation-failed'
  | 'timeout'
  | 'aborted'
  | 'unknown';

/** A failed call, with the service's own error code and message (secrets redacted). */
export class AzureFailure extends Error {
  constructor(
    readonly kind: AzureFailureKind,
    message: string,
    readonly details: {
      readonly status?: number;
      readonly code?: string;
      readonly retryAfterMs?: number;
      /** For a 403: the RBAC action the call needs (see core/permissions.ts). */
      readonly requiredAction?: string;
      /** What to check, when the failure itself tells (a certificate, a host name, a credential). */
      readonly hint?: string;
    } = {},
  ) {
    super(message);
    this.name = 'AzureFailure';
  }
}

export interface WriteOptions {
  readonly signal?: AbortSignal;
  /** Called once the service has accepted the request (the operation runs on its side). */
  readonly onAccepted?: () => void;
}

export interface AzurePort {
  /**
   * Resolves once the service's request budget lets this write be sent now (ARM's write or
   * delete bucket of its subscription); the write that follows spends the token taken here. The
   * applier waits here before it starts a change, so no fixed parallelism is needed: the budget
   * paces the writes. Rejects (AbortError) when `signal` is aborted first. Optional: a port
   * without a budget admits at once.
   */
  admit?(address: ConnectionAddress, write: 'put' | 'delete', signal?: AbortSignal): Promise<void>;
  /** Exactly one list call: every data connection of the database. */
  listConnections(database: DatabaseAddress, signal?: AbortSignal): Promise<LiveConnection[]>;
  /** PUT (create or replace the whole definition), waiting for the long-running operation. */
  putConnection(address: ConnectionAddress, body: ConnectionBody, options?: WriteOptions): Promise<LiveConnection>;
  /** DELETE, waiting for the long-running operation. A connection already gone is success. */
  deleteConnection(address: ConnectionAddress, options?: WriteOptions): Promise<void>;
  /** The service's dataConnectionValidation: the problems it would report, empty when none. */
  validateConnection(address: ConnectionAddress, body: ConnectionBody, signal?: AbortSignal): Promise<string[]>;
}

/**
 * Every data connection under some scopes, from an index of the whole estate (Azure Resource
 * Graph) instead of one list per database: a few paged queries for thousands of connections.
 * The index lags behind ARM (eventually consistent), and it cannot tell an empty database from
 * one that does not exist: report-only commands use it, writes never.
 */
export interface GraphPort {
  /** The connections under the scopes (each at most once), as the index holds them now. */
  listConnectionsUnder(scopes: readonly ArmScope[], signal?: AbortSignal): Promise<LiveConnection[]>;
}

/** What exists above the data connections: the databases a subscription, group or cluster holds. */
export interface InventoryPort {
  /**
   * The read-write databases of a scope, sorted by address. A database scope answers itself
   * without a request (whether it exists shows when its connections are listed).
   */
  listDatabases(scope: ArmScope, signal?: AbortSignal): Promise<DatabaseAddress[]>;
}
