/** The shape of the emulator's api-version table (api-versions.generated.ts). */
import type { Kind } from './kinds.js';

export interface SpecKind {
  /** The writable properties this api-version knows for the kind, in the spec's order. */
  readonly properties: readonly string[];
  readonly required: readonly string[];
  /** The read-only properties it answers (provisioningState, managedIdentityObjectId). */
  readonly readOnly: readonly string[];
}

export interface SpecVersion {
  /** The dataFormat enum of this api-version (modelAsString: clients send others too). */
  readonly dataFormats: readonly string[];
  /** The kinds this api-version knows. */
  readonly kinds: Readonly<Partial<Record<Kind, SpecKind>>>;
}
