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
} as const;

export type AnnotationKey = (typeof ANNOTATIONS)[keyof typeof ANNOTATIONS];

export const REPLACE_STRATEGIES = ['gap-free', 'default'] as const;
export type ReplaceStrategy = (typeof REPLACE_STRATEGIES)[number];

/** The values each known annotation accepts, and one line for the manifest reference. */
export const ANNOTATION_SPECS: Readonly<
  Record<AnnotationKey, { readonly values: readonly string[]; readonly description: string }>
> = {
  [ANNOTATIONS.protect]: {
    values: ['true', 'false'],
    description: 'Never delete or replace this connection (whatever the plan says).',
  },
  [ANNOTATIONS.allowReplace]: {
    values: ['true', 'false'],
    description: 'Allow a change that can only be made by deleting and re-creating the connection.',
  },
  [ANNOTATIONS.replaceStrategy]: {
    values: REPLACE_STRATEGIES,
    description:
      'gap-free: create the new connection with a retrievalStartDate reaching back over the gap; default: delete then create.',
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
