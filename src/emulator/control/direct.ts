/**
 * Connections written directly, not through ARM: those a seed declares and those the control
 * API puts (out-of-band changes). They are shaped exactly as the service would store them
 * (kind spelling, enum spelling, defaults, location display name) but not checked against the
 * world, so a test can set up states the service would refuse to create (drift, broken
 * references). Shape mistakes still fail, with the place named.
 */
import type { Problem } from '../arm/errors.js';
import { parseKind, nameProblem, PROVISIONING_STATES, type ProvisioningState } from '../kusto/kinds.js';
import { findRegion } from '../arm/regions.js';
import type { StoredConnection } from '../state/store.js';
import { identityObjectId, shapeProperties } from '../kusto/validation.js';
import type { DatabaseNode, World } from '../state/world.js';

export interface DirectConnection {
  readonly name: string;
  readonly kind: string;
  /** Defaults to the cluster's location; any spelling of a region. */
  readonly location?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  /** Defaults to Succeeded. */
  readonly provisioningState?: string;
  /** ISO time; defaults to now (or the existing connection's). */
  readonly createdAt?: string;
}

export class DirectConnectionError extends Error {
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'DirectConnectionError';
  }
}

export function directConnection(
  world: World,
  db: DatabaseNode,
  input: DirectConnection,
  existing: StoredConnection | undefined,
  now: number,
): StoredConnection {
  const where = `${db.address.cluster}/${db.address.database}/${input.name}`;
  const nameIssue = nameProblem(input.name);
  if (nameIssue !== undefined) throw new DirectConnectionError(`data connection ${where}: ${nameIssue}`);
  const kind = parseKind(input.kind);
  if (kind === undefined) throw new DirectConnectionError(`data connection ${where}: unknown kind '${input.kind}'`);
  const region = input.location === undefined ? db.cluster.region : findRegion(input.location);
  if (region === undefined) throw new DirectConnectionError(`data connection ${where}: unknown location '${input.location ?? ''}'`);
  const state = input.provisioningState ?? 'Succeeded';
  const provisioningState = PROVISIONING_STATES.find((s) => s.toLowerCase() === state.toLowerCase());
  if (provisioningState === undefined) throw new DirectConnectionError(`data connection ${where}: unknown provisioningState '${state}'`);
  const createdAt = input.createdAt === undefined ? (existing?.createdAt ?? now) : Date.parse(input.createdAt);
  if (Number.isNaN(createdAt)) throw new DirectConnectionError(`data connection ${where}: createdAt '${input.createdAt ?? ''}' is not a date`);

  const problems: Problem[] = [];
  const base = existing?.kind === kind ? existing : undefined;
  const properties = shapeProperties(kind, { ...(input.properties ?? {}) }, base, false, createdAt, problems);
  if (problems.length > 0) {
    const details = problems.map((p) => `${p.target ?? ''}: ${p.message}`).join('; ');
    throw new DirectConnectionError(`data connection ${where}: ${details}`, problems);
  }
  const identity = properties['managedIdentityResourceId'];
  return {
    db: db.address,
    name: existing?.name ?? input.name,
    kind,
    location: region.displayName,
    properties,
    ...(typeof identity === 'string' ? { managedIdentityObjectId: identityObjectId(world, db, identity) } : {}),
    provisioningState: provisioningState satisfies ProvisioningState,
    createdAt,
  };
}

