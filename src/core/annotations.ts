/** The `kustodian.io/*` annotations a connection manifest may carry. */
export const ANNOTATIONS = {
  /** `"true"`: never deleted or replaced by kustodian. */
  protect: 'kustodian.io/protect',
  /** `"true"`: this connection may be replaced without `--allow-replace`. */
  allowReplace: 'kustodian.io/allow-replace',
  /** `gap-free` or `default`: how a replacement re-creates the connection. */
  replaceStrategy: 'kustodian.io/replace-strategy',
} as const;

export function annotationIsTrue(annotations: Readonly<Record<string, string>>, key: string): boolean {
  return annotations[key]?.toLowerCase() === 'true';
}
