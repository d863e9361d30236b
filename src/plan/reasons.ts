/**
 * Why the planner decided what it did, as a typed code a tool can branch on, and the words a
 * person reads. The planner builds a reason (a code with what its words need); `changeReasonText`
 * and `reportReasonText` turn it into the text kept beside the code in the plan. The applier
 * never branches on either (Terraform's `ResourceInstanceChangeActionReason` plays this part).
 *
 * The codes are part of the public plan format (docs/plan-format.md): add codes, never rename
 * one within a format version.
 */
import { assertNever } from '../core/assert-never.js';
import type { ReplaceStrategy } from '../core/annotations.js';

/** Why a change is planned, one code per decision of the planner. */
export const CHANGE_REASON_CODES = [
  'create.missing',
  'update.fields-differ',
  'update.repair',
  'replace.immutable-field',
  'replace.kind-changed',
  'delete.pruned',
] as const;
export type ChangeReasonCode = (typeof CHANGE_REASON_CODES)[number];

/** Why a live connection is reported (in progress or unmanaged) and not changed. */
export const REPORT_REASON_CODES = [
  'in-progress.running',
  'in-progress.undeclared-running',
  'in-progress.pair-held',
  'unmanaged.ignored',
  'unmanaged.protected',
  'unmanaged.no-managed-database',
  'unmanaged.not-pruned',
] as const;
export type ReportReasonCode = (typeof REPORT_REASON_CODES)[number];

export type ReasonCode = ChangeReasonCode | ReportReasonCode;

/** One line per code, for the reference (docs/plan-format.md lists exactly these). */
export const REASON_CODE_MEANINGS: Readonly<Record<ReasonCode, string>> = {
  'create.missing': 'declared, and no live connection has its name: it is created',
  'update.fields-differ': 'fields that can change in place differ: one PUT updates the connection',
  'update.repair': 'the live provisioningState is Failed or Canceled: the declared state is applied again (fields may differ too)',
  'replace.immutable-field': 'a field that cannot change in place differs (a resource id, the consumer group, the location, ...): the connection is deleted and created again',
  'replace.kind-changed': 'the declared kind differs from the live one: the connection is deleted and created again',
  'delete.pruned': 'live, not declared, and its ManagedDatabase prunes undeclared connections: it is deleted',
  'in-progress.running': 'declared, but an operation is still running on the live connection: not touched until it ends',
  'in-progress.undeclared-running': 'not declared, and an operation is still running on it: not touched until it ends',
  'in-progress.pair-held': 'its change takes a (hub, consumer group) pair held by a connection whose operation is still running: planned once that has finished',
  'unmanaged.ignored': 'not declared, and its ManagedDatabase ignores it',
  'unmanaged.protected': 'not declared, and its ManagedDatabase protects it: never deleted',
  'unmanaged.no-managed-database': 'not declared, and no ManagedDatabase declares its database: kustodian never deletes there',
  'unmanaged.not-pruned': 'not declared, and its ManagedDatabase does not prune',
};

/** A change's reason: its code and what the words need. */
export type ChangeReason =
  | { readonly code: 'create.missing' }
  | { readonly code: 'update.fields-differ'; readonly paths: readonly string[] }
  | { readonly code: 'update.repair'; readonly state: string; readonly paths: readonly string[] }
  | {
      readonly code: 'replace.immutable-field' | 'replace.kind-changed';
      readonly paths: readonly string[];
      readonly strategy: ReplaceStrategy;
      /** The live provisioningState, when the connection is also being repaired. */
      readonly repairState?: string;
    }
  | { readonly code: 'delete.pruned' };

/** A reported connection's reason. */
export type ReportReason =
  | { readonly code: 'in-progress.running' | 'in-progress.undeclared-running'; readonly state: string }
  | { readonly code: 'in-progress.pair-held'; readonly holder: string }
  | { readonly code: 'unmanaged.ignored' | 'unmanaged.protected' | 'unmanaged.no-managed-database' | 'unmanaged.not-pruned' };

export function changeReasonText(reason: ChangeReason): string {
  switch (reason.code) {
    case 'create.missing':
      return 'declared, not live';
    case 'update.fields-differ':
      return `fields differ: ${reason.paths.join(', ')}`;
    case 'update.repair':
      return `provisioning ${reason.state}: the declared state is applied again` + (reason.paths.length > 0 ? ` (fields differ: ${reason.paths.join(', ')})` : '');
    case 'replace.immutable-field':
    case 'replace.kind-changed':
      return replaceText(reason.paths, reason.strategy, reason.repairState);
    case 'delete.pruned':
      return 'not declared, and its ManagedDatabase prunes undeclared connections';
    default:
      return assertNever(reason, 'change reason');
  }
}

export function reportReasonText(reason: ReportReason): string {
  switch (reason.code) {
    case 'in-progress.running':
      return `an operation is still running (provisioningState ${reason.state}); not touched`;
    case 'in-progress.undeclared-running':
      return `not declared; an operation is still running (provisioningState ${reason.state})`;
    case 'in-progress.pair-held':
      return `its (hub, consumer group) pair is held by ${reason.holder}, whose operation is still running; planned once that has finished`;
    case 'unmanaged.ignored':
      return 'not declared; ignored by its ManagedDatabase';
    case 'unmanaged.protected':
      return 'not declared; protected by its ManagedDatabase, never deleted';
    case 'unmanaged.no-managed-database':
      return 'not declared; no ManagedDatabase declares this database, so kustodian never deletes here';
    case 'unmanaged.not-pruned':
      return 'not declared; its ManagedDatabase does not prune (set spec.prune: true to delete undeclared connections)';
    default:
      return assertNever(reason, 'report reason');
  }
}

function replaceText(paths: readonly string[], strategy: ReplaceStrategy, repairState: string | undefined): string {
  const why = `${paths.join(', ')} cannot change in place`;
  const repair = repairState ? ` (provisioning ${repairState})` : '';
  const loss =
    strategy === 'gap-free'
      ? 'gap-free: retrievalStartDate is set to the moment of deletion, so nothing is lost but events may be ingested twice'
      : 'events enqueued between the delete and the create are NOT ingested';
  return `${why}${repair}; ${loss}`;
}
