/**
 * The state file: the world's seed, the data connections and the operations, the Kusto
 * tables and mappings, the role and deny assignments and the ingestion failures, as JSON,
 * written atomically (a temporary file in the same folder, then a rename) so a crash never
 * leaves half a file, and never through a link out of its folder (src/fs/safe-write.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inert } from '../format/inert.js';
import { resolveInside, UnsafePathError, writeFileSafely } from '../../fs/safe-write.js';
import type { EmulatorSeed } from './seed.js';
import type { OperationRecord, StoredConnection } from './store.js';
import type { CatalogSnapshot } from '../dataplane/catalog.js';
import type { IngestionFailure } from '../dataplane/ingestion.js';
import type { DenyAssignmentNode, RoleAssignmentNode } from './world.js';

export const STATE_VERSION = 1;

export interface PersistedState {
  readonly version: typeof STATE_VERSION;
  readonly seed: EmulatorSeed;
  readonly connections: readonly StoredConnection[];
  readonly operations: readonly OperationRecord[];
  /** Kusto tables and mappings as changed since the seed (absent in files written before them: the seed's). */
  readonly catalog?: CatalogSnapshot;
  /** Role assignments by subscription, the control API's included. */
  readonly roleAssignments?: Readonly<Record<string, readonly RoleAssignmentNode[]>>;
  /** Deny assignments by subscription, the control API's included (absent in files written before them: the seed's). */
  readonly denyAssignments?: Readonly<Record<string, readonly DenyAssignmentNode[]>>;
  readonly ingestionFailures?: readonly IngestionFailure[];
  /** The sources set idle (dataplane/traffic.ts); absent in files written before: the seed's. */
  readonly idleSources?: readonly string[];
}

export class StateFileError extends Error {
  constructor(message: string) {
    super(inert(message));
    this.name = 'StateFileError';
  }
}

export function writeStateFile(path: string, state: PersistedState): void {
  writeFileSafely(path, JSON.stringify(state));
}

/** The saved state, or undefined when there is no file yet. */
export function readStateFile(path: string): PersistedState | undefined {
  let text: string;
  try {
    // Read where it would be written: not through a link out of its folder.
    text = readFileSync(resolveInside(dirname(resolve(path)), resolve(path), false), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof UnsafePathError) throw new StateFileError(`cannot use state file ${path}: ${err.message}`);
    throw new StateFileError(`cannot read state file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(`state file ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)}); delete it to start from the seed`);
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== STATE_VERSION) {
    throw new StateFileError(`state file ${path} has an unknown version; delete it to start from the seed`);
  }
  // Written by this module only; its shape is trusted once the version matches.
  return value as PersistedState;
}
