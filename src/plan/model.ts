/**
 * The plan: the planner's internal model, which every renderer reads, so the text and markdown
 * outputs can never disagree. It is free to change: its public JSON form (`kustodian plan -o
 * json`, `--out FILE`), versioned and described by schemas/v1/plan.schema.json, is made from it
 * and read back into it by one converter (src/plan/contract/).
 */
import type { ConnectionAddress, DatabaseAddress } from '../core/address.js';
import type { ReplaceStrategy } from '../core/annotations.js';
import type { ApplyReadiness } from './rules/readiness.js';
import type { ConnectionPrerequisites } from './prerequisites.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { ConnectionBody, PropertyValue, SourcePosition } from '../core/model.js';
import type { ChangeReasonCode, ReportReasonCode } from './reasons.js';

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete';

export type { ConnectionBody };

/** One field that differs. `before`/`after` are absent when the field is unset on that side. */
export interface FieldChange {
  /** `kind`, `location`, or an Azure property name. */
  readonly path: string;
  readonly before?: PropertyValue;
  readonly after?: PropertyValue;
  /** This field cannot change in place: its change forces a replacement. */
  readonly forcesReplacement: boolean;
}

/**
 * How a replacement re-creates the connection: `default` deletes then creates (events enqueued
 * in between are not ingested); `gap-free` creates with retrievalStartDate = the moment of
 * deletion (nothing is lost, duplicates are possible).
 */
export type { ReplaceStrategy };

interface ChangeBase {
  /** `subscription/resourceGroup/cluster/database/name`. */
  readonly address: string;
  readonly target: ConnectionAddress;
  /** Why the planner decided this change (reasons.ts); the applier never branches on it. */
  readonly reasonCode: ChangeReasonCode;
  /** The same, in words for people. */
  readonly reason: string;
  /**
   * sha256 of the live object this change was planned against, or `absent`. `apply --plan`
   * refuses to act if the live object no longer has this fingerprint.
   */
  readonly liveFingerprint: string;
  /** Addresses of changes that must succeed before this one starts. */
  readonly dependsOn: readonly string[];
  /** Protected (annotation or ManagedDatabase `protect`): apply refuses to delete or replace it. */
  readonly protected: boolean;
  /** Answers of the service's dataConnectionValidation (`--validate-remote`), if asked. */
  readonly remoteValidation?: readonly string[];
  /** Where the connection is declared, when it is. */
  readonly source?: SourcePosition;
  /** The live connection's provisioningState, when it exists. */
  readonly liveState?: string;
}

export interface CreateChange extends ChangeBase {
  readonly action: 'create';
  readonly after: ConnectionBody;
}

export interface UpdateChange extends ChangeBase {
  readonly action: 'update';
  readonly before: ConnectionBody;
  readonly after: ConnectionBody;
  /** Empty for a repair of a connection whose provisioning failed. */
  readonly fieldChanges: readonly FieldChange[];
}

export interface ReplaceChange extends ChangeBase {
  readonly action: 'replace';
  readonly before: ConnectionBody;
  readonly after: ConnectionBody;
  readonly fieldChanges: readonly FieldChange[];
  /** The fields whose change forced the replacement. */
  readonly replacePaths: readonly string[];
  readonly strategy: ReplaceStrategy;
  /** The manifest opted in to replacement (annotation `kustodian.io/allow-replace`). */
  readonly replaceAllowed: boolean;
}

export interface DeleteChange extends ChangeBase {
  readonly action: 'delete';
  readonly before: ConnectionBody;
}

export type Change = CreateChange | UpdateChange | ReplaceChange | DeleteChange;

/** A live connection the plan reports but does not change. */
export interface ReportedConnection {
  readonly address: string;
  readonly target: ConnectionAddress;
  readonly kind: string;
  readonly provisioningState?: string;
  /** Why it is reported and not changed (reasons.ts). */
  readonly reasonCode: ReportReasonCode;
  /** The same, in words for people. */
  readonly note: string;
}

export interface PlannedDatabase {
  readonly address: string;
  readonly target: DatabaseAddress;
  /** Declared by a ManagedDatabase document. */
  readonly managed: boolean;
  readonly prune: boolean;
  /** Its ManagedDatabase allows a prune that deletes every connection. */
  readonly allowEmpty: boolean;
  /** How many live connections the list call answered. */
  readonly liveCount: number;
  /** How many connections the manifests declare in it. */
  readonly declaredCount: number;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly noOp: number;
  readonly unmanaged: number;
  readonly inProgress: number;
}

export interface Plan {
  readonly createdAt: string;
  readonly changes: readonly Change[];
  /** Declared connections that already match (addresses only). */
  readonly noOps: readonly string[];
  /** Live, in a referenced database, not declared, and not deleted by this plan. */
  readonly unmanaged: readonly ReportedConnection[];
  /** Live with an operation still running on the service: not touched. */
  readonly inProgress: readonly ReportedConnection[];
  readonly databases: readonly PlannedDatabase[];
  /** The plan covers only part of the manifests (`--target`/`--exclude`/`--shard`). */
  readonly partial: boolean;
  /** `--target` or `--exclude` left connections out (a shard alone does not). */
  readonly narrowed: boolean;
  /** The shard this plan covers (`--shard K/N`), if any. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly warnings: readonly Diagnostic[];
  readonly summary: PlanSummary;
  /** What apply will require or refuse, decided with the opt-ins the plan was made with. */
  readonly readiness?: ApplyReadiness;
  /** `--check-prerequisites`: what each written connection depends on, checked (prerequisites.ts). */
  readonly prerequisites?: readonly ConnectionPrerequisites[];
}

/** The summary's counts of the changes, by action. */
export function actionCounts(changes: readonly Change[]): Pick<PlanSummary, 'create' | 'update' | 'replace' | 'delete'> {
  const count = (action: Change['action']): number => changes.filter((c) => c.action === action).length;
  return { create: count('create'), update: count('update'), replace: count('replace'), delete: count('delete') };
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.length > 0;
}
