/**
 * Name globs for connection names (`legacy-*`, `tmp-?`): `*` any run of characters, `?` one
 * character, everything else literal. Matched case-insensitively, as Azure compares names.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

export function matchesAnyGlob(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(name));
}
