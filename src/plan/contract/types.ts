/**
 * The public plan format, version 2: the TypeScript mirror of schemas/v1/plan.schema.json, which
 * is the contract. It is what `kustodian plan -o json` prints and what a saved plan (`plan --out
 * FILE`) holds. Only to-public.ts writes it and only from-public.ts reads it, so the internal
 * model (../model.ts) may change without changing this. Within a format version, fields are only
 * ever added; a breaking change is a new version (docs/plan-format.md).
 */
import type { ChangeReasonCode, ReportReasonCode } from '../reasons.js';
import type { PrerequisiteCode } from '../prerequisites.js';

/** Version 1 carried a change's reason and a reported connection's note as bare text, with no code. */
export const PLAN_FORMAT_VERSION = 2;

export type PublicValue = string | boolean | readonly string[];

export interface PublicDatabaseAddress {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly database: string;
}

export interface PublicConnectionAddress extends PublicDatabaseAddress {
  readonly name: string;
}

export interface PublicSource {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface PublicBody {
  readonly kind: string;
  readonly location: string;
  readonly properties: Readonly<Record<string, PublicValue>>;
}

export interface PublicFieldChange {
  readonly path: string;
  readonly before?: PublicValue;
  readonly after?: PublicValue;
  readonly forcesReplacement: boolean;
}

/** A typed code a tool may branch on, and the words for people (tools must not parse them). */
export interface PublicReason<Code extends string> {
  readonly code: Code;
  readonly text: string;
}

export interface PublicChangeBase {
  readonly address: string;
  readonly target: PublicConnectionAddress;
  readonly reason: PublicReason<ChangeReasonCode>;
  readonly liveFingerprint: string;
  readonly dependsOn: readonly string[];
  readonly protected: boolean;
  readonly liveState?: string;
  readonly remoteValidation?: readonly string[];
  readonly source?: PublicSource;
}

/** What a change holds besides its common members, by action. */
export type PublicActionMembers =
    | { readonly action: 'create'; readonly after: PublicBody }
    | { readonly action: 'update'; readonly before: PublicBody; readonly after: PublicBody; readonly fieldChanges: readonly PublicFieldChange[] }
    | {
        readonly action: 'replace';
        readonly before: PublicBody;
        readonly after: PublicBody;
        readonly fieldChanges: readonly PublicFieldChange[];
        readonly replacePaths: readonly string[];
        readonly strategy: 'default' | 'gap-free';
        readonly replaceAllowed: boolean;
      }
    | { readonly action: 'delete'; readonly before: PublicBody };

export type PublicChange = PublicChangeBase & PublicActionMembers;

export interface PublicReported {
  readonly address: string;
  readonly target: PublicConnectionAddress;
  readonly kind: string;
  readonly provisioningState?: string;
  readonly reason: PublicReason<ReportReasonCode>;
}

export interface PublicDatabase {
  readonly address: string;
  readonly target: PublicDatabaseAddress;
  readonly managed: boolean;
  readonly prune: boolean;
  readonly allowEmpty: boolean;
  readonly liveCount: number;
  readonly declaredCount: number;
}

export interface PublicDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly address?: string;
  readonly source?: PublicSource;
}

export type PublicRefusal = { readonly addresses: readonly string[] } & (
  | { readonly rule: 'protected'; readonly address: string; readonly action: 'replace' | 'delete' }
  | { readonly rule: 'replace-not-allowed' | 'delete-not-allowed'; readonly address: string }
  | { readonly rule: 'too-many-deletes'; readonly count: number; readonly max: number }
  | { readonly rule: 'empties-database'; readonly database: string; readonly count: number }
  | { readonly rule: 'service-refuses'; readonly address: string; readonly messages: readonly string[] }
  | { readonly rule: 'depends-on-refused'; readonly address: string; readonly dependency: string }
);

export interface PublicOptIns {
  readonly allowReplace: boolean;
  readonly allowDelete: boolean;
  readonly maxDeletes: number;
  readonly allowEmptyDatabase: boolean;
}

export interface PublicReadiness {
  readonly optIns: PublicOptIns;
  readonly refusals: readonly PublicRefusal[];
}

export interface PublicSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly noOp: number;
  readonly unmanaged: number;
  readonly inProgress: number;
}

/** One prerequisite check of `--check-prerequisites` (docs/prerequisites.md). */
export interface PublicPrerequisiteCheck {
  readonly code: PrerequisiteCode;
  readonly status: 'pass' | 'fail' | 'could-not-check';
  readonly subject: string;
  readonly message?: string;
  readonly hint?: string;
}

export interface PublicPrerequisites {
  readonly address: string;
  readonly checks: readonly PublicPrerequisiteCheck[];
}

export interface PublicPlan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly createdAt: string;
  readonly changes: readonly PublicChange[];
  readonly noOps: readonly string[];
  readonly unmanaged: readonly PublicReported[];
  readonly inProgress: readonly PublicReported[];
  readonly databases: readonly PublicDatabase[];
  readonly partial: boolean;
  readonly narrowed: boolean;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly warnings: readonly PublicDiagnostic[];
  readonly summary: PublicSummary;
  readonly readiness?: PublicReadiness;
  readonly prerequisites?: readonly PublicPrerequisites[];
}
