/**
 * Apply-readiness, decided when the plan is made: the opt-ins a plan was made with (what
 * `apply --plan` honours, exactly) and what apply would refuse with them. The types and the
 * default deletion budget; the rules are in safety.ts.
 */

export interface SafetyOptions {
  /** `--allow-replace`: replacements may run without a per-manifest opt-in. */
  readonly allowReplace: boolean;
  /** `--allow-delete`: deletions may run. */
  readonly allowDelete: boolean;
  /** `--max-deletes`: more deletions than this refuse the whole apply. */
  readonly maxDeletes: number;
  /** `--allow-empty-database`: a prune may delete every connection of a database. */
  readonly allowEmptyDatabase: boolean;
}

export const DEFAULT_MAX_DELETES = 10;

/** The changes a refusal holds back: one for the per-change rules, several for the budgets. */
interface Holds {
  readonly addresses: readonly string[];
}

export type Refusal = Holds &
  (
    | { readonly rule: 'protected'; readonly address: string; readonly action: 'replace' | 'delete' }
    | { readonly rule: 'replace-not-allowed'; readonly address: string }
    | { readonly rule: 'delete-not-allowed'; readonly address: string }
    | { readonly rule: 'too-many-deletes'; readonly count: number; readonly max: number }
    | { readonly rule: 'empties-database'; readonly database: string; readonly count: number }
    /** `--validate-remote`: the service's dataConnectionValidation refused the change. */
    | { readonly rule: 'service-refuses'; readonly address: string; readonly messages: readonly string[] }
    /** Held back because a change it waits for is refused (reconcile --skip-refused). */
    | { readonly rule: 'depends-on-refused'; readonly address: string; readonly dependency: string }
  );

export type RefusalRule = Refusal['rule'];

/** What a plan records about its own apply. */
export interface ApplyReadiness {
  readonly optIns: SafetyOptions;
  readonly refusals: readonly Refusal[];
}
