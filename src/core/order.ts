/** Stable orders for output that must be the same on every run and every machine. */

/** Code-unit order (not the locale's): the same everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
