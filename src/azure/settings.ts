/** How to reach Azure: everything the CLI's connection flags decide. */
import type { CloudName } from './clouds.js';

export const CREDENTIAL_KINDS = ['default', 'environment', 'workload-identity', 'managed-identity', 'cli', 'emulator'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface AzureSettings {
  readonly cloud: CloudName;
  /** Another ARM endpoint (a running `kustodian emulator`, a proxy); the cloud's by default. */
  readonly endpoint?: string;
  /** PEM of a CA to trust for the endpoint (the emulator's). */
  readonly ca?: string;
  readonly credential: CredentialKind;
  /** ARM api-version to call (the SDK's default, 2023-08-15, if unset). */
  readonly apiVersion?: string;
  /**
   * A cap on requests at once per subscription. Unset, ARM's budgets (the pacer, per
   * subscription and principal) alone decide how many of the reader's and applier's requests go
   * at once: the whole burst, then as the bucket refills.
   */
  readonly perSubscriptionConcurrency?: number;
  /** Retries of one request after its first attempt: throttled, 5xx, connection failed (see retry-policy.ts). */
  readonly maxRetries: number;
  /** How long one request may take, its retries and waits included, in ms. */
  readonly requestTimeoutMs: number;
  /** Polling interval of long-running operations, in ms (the SDK's default is 2000). */
  readonly pollIntervalMs: number;
  /** How long one long-running operation may take before it is reported as timed out. */
  readonly operationTimeoutMs: number;
  /**
   * Multiplies ARM's documented refill rates kustodian paces itself to (0.5 leaves half of the
   * subscription's budget to other tools; a time-scaled benchmark uses more than 1).
   */
  readonly armRateFactor: number;
}

export const DEFAULT_SETTINGS: AzureSettings = {
  cloud: 'public',
  credential: 'default',
  maxRetries: 5,
  requestTimeoutMs: 20_000,
  pollIntervalMs: 2_000,
  operationTimeoutMs: 30 * 60_000,
  armRateFactor: 1,
};

/**
 * Requests at once per subscription of the prerequisite checks, unless --concurrency caps them:
 * their ARM reads are paced to the budget too, but their Kusto data-plane queries go to the
 * cluster itself, which no ARM budget protects.
 */
export const PREREQUISITE_CONCURRENCY = 8;
