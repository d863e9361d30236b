/**
 * The emulator's state and collaborators, independent of HTTP: the world, the connections and
 * operations, the throttle, Resource Graph's index and quota, the faults, the request log, the
 * clock, and persistence.
 */
import type { Clock } from './clock.js';
import { directConnection } from '../control/direct.js';
import { Faults } from '../control/faults.js';
import { GraphIndex } from '../graph/row-index.js';
import { GraphQuota } from '../graph/quota.js';
import { finishDue } from '../arm/lro.js';
import { RequestLog } from '../http/request-log.js';
import { readStateFile, writeStateFile, STATE_VERSION, type PersistedState } from './persistence.js';
import type { EmulatorSeed } from './seed.js';
import { Store, type StoredConnection } from './store.js';
import { Throttle, type ThrottleOptions } from '../arm/throttle.js';
import { allDatabases, buildWorld, type World } from './world.js';
import { RoleAssignments } from '../rbac/assignments.js';
import { DenyAssignments } from '../rbac/deny-assignments.js';
import { Catalog } from '../dataplane/catalog.js';
import { DEFAULT_INGESTION_INTERVAL_MS, Ingestion } from '../dataplane/ingestion.js';
import { idleSourcesOf } from '../dataplane/traffic.js';

export interface CoreOptions {
  readonly seed: EmulatorSeed;
  readonly stateFile: string | undefined;
  readonly operationDurationMs: number;
  readonly throttle: ThrottleOptions;
  readonly clock: Clock;
  /** A fixed Retry-After for running operations; by default the whole seconds left. */
  readonly retryAfterSeconds: number | undefined;
  readonly random: () => number;
  readonly bodyLimitBytes: number;
  /** How long a change takes to show in Resource Graph. */
  readonly resourceGraphLagMs: number;
  /** How often each data connection receives a batch of data (dataplane/ingestion.ts). */
  readonly ingestionIntervalMs?: number;
}

export class EmulatorCore {
  readonly store = new Store();
  readonly log = new RequestLog();
  readonly faults: Faults;
  readonly throttle: Throttle;
  /** Resource Graph's per-user quota (the same throttle options as ARM's). */
  readonly graphQuota: GraphQuota;
  /** What Resource Graph shows: the connections, `resourceGraphLagMs` behind. */
  readonly graph: GraphIndex;
  readonly clock: Clock;
  /** Azure role assignments: the seed's and the control API's. */
  readonly roleAssignments = new RoleAssignments();
  readonly denyAssignments = new DenyAssignments();
  /** The Kusto databases' tables and mappings: the seed's and the control API's. */
  readonly catalog = new Catalog();
  /** The data flowing through the connections, and the ingestion failures it records. */
  readonly ingestion: Ingestion;
  operationDurationMs: number;
  readonly retryAfterSeconds: number | undefined;
  readonly bodyLimitBytes: number;
  private readonly stateFile: string | undefined;
  private readonly initial: Pick<CoreOptions, 'operationDurationMs' | 'throttle' | 'resourceGraphLagMs'> & { readonly ingestionIntervalMs: number };
  private currentWorld: World;
  private currentSeed: EmulatorSeed;

  constructor(options: CoreOptions) {
    this.clock = options.clock;
    this.faults = new Faults(options.random);
    this.throttle = new Throttle(options.throttle);
    this.graphQuota = new GraphQuota(options.throttle);
    this.graph = new GraphIndex(this.store, this.clock, options.resourceGraphLagMs);
    this.operationDurationMs = options.operationDurationMs;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.bodyLimitBytes = options.bodyLimitBytes;
    this.stateFile = options.stateFile;
    const ingestionIntervalMs = options.ingestionIntervalMs ?? DEFAULT_INGESTION_INTERVAL_MS;
    this.initial = { operationDurationMs: options.operationDurationMs, throttle: options.throttle, resourceGraphLagMs: options.resourceGraphLagMs, ingestionIntervalMs };
    this.ingestion = new Ingestion(ingestionIntervalMs);
    this.store.listen((db, name, conn) => this.ingestion.onConnection(db, name, conn, this.clock.now()));
    const saved = options.stateFile === undefined ? undefined : readStateFile(options.stateFile);
    if (saved === undefined) {
      this.currentSeed = options.seed;
      this.currentWorld = buildWorld(options.seed);
      this.loadSeed(options.seed);
    } else {
      this.currentSeed = saved.seed;
      this.currentWorld = buildWorld(saved.seed);
      this.roleAssignments.reset(this.currentWorld);
      this.denyAssignments.reset(this.currentWorld);
      this.catalog.reset(this.currentWorld, this.clock.now());
      if (saved.catalog !== undefined) this.catalog.restore(saved.catalog);
      if (saved.roleAssignments !== undefined) this.roleAssignments.restore(saved.roleAssignments);
      if (saved.denyAssignments !== undefined) this.denyAssignments.restore(saved.denyAssignments);
      if (saved.ingestionFailures !== undefined) this.ingestion.restore(saved.ingestionFailures);
      this.ingestion.traffic.reset(saved.idleSources ?? idleSourcesOf(saved.seed));
      for (const conn of saved.connections) this.store.put(conn);
      for (const op of saved.operations) this.store.addOperation({ ...op });
      // Operations keep their due times: one that came due while the emulator was down is finished now.
      finishDue(this.store, this.clock.now());
      this.graph.catchUp(this.store);
      this.persist();
    }
  }

