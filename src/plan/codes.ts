/** Diagnostic codes of the planner (KD2xx). Documented in docs/diagnostics.md. */
export const PLAN_CODES = {
  /** A (hub, consumer group) pair is already read by a live connection that keeps it. */
  pairInUse: 'KD201',
  /** A saved plan file cannot be used (malformed, unknown version, modified). */
  badPlanFile: 'KD204',
  /** Changes wait on each other in a cycle (e.g. two connections swapping consumer groups). */
  dependencyCycle: 'KD205',
  /** `--validate-remote`: the service's validation could not be asked about a change (warning). */
  validationNotAsked: 'KD206',
  /** `--validate-remote`: the service's validation refuses a change. */
  serviceRefuses: 'KD207',
} as const;
