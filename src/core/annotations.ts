/**
 * The `kustodian.io/*` annotations a data-connection manifest may carry, their accepted values,
 * and readers for the planner. Other annotation keys are the user's own and mean nothing here.
 */

export const ANNOTATION_PREFIX = 'kustodian.io/';

export const ANNOTATIONS = {
  /** `"true"`: never delete or replace this connection. */
  protect: 'kustodian.io/protect',
  /** `"true"`: this manifest opts in to replacing the connection when a change requires it. */
  allowReplace: 'kustodian.io/allow-replace',
  /** How a replacement is carried out: `gap-free` or `default`. */
  replaceStrategy: 'kustodian.io/replace-strategy',
  /** Properties whose live value is accepted whatever it is (Terraform's ignore_changes). */
  ignoreFields: 'kustodian.io/ignore-fields',
} as const;

export type AnnotationKey = (typeof ANNOTATIONS)[keyof typeof ANNOTATIONS];

export const REPLACE_STRATEGIES = ['gap-free', 'default'] as const;
export type ReplaceStrategy = (typeof REPLACE_STRATEGIES)[number];

/** What an annotation's value may be: one of a few words, or a list of the kind's property names. */
export type AnnotationValues =
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'field-list' };

export interface AnnotationSpec {
  readonly accepts: AnnotationValues;
  /** One line for the manifest reference. */
  readonly description: string;
}

export const ANNOTATION_SPECS: Readonly<Record<AnnotationKey, AnnotationSpec>> = {
  [ANNOTATIONS.protect]: {
    accepts: { type: 'enum', values: ['true', 'false'] },
    description: 'Never delete or replace this connection (whatever the plan says).',
  },
  [ANNOTATIONS.allowReplace]: {
    accepts: { type: 'enum', values: ['true', 'false'] },
    description: 'Allow a change that can only be made by deleting and re-creating the connection.',
  },
  [ANNOTATIONS.replaceStrategy]: {
    accepts: { type: 'enum', values: REPLACE_STRATEGIES },
    description:
      'gap-free: create the new connection with a retrievalStartDate reaching back over the gap; default: delete then create.',
  },
  [ANNOTATIONS.ignoreFields]: {
    accepts: { type: 'field-list' },
    description:
      'Accepted drift: plan, apply, drift and reconcile neither report nor change these spec fields; an update keeps their live values (a create still sends the declared ones).',
  },
};

export const KNOWN_ANNOTATIONS = Object.keys(ANNOTATION_SPECS) as readonly AnnotationKey[];

type Annotations = Readonly<Record<string, string>>;

export function isProtected(annotations: Annotations): boolean {
  return annotations[ANNOTATIONS.protect] === 'true';
}

export function allowsReplace(annotations: Annotations): boolean {
  return annotations[ANNOTATIONS.allowReplace] === 'true';
}

export function replaceStrategy(annotations: Annotations): ReplaceStrategy {
  return annotations[ANNOTATIONS.replaceStrategy] === 'gap-free' ? 'gap-free' : 'default';
}

/** The items of a comma-separated list, trimmed (empty items kept, so a checker can see them). */
export function splitFieldList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/** The property names `kustodian.io/ignore-fields` lists (none without the annotation). */
export function ignoredFields(annotations: Annotations): ReadonlySet<string> {
  const value = annotations[ANNOTATIONS.ignoreFields];
  return new Set(value === undefined ? [] : splitFieldList(value).filter((item) => item.length > 0));
}
