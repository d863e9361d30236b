/**
 * Foreign text reaches every renderer inert. Every string of a real plan (names, addresses,
 * values, property names, notes, reasons, the service's answers), of its drift report and of an
 * apply's events and results is replaced by hostile text: terminal escapes (CSI, OSC, BEL), line
 * breaks that would forge a line or a CI workflow command, bidirectional controls, C1 controls,
 * line separators, an @-mention, and markup that would close a comment, a code span or a table
 * cell. Each renderer's output then holds no unsafe character, exactly as many lines as for
 * plain text, and (in markdown) no live mention and no markup the foreign text opened or closed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import type { ApplyEvent, ApplyResult } from '../../src/apply/events.js';
import { driftReport } from '../../src/drift/report.js';
import type { Plan } from '../../src/plan/model.js';
import { formatEventLine, renderApplyResult } from '../../src/render/apply-output.js';
import { renderDriftJunit, renderDriftMarkdown, renderDriftText } from '../../src/render/drift.js';
import { renderPlanMarkdown } from '../../src/render/markdown/markdown.js';
import { PLAIN } from '../../src/render/style.js';
import { renderPlanText } from '../../src/render/text.js';
import { allActionsPlan } from './fixtures.js';

const HOSTILE = 'x\u202e\u2066\u001b]0;pwned\u0007\u001b[2J\u009b31m\u2028\r\n::error::forged @someone --> ` | </details> <b>';
/** What printable escapes, but the line feed: the renderers' own line breaks. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Fields whose values are the model's own words (enums, times), not foreign text. */
const OWN = new Set(['action', 'kind', 'status', 'severity', 'code', 'type', 'step', 'createdAt', 'at', 'strategy', 'formatVersion', 'liveFingerprint', 'replacePaths']);

/** `value` with every foreign string (and every property name) made hostile. */
function hostile<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (OWN.has(key) ? value : `${value}${HOSTILE}`) as T;
  if (Array.isArray(value)) return value.map((v) => hostile(v, key)) as T;
  if (typeof value === 'object' && value !== null) {
    const renamed = key === 'properties';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [renamed ? `${k}${HOSTILE}` : k, hostile(v, k)])) as T;
  }
  return value;
}

/** Markdown without its code spans and fenced blocks (a backtick escaped with `\` opens none). */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

const plan = allActionsPlan();
const evil: Plan = hostile(plan);
const report = driftReport(plan);
const evilReport = hostile(report);
const failure = { kind: 'forbidden' as const, status: 403, code: 'BadRequest', message: 'the service said no', requiredAction: 'Microsoft.Kusto/write' };
const events: ApplyEvent[] = [
  { type: 'started', at: '2026-11-30T12:00:00Z', address: 'a/b/c/d/e', action: 'create', step: 'create' },
  { type: 'failed', at: '2026-11-30T12:00:01Z', address: 'a/b/c/d/e', action: 'create', step: 'create', error: failure },
  { type: 'skipped', at: '2026-11-30T12:00:02Z', address: 'a/b/c/d/f', action: 'update', reason: { kind: 'dependency-failed', dependency: 'a/b/c/d/e' } },
];
const result: ApplyResult = {
  results: [
    { address: 'a/b/c/d/e', action: 'create', outcome: { status: 'failed', step: 'create', error: failure } },
    { address: 'a/b/c/d/f', action: 'update', outcome: { status: 'skipped', reason: { kind: 'dependency-failed', dependency: 'a/b/c/d/e' } } },
  ],
  succeeded: 0,
  failed: 1,
  skipped: 1,
  interrupted: 0,
};

const RENDERERS: readonly [string, () => string, () => string][] = [
  ['plan text', () => renderPlanText(plan, PLAIN), () => renderPlanText(evil, PLAIN)],
  ['plan markdown', () => renderPlanMarkdown(plan, { key: 'prod' }), () => renderPlanMarkdown(evil, { key: 'prod' })],
  ['drift text', () => renderDriftText(report, PLAIN), () => renderDriftText(evilReport, PLAIN)],
  ['drift markdown', () => renderDriftMarkdown(report), () => renderDriftMarkdown(evilReport)],
  ['drift junit', () => renderDriftJunit(report), () => renderDriftJunit(evilReport)],
  ['apply events', () => events.map((e) => formatEventLine(e, PLAIN)).join('\n'), () => hostile(events).map((e) => formatEventLine(e, PLAIN)).join('\n')],
  ['apply result', () => renderApplyResult(result, PLAIN), () => renderApplyResult(hostile(result), PLAIN)],
];

describe('hostile text in every renderer', () => {
  it('the hostile copies really carry the text (or this test proves nothing)', () => {
    expect(JSON.stringify(evil)).toContain('::error::forged');
    expect(JSON.stringify(evilReport)).toContain('@someone');
  });

  it.each(RENDERERS)('%s: no unsafe character, no extra line', (_, plain, hostileOutput) => {
    const out = hostileOutput();
    expect(out).toContain('pwned'); // the text is shown, escaped
    expect(out.match(UNSAFE)?.[0]).toBeUndefined();
    expect(lineCount(out)).toBe(lineCount(plain()));
    expect(out).not.toMatch(/^\s*::error::/m);
  });

  it.each(RENDERERS.filter(([name]) => name.endsWith('markdown')))('%s: no live mention, no markup opened or closed by the foreign text', (_, plain, hostileOutput) => {
    const out = hostileOutput();
    const before = plain();
    // GitHub finds no mention inside a code span; everywhere else the `@` must be broken.
    const outsideCode = withoutCode(out);
    expect(outsideCode.match(/.{0,40}@someone.{0,10}/)?.[0]).toBeUndefined();
    const beforeOutsideCode = withoutCode(before);
    for (const markup of ['-->', '<!--', '</details>', '<b>']) expect(outsideCode.split(markup).length, markup).toBe(beforeOutsideCode.split(markup).length);
    // Table rows keep their cell count: a `|` in foreign text is escaped.
    const cells = (text: string): number[] => text.split('\n').filter((l) => l.startsWith('|')).map((l) => l.split(/(?<!\\)\|/).length);
    expect(cells(out)).toEqual(cells(before));
  });

  it('drift junit: still valid against the JUnit schema', async () => {
    const xsd = readFileSync(join(import.meta.dirname, '../drift/junit.xsd'), 'utf8');
    const validated = await validateXML({ xml: [{ fileName: 'drift.xml', contents: renderDriftJunit(evilReport) }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
    expect(validated.errors).toEqual([]);
  });
});
