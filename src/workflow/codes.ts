/** Diagnostic codes of Azure access (KD4xx) and of saved plans at apply time (KD3xx). Documented in docs/diagnostics.md. */
export const AZURE_CODES = {
  databaseNotFound: 'KD401',
  forbidden: 'KD402',
  unauthenticated: 'KD403',
  unreachable: 'KD404',
  readFailed: 'KD405',
  /** The live state came from Azure Resource Graph, which lags behind ARM (warning). */
  graphLag: 'KD406',
  /** Resource Graph holds no connection of a database: planned as empty, existence unproven (warning). */
  graphEmptyDatabase: 'KD407',
  /** The manifests need a kind or property the chosen --api-version lacks (src/azure/arm/api-versions.ts). */
  apiVersionLacks: 'KD408',
} as const;

export const APPLY_CODES = {
  /** The live state moved since the saved plan was made. */
  stalePlan: 'KD301',
  /** A safety rule refused the apply. */
  refused: 'KD302',
  /** No approval: not a terminal and no --auto-approve. */
  notApproved: 'KD303',
  /** A change of a reconcile round failed, was skipped or interrupted. */
  changeFailed: 'KD304',
  /** A reconcile round failed unexpectedly (an exception, not a service answer). */
  roundFailed: 'KD305',
  /** `apply --plan` with an opt-in the saved plan was not made with: not used (warning). */
  optInNotReviewed: 'KD306',
  /** An emulator state file is served by another running kustodian process. */
  worldInUse: 'KD307',
} as const;
