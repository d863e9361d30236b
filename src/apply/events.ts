/**
 * What the applier reports while it works. Printers consume these; the applier never prints.
 */
import type { AzureFailureKind } from '../core/ports/azure-port.js';
import type { ChangeAction } from '../plan/model.js';

/** One step of a change: a replacement is a delete step then a create step. */
export type Step = 'create' | 'update' | 'delete';

export interface FailureInfo {
  readonly kind: AzureFailureKind;
  readonly status?: number;
  /** The service's error code, e.g. `EventHubValidationErorFound`. */
  readonly code?: string;
  readonly message: string;
  /** For a 403: the RBAC action the identity needs for this step. */
  readonly requiredAction?: string;
}

export type ApplyEvent =
  | { readonly type: 'started'; readonly at: string; readonly address: string; readonly action: ChangeAction; readonly step: Step }
  | { readonly type: 'accepted'; readonly at: string; readonly address: string; readonly step: Step }
  | { readonly type: 'succeeded'; readonly at: string; readonly address: string; readonly action: ChangeAction; readonly durationMs: number; readonly overlap?: ReplacementOverlap }
  | { readonly type: 'failed'; readonly at: string; readonly address: string; readonly action: ChangeAction; readonly step: Step; readonly error: FailureInfo }
  | { readonly type: 'skipped'; readonly at: string; readonly address: string; readonly action: ChangeAction; readonly reason: SkipReason };

export type SkipReason =
  | { readonly kind: 'dependency-failed'; readonly dependency: string }
  | { readonly kind: 'interrupted' }
  /** A change failed because the endpoint could not be reached (see `address`): nothing new starts. */
  | { readonly kind: 'endpoint-unreachable'; readonly address: string };

/** Why a change did not start, in words, for every printer. */
export function skipReasonText(reason: SkipReason): string {
  switch (reason.kind) {
    case 'dependency-failed':
      return `it waits for ${reason.dependency}, which did not succeed`;
    case 'interrupted':
      return 'the apply was interrupted before it started';
    case 'endpoint-unreachable':
      return `the endpoint could not be reached (see ${reason.address})`;
  }
}

/**
 * What a gap-free replacement observed: the new connection reads from `retrievalStartDate` (the
 * moment the delete was issued), the old one ingested until it was gone (`oldDeletedAt`, its
 * delete finished), so events enqueued between the two may be ingested twice; the new one reads
 * from `newSucceededAt` (its create finished), catching up on everything since
 * `retrievalStartDate`. Times are as kustodian saw them (ISO 8601).
 */
export interface ReplacementOverlap {
  readonly retrievalStartDate: string;
  readonly oldDeletedAt: string;
  readonly newSucceededAt: string;
  /** oldDeletedAt − retrievalStartDate: the span whose events may be ingested twice. */
  readonly overlapMs: number;
}

/** The outcome of one change, for the final report. */
export type ChangeOutcome =
  | { readonly status: 'succeeded'; readonly durationMs: number; readonly overlap?: ReplacementOverlap }
  | { readonly status: 'failed'; readonly step: Step; readonly error: FailureInfo }
  | { readonly status: 'skipped'; readonly reason: SkipReason }
  /** It was running when the apply was interrupted: the service may still finish it. */
  | { readonly status: 'interrupted'; readonly step: Step };

export interface ChangeResult {
  readonly address: string;
  readonly action: ChangeAction;
  readonly outcome: ChangeOutcome;
}

export interface ApplyResult {
  readonly results: readonly ChangeResult[];
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly interrupted: number;
}