  get world(): World {
    return this.currentWorld;
  }

  get seed(): EmulatorSeed {
    return this.currentSeed;
  }

  /** Replaces the world and every connection with the seed's; forgets operations. */
  loadSeed(seed: EmulatorSeed): void {
    const world = buildWorld(seed);
    const now = this.clock.now();
    const conns: StoredConnection[] = [];
    for (const db of allDatabases(world)) {
      for (const dc of db.seedConnections) conns.push(directConnection(world, db, dc, undefined, now));
    }
    this.currentWorld = world;
    this.currentSeed = seed;
    this.roleAssignments.reset(world);
    this.denyAssignments.reset(world);
    this.catalog.reset(world, now);
    this.ingestion.reset();
    this.ingestion.traffic.reset(idleSourcesOf(seed));
    this.store.clear();
    for (const conn of conns) this.store.put(conn);
    this.graph.catchUp(this.store);
    this.persist();
  }

  /**
   * Back to the last loaded seed, with no faults, an empty log, full throttle buckets and
   * Resource Graph quota, and the operation duration, throttling and Resource Graph lag the
   * emulator started with.
   */
  reset(): void {
    this.loadSeed(this.currentSeed);
    this.faults.clear();
    this.log.clear();
    this.operationDurationMs = this.initial.operationDurationMs;
    this.setThrottle(this.initial.throttle);
    this.graph.setLag(this.initial.resourceGraphLagMs);
    this.ingestion.intervalMs = this.initial.ingestionIntervalMs;
  }

  /** Plays the data connections' batches due by now (dataplane/ingestion.ts). */
  catchUpIngestion(): void {
    // An operation that came due while nobody looked has finished: its connection feeds from now.
    finishDue(this.store, this.clock.now());
    this.ingestion.catchUp(this.clock.now(), this.store, this.catalog, (conn) => this.ingestionPrincipal(conn));
  }

  /** One batch for every feeding connection now; answers how many. */
  tickIngestion(): number {
    this.catchUpIngestion();
    return this.ingestion.tick(this.clock.now(), this.store, this.catalog, (conn) => this.ingestionPrincipal(conn));
  }

  /** The identity a connection reads its source with: its managed identity, else the cluster's. */
  private ingestionPrincipal(conn: StoredConnection): string {
    if (conn.managedIdentityObjectId !== undefined) return conn.managedIdentityObjectId;
    const rg = this.currentWorld.subscriptions.get(conn.db.subscription.toLowerCase())?.resourceGroups.get(conn.db.resourceGroup.toLowerCase());
    return rg?.clusters.get(conn.db.cluster.toLowerCase())?.principalId ?? '';
  }

  /** ARM's buckets and Resource Graph's quota, both reset. */
  setThrottle(options: ThrottleOptions): void {
    this.throttle.configure(options);
    this.graphQuota.configure(options);
  }

  snapshot(): PersistedState {
    return {
      version: STATE_VERSION,
      seed: this.currentSeed,
      connections: [...this.store.all()],
      operations: [...this.store.operations.values()],
      catalog: this.catalog.snapshot(),
      roleAssignments: this.roleAssignments.snapshot(),
      denyAssignments: this.denyAssignments.snapshot(),
      ingestionFailures: this.ingestion.snapshot(),
      idleSources: this.ingestion.traffic.idleSources(),
    };
  }

  /** Something outside the connection store changed (tables, mappings, role assignments): the next persist writes. */
  touch(): void {
    this.store.dirty = true;
  }

  /** Writes the state file when something changed. */
  persist(): void {
    if (this.stateFile === undefined || !(this.store.dirty || this.ingestion.dirty)) return;
    writeStateFile(this.stateFile, this.snapshot());
    this.store.dirty = false;
    this.ingestion.dirty = false;
  }
}
