/**
 * Name globs, as `ManagedDatabase` `ignore` and `protect` lists use them: `*` matches any run of
 * characters, `?` exactly one, everything else itself. Matching ignores letter case, as Azure
 * does for connection names. Names hold no `/`, so there are no path semantics to get wrong.
 */

/** A glob: the characters of a connection name plus `*` and `?`, at most 100 long. */
export const NAME_GLOB_PATTERN = '^[A-Za-z0-9 .*?-]{1,100}$';

export function isValidNameGlob(glob: string): boolean {
  return new RegExp(NAME_GLOB_PATTERN, 'u').test(glob);
}

export function nameGlobToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    // Escape the regex syntax characters (the `u` flag refuses escapes of anything else).
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'isu');
}

export function matchesNameGlob(glob: string, name: string): boolean {
  return nameGlobToRegExp(glob).test(name);
}

/** The first glob of `globs` that matches `name`, or undefined. */
export function firstMatchingGlob(globs: readonly string[], name: string): string | undefined {
  return globs.find((g) => matchesNameGlob(g, name));
}
