/**
 * What `--check-prerequisites` found for each connection a plan writes: one line per check,
 * pass / fail / could-not-check, each with a stable KD7xx code (docs/prerequisites.md) and, when
 * it does not pass, what to do. Plain values: the plan carries them, every renderer reads them.
 */

export const PREREQUISITE_CODES = {
  table: 'KD701',
  mapping: 'KD702',
  eventHub: 'KD703',
  consumerGroup: 'KD704',
  iotHub: 'KD705',
  iotHubConsumerGroup: 'KD706',
  sharedAccessPolicy: 'KD707',
  cosmosAccount: 'KD708',
  cosmosDatabase: 'KD709',
  cosmosContainer: 'KD710',
  storageAccount: 'KD711',
  /** The identity the connection names is not one of the cluster's. */
  identity: 'KD712',
  /** The identity holds no role that grants the data actions the source needs. */
  role: 'KD713',
  /** A deny assignment at the source's scope or above blocks the data actions the identity needs. */
  denied: 'KD714',
  /** `apply --verify-ingestion` / `health`: ingestion failures recorded since the change. */
  ingestionFailures: 'KD720',
  /** `apply --verify-ingestion` / `health`: the watch could not be run. */
  ingestionNotWatched: 'KD721',
  /** `apply --verify-ingestion` / `health`: no row arrived and no failure was recorded during the watch. */
  ingestionNoData: 'KD722',
} as const;

export type PrerequisiteCode = (typeof PREREQUISITE_CODES)[keyof typeof PREREQUISITE_CODES];

export type PrerequisiteStatus = 'pass' | 'fail' | 'could-not-check';

export interface PrerequisiteCheck {
  readonly code: PrerequisiteCode;
  readonly status: PrerequisiteStatus;
  /** What was checked, e.g. `table 'Events' in database 'db1'`. */
  readonly subject: string;
  /** Why it failed or could not be checked; absent for a pass. */
  readonly message?: string;
  /** What to do about it; absent for a pass. */
  readonly hint?: string;
}

export interface ConnectionPrerequisites {
  /** The connection's address, as the plan's changes name it. */
  readonly address: string;
  readonly checks: readonly PrerequisiteCheck[];
}

/** The checks of the plan, by status. */
export function prerequisiteCounts(all: readonly ConnectionPrerequisites[]): Record<PrerequisiteStatus, number> {
  const counts: Record<PrerequisiteStatus, number> = { pass: 0, fail: 0, 'could-not-check': 0 };
  for (const c of all) for (const check of c.checks) counts[check.status] += 1;
  return counts;
}

/** Each check that did not pass, with its connection's address. */
export function prerequisiteProblems(all: readonly ConnectionPrerequisites[]): { readonly address: string; readonly check: PrerequisiteCheck }[] {
  return all.flatMap((c) => c.checks.filter((check) => check.status !== 'pass').map((check) => ({ address: c.address, check })));
}
