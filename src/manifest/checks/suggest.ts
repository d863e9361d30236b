/**
 * "Did you mean": the candidate nearest to what was written, by edit distance (letter case
 * ignored, adjacent swaps count once), or one that starts with it or that it starts with
 * (`consumerGroupName` → `consumerGroup`). Nothing when no candidate is near enough.
 */

/** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row !== undefined) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Inputs longer than this are not compared (nobody mistypes a 200-character field name). */
const MAX_COMPARED = 100;

export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > MAX_COMPARED) return undefined;
  const lower = input.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === lower) return candidate;
    const distance = editDistance(lower, c);
    const limit = Math.max(1, Math.floor(Math.max(lower.length, c.length) / 3));
    const prefix = Math.min(lower.length, c.length) >= 4 && (c.startsWith(lower) || lower.startsWith(c));
    if (distance > limit && !prefix) continue;
    // A prefix match ranks by how much was added or left off; an edit by its distance.
    const score = prefix ? Math.min(distance, Math.abs(lower.length - c.length)) : distance;
    if (best === undefined || score < best.score) best = { candidate, score };
  }
  return best?.candidate;
}
