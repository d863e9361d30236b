/** Diagnostic codes of `kustodian export` (KD5xx). Documented in docs/diagnostics.md. */
export const EXPORT_CODES = {
  /** A live connection of a kind kustodian does not manage: left out, and ignored by its ManagedDatabase. */
  unknownKind: 'KD501',
  /** A live connection with a value no manifest can hold: left out, and ignored by its ManagedDatabase. */
  unwritableValue: 'KD502',
  /** A live connection being deleted: left out. */
  beingDeleted: 'KD503',
  /** Exported, but the service reports it Failed or still in an operation. */
  notSucceeded: 'KD504',
  /** Exported without properties the kinds table does not know. */
  unknownProperty: 'KD505',
  /** The export directory holds other manifests, which are read with the exported ones. */
  otherManifests: 'KD506',
  /** A file to write exists already (no --force). */
  fileExists: 'KD510',
  /** The exported files would not load, or would not plan with no changes: nothing is written. */
  roundTrip: 'KD511',
  /** A file could not be written. */
  writeFailed: 'KD512',
  /** A file to write is reached through a symbolic link leading outside --dir: nothing is written. */
  linkOutside: 'KD513',
} as const;
