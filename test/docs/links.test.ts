/**
 * The documentation holds together: the README stays a front door (short, a title first, a link
 * to every reference page), and every relative link in the README, docs/ and the project files
 * beside the README reaches a file that exists and, with a `#anchor`, a heading of that file
 * (GitHub's slugs).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bin.js';
import { type MarkdownLink, headingSlugs, markdownLinks, slug } from './markdown.js';

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const DOCS = readdirSync(path.join(REPO_ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/${f}`);
const CHECKED = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'SECURITY.md', ...DOCS, 'examples/manifests-repo/README.md', 'examples/environments/README.md'];

/** What is wrong with one link of `file`, or undefined when it resolves. */
function broken(file: string, link: MarkdownLink): string | undefined {
  const [target = '', anchor] = link.target.split('#', 2);
  const resolved = target === '' ? path.join(REPO_ROOT, file) : path.resolve(REPO_ROOT, path.dirname(file), decodeURI(target));
  const where = `${file}:${link.line}: [${link.label}](${link.target})`;
  if (!resolved.startsWith(REPO_ROOT)) return `${where}: leads outside the repository`;
  if (!existsSync(resolved)) return `${where}: no such file`;
  if (anchor === undefined) return undefined;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return `${where}: an anchor into a file that is not markdown`;
  return headingSlugs(readFileSync(resolved, 'utf8')).has(anchor) ? undefined : `${where}: no heading has the slug #${anchor}`;
}

describe('README.md', () => {
  const readme = read('README.md');

  it('is a front door: at most 250 lines, opening with its title', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    expect(readme.startsWith('# ')).toBe(true);
  });

  it('links every reference page under docs/', () => {
    const targets = new Set(markdownLinks(readme).map((l) => l.target.split('#')[0]));
    expect(DOCS.filter((d) => !targets.has(d))).toEqual([]);
    expect(DOCS.length).toBeGreaterThanOrEqual(11);
  });
});

describe('relative links', () => {
  it.each(CHECKED)('%s: every relative link reaches a file, and its #anchor a heading', (file) => {
    const links = markdownLinks(read(file)).filter((l) => !/^[a-z][a-z+.-]*:/i.test(l.target));
    expect(links.map((l) => broken(file, l)).filter((p) => p !== undefined)).toEqual([]);
  });
});

describe('the link checker', () => {
  it('makes the slugs GitHub makes', () => {
    expect(slug('`kustodian validate`')).toBe('kustodian-validate');
    expect(slug('Variables: `--var`, `--var-file`, and `kustodian render`')).toBe('variables---var---var-file-and-kustodian-render');
    expect(slug('Environment variables: `${VAR}`')).toBe('environment-variables-var');
    expect(slug('Adopting existing connections: [`kustodian export`](export.md)')).toBe('adopting-existing-connections-kustodian-export');
    expect([...headingSlugs('# A\n## Same\n```\n# not a heading\n```\n## Same\n')]).toEqual(['a', 'same', 'same-1']);
  });

  it('finds a missing file, a missing anchor and a link out of the repository (it can fail)', () => {
    const at = (target: string): MarkdownLink => ({ label: 'x', target, line: 1 });
    expect(broken('README.md', at('docs/no-such-page.md'))).toMatch(/no such file/);
    expect(broken('README.md', at('docs/commands.md#no-such-heading'))).toMatch(/no heading has the slug #no-such-heading/);
    expect(broken('docs/commands.md', at('../../elsewhere.md'))).toMatch(/outside the repository/);
    expect(broken('docs/commands.md', at('#kustodian-plan'))).toBeUndefined();
    expect(broken('docs/commands.md', at('manifests.md#variables---var---var-file-and-kustodian-render'))).toBeUndefined();
  });
});
