/**
 * Just enough markdown for the link test: the inline links of a text (outside fenced code and
 * code spans) and the anchors GitHub gives its headings.
 */

export interface MarkdownLink {
  readonly label: string;
  readonly target: string;
  /** 1-based. */
  readonly line: number;
}

/** The lines of `text` outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (open !== undefined && (fence === undefined || open.startsWith(fence))) {
      fence = fence === undefined ? open : undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text: line });
  });
  return out;
}

/** `[label](target)` and `![alt](target)` links, code spans left out (their text is not markup). */
export function markdownLinks(text: string): MarkdownLink[] {
  return proseLines(text).flatMap(({ line, text: prose }) =>
    [...prose.replace(/`+[^`]*`+/g, 'code').matchAll(/\[([^\]]*)\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)].map((m) => ({ label: m[1] ?? '', target: m[2] ?? '', line })),
  );
}

/** GitHub's anchor of a heading's text: its rendered words, lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '')
    .replace(/(\*\*|\*)/g, '');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of every ATX heading of `text`; a repeated slug gets `-1`, `-2`, ... as on GitHub. */
export function headingSlugs(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m === null) continue;
    const base = slug(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}
