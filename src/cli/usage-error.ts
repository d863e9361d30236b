/** A wrong flag value: main() prints `kustodian: <message>` and exits 1. */
export class UsageError extends Error {}
