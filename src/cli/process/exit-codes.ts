/** Process exit codes. Documented in docs/diagnostics.md (exit codes); only the CLI entry turns results into these. */
export const EXIT = {
  /** Success; for plan/drift: nothing to change. */
  ok: 0,
  /** An error: invalid input, unreadable live state, a refused or failed apply. */
  error: 1,
  /** Success with changes present (`--detailed-exitcode`, `drift`). */
  changes: 2,
  /**
   * Changes a safety rule refuses: `plan --detailed-exitcode` (apply would refuse them; plan
   * again with the opt-in, or annotate), `reconcile --skip-refused` (the rest was applied).
   */
  refused: 3,
  /** Interrupted (Ctrl-C) before everything was done: what ran is reported; re-running converges. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
