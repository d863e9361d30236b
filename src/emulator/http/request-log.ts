/** The request log and per-operation counters the control API reads. */

export const API_OPERATIONS = [
  'list',
  'get',
  'createOrUpdate',
  'update',
  'delete',
  'validate',
  'checkNameAvailability',
  'operationStatus',
  'listClusters',
  'getCluster',
  'listDatabases',
  'getDatabase',
  'resourceGraph',
  'getSource',
  'listSource',
  'listSourceKeys',
  'listRoleAssignments',
  'getRoleAssignment',
  'getRoleDefinition',
  'listRoleDefinitions',
  'listDenyAssignments',
  'getDenyAssignment',
  'kustoMgmt',
  'kustoQuery',
  'getMetrics',
  'unknown',
] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

export interface RequestLogEntry {
  /** ISO time on the emulator's clock. */
  readonly time: string;
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly apiVersion: string | undefined;
  /** 0 when the connection was dropped without an answer. */
  readonly status: number;
  readonly subscription: string | undefined;
  readonly operation: ApiOperation;
  /** The id of the fault that answered or changed it, if any. */
  readonly fault?: string;
}

export interface Counters {
  readonly total: number;
  readonly operations: Readonly<Record<ApiOperation, number>>;
  /** Keyed by status code as a string; `0` for dropped connections. */
  readonly statuses: Readonly<Record<string, number>>;
}

/** The log keeps the newest entries; counters count everything since the last clear. */
const LOG_LIMIT = 50_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private total = 0;
  private operations = zeroCounts();
  private statuses: Record<string, number> = {};

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
    this.total += 1;
    this.operations[entry.operation] += 1;
    const key = String(entry.status);
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  counters(): Counters {
    return { total: this.total, operations: { ...this.operations }, statuses: { ...this.statuses } };
  }

  clear(): void {
    this.entries = [];
    this.total = 0;
    this.operations = zeroCounts();
    this.statuses = {};
  }
}

function zeroCounts(): Record<ApiOperation, number> {
  return Object.fromEntries(API_OPERATIONS.map((op) => [op, 0])) as Record<ApiOperation, number>;
}
