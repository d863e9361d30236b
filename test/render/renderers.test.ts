import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/json.js';
import { MARKDOWN_MARKER, renderPlanMarkdown } from '../../src/render/markdown/markdown.js';
import { ANSI, PLAIN } from '../../src/render/style.js';
import { renderPlanText } from '../../src/render/text.js';
import { expectGolden } from '../support/golden.js';
import { allActionsPlan, manyCreatesPlan, noChangesPlan, prerequisitesPlan } from './fixtures.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const CASES = { 'all-actions': allActionsPlan, 'no-changes': noChangesPlan, prerequisites: prerequisitesPlan } as const;

describe('plan renderers (golden files)', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`${name}: text`, () => expectGolden(renderPlanText(make(), PLAIN), join(GOLDEN, name, 'plan.txt')));
    it(`${name}: markdown`, () => expectGolden(renderPlanMarkdown(make()), join(GOLDEN, name, 'plan.md')));
    it(`${name}: json`, () => expectGolden(renderPlanJson(make()), join(GOLDEN, name, 'plan.json')));
  }
});

describe('text renderer', () => {
  it('colours only when given the ANSI style', () => {
    expect(renderPlanText(allActionsPlan(), PLAIN)).not.toMatch(/\u001b\[/);
    expect(renderPlanText(allActionsPlan(), ANSI)).toMatch(/\u001b\[32m/);
  });

  it('ends with the summary line', () => {
    expect(renderPlanText(allActionsPlan(), PLAIN).trimEnd().split('\n').pop()).toBe('Plan: 1 to create, 1 to update, 2 to replace, 1 to delete.');
    expect(renderPlanText(noChangesPlan(), PLAIN).trimEnd()).toBe('No changes. The live data connections match the manifests.');
  });
});

describe('markdown renderer', () => {
  it('puts the marker first, the summary outside <details>, destructive changes first', () => {
    const md = renderPlanMarkdown(allActionsPlan());
    expect(md.startsWith(`${MARKDOWN_MARKER}\n`)).toBe(true);
    expect(md.indexOf('**Plan:')).toBeLessThan(md.indexOf('<details>'));
    const order = ['will be deleted', 'must be replaced', 'will be created', 'will be updated'].map((v) => md.indexOf(v));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows prerequisite failures, and checks that could not run, above the fold with their fixes', () => {
    const md = renderPlanMarkdown(prerequisitesPlan());
    const fold = md.indexOf('<details>');
    expect(md.indexOf('> [!CAUTION]\n> **prerequisites: 1 passed, 1 failed, 1 could not be checked**')).toBeGreaterThan(0);
    expect(md.indexOf('[FAIL] KD704')).toBeLessThan(fold);
    expect(md.indexOf('[could not check] KD713')).toBeLessThan(fold);
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('[pass]');
  });

  it('keys the marker so several plans keep separate comments', () => {
    expect(renderPlanMarkdown(noChangesPlan(), { key: 'prod' })).toMatch(/^<!-- kustodian:plan:prod -->/);
  });

  it('stays under the size limit and says what it left out', () => {
    const plan = manyCreatesPlan(2000);
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(65_535);
    expect(md).toMatch(/Truncated: \d+ of 2000 changes not shown/);
    expect(md).toContain('</details>');
    const small = renderPlanMarkdown(plan, { limit: 5000 });
    expect(small.length).toBeLessThanOrEqual(5000);
  });
});
