/** The drift report as text, JSON, markdown (step summaries, issue bodies) and JUnit XML. */
import { assertNever } from '../core/assert-never.js';
import type { DriftEntry, DriftReport, DriftStatus } from '../drift/report.js';
import type { Style } from './style.js';
import { printable, printableLines } from '../core/printable.js';
import { mdCode, mdText } from './markdown/markdown-text.js';
import { formatValue } from './values.js';

export const DRIFT_MARKER = '<!-- kustodian:drift -->';

const LABEL: Readonly<Record<DriftStatus, string>> = {
  'in-sync': 'in sync',
  drifted: 'drifted',
  missing: 'missing',
  unmanaged: 'unmanaged',
  'in-progress': 'in progress',
  failed: 'failed',
};

const ORDER: readonly DriftStatus[] = ['failed', 'drifted', 'missing', 'unmanaged', 'in-progress', 'in-sync'];

export function driftSummaryLine(report: DriftReport): string {
  return `Drift: ${ORDER.map((s) => `${report.summary[s]} ${LABEL[s]}`).join(', ')}.`;
}

function fieldText(f: DriftEntry['fields'][number]): string {
  return `${printable(f.path)}: expected ${formatValue(f.expected)}, actual ${formatValue(f.actual)}`;
}

function paint(style: Style, status: DriftStatus): (s: string) => string {
  switch (status) {
    case 'in-sync':
      return style.green;
    case 'drifted':
    case 'missing':
      return style.yellow;
    case 'failed':
      return style.red;
    case 'unmanaged':
    case 'in-progress':
      return style.dim;
    default:
      return assertNever(status, 'drift status');
  }
}

function byStatus(report: DriftReport): DriftEntry[] {
  return [...report.entries].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
}

export function renderDriftText(report: DriftReport, style: Style): string {
  const out: string[] = [];
  for (const e of byStatus(report)) {
    out.push(`${paint(style, e.status)(LABEL[e.status].padEnd(11))} ${printable(`${e.address}${e.kind ? ` (${e.kind})` : ''}${e.note ? `: ${e.note}` : ''}`)}`);
    for (const f of e.fields) out.push(`${' '.repeat(14)}${fieldText(f)}`);
  }
  if (out.length > 0) out.push('');
  if (report.partial) out.push(style.yellow('Warning: this report covers only the selected connections.'));
  out.push(style.bold(driftSummaryLine(report)));
  return `${out.join('\n')}\n`;
}

export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderDriftMarkdown(report: DriftReport): string {
  const out = [DRIFT_MARKER, '### kustodian drift report', '', `**${driftSummaryLine(report)}**`, ''];
  out.push('| status | count |', '|---|---|');
  for (const s of ORDER) out.push(`| ${LABEL[s]} | ${report.summary[s]} |`);
  out.push('');
  const notable = byStatus(report).filter((e) => e.status !== 'in-sync');
  if (notable.length > 0) {
    out.push('| connection | status | details |', '|---|---|---|');
    for (const e of notable) {
      const details = [...(e.note ? [e.note] : []), ...e.fields.map(fieldText)].map(mdText).join('<br>');
      out.push(`| ${mdCode(e.target.name, true)} (${mdText(e.target.database)}) | ${LABEL[e.status]} | ${details} |`);
    }
    out.push('');
  }
  out.push(`_Generated ${report.createdAt}${report.partial ? ' for the selected connections only' : ''}._`);
  return `${out.join('\n')}\n`;
}

/**
 * Text as XML character data or an attribute value: made printable line by line (a control
 * character is shown escaped, not dropped unseen; the renderer's own line feeds stay), then
 * escaped. Foreign pieces are made printable whole before they are joined into lines.
 */
function xml(text: string): string {
  return printableLines(text)
    .replace(/[\ufffe\uffff]/g, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16)}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * JUnit XML: one test suite per database, one test case per connection. Drifted, missing,
 * failed and to-be-pruned connections are failures; in-progress and unmanaged ones that an
 * apply would leave alone are skipped; in-sync ones pass.
 */
export function renderDriftJunit(report: DriftReport): string {
  const suites = new Map<string, DriftEntry[]>();
  for (const e of report.entries) {
    const key = e.address.slice(0, e.address.length - e.target.name.length - 1);
    suites.set(key, [...(suites.get(key) ?? []), e]);
  }
  const failed = (e: DriftEntry): boolean => e.actionable;
  const skipped = (e: DriftEntry): boolean => !e.actionable && e.status !== 'in-sync';
  const total = report.entries.length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kustodian drift" tests="${total}" failures="${report.entries.filter(failed).length}" errors="0" skipped="${report.entries.filter(skipped).length}" time="0">`,
  ];
  let id = 0;
  for (const [suite, entries] of suites) {
    out.push(
      `  <testsuite name="${xml(printable(suite))}" id="${id++}" tests="${entries.length}" failures="${entries.filter(failed).length}" errors="0" skipped="${entries.filter(skipped).length}" time="0" timestamp="${xml(report.createdAt.replace(/\.\d+Z$/, ''))}" hostname="kustodian" package="kustodian">`,
    );
    for (const e of entries) {
      const open = `    <testcase classname="${xml(printable(suite))}" name="${xml(printable(e.target.name))}" time="0"`;
      const detail = [...(e.note ? [printable(e.note)] : []), ...e.fields.map(fieldText)].join('\n');
      if (failed(e)) {
        out.push(`${open}>`, `      <failure message="${xml(`${LABEL[e.status]}${e.fields.length ? `: ${e.fields.map((f) => printable(f.path)).join(', ')}` : ''}`)}" type="${e.status}">${xml(detail)}</failure>`, '    </testcase>');
      } else if (skipped(e)) {
        out.push(`${open}>`, `      <skipped message="${xml(`${LABEL[e.status]}: ${printable(e.note ?? '')}`)}"/>`, '    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
