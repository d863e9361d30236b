/** The human plan, in Terraform's shape: `+` create, `~` update, `-/+` replace, `-` delete. */
import { formatDiagnostic } from '../core/diagnostics.js';
import type { Plan } from '../plan/model.js';
import { type Line, type Sign, changeLines, summaryLine } from './plan-lines.js';
import type { Style } from './style.js';
import { printable } from '../core/printable.js';
import { readinessWords } from './readiness.js';
import { checkedConnections, checkLines, prerequisiteSummary } from './prerequisites.js';

function paint(style: Style, sign: Sign): (s: string) => string {
  switch (sign) {
    case '+':
      return style.green;
    case '~':
      return style.yellow;
    case '-':
      return style.red;
    case '-/+':
      return style.magenta;
    case ' ':
      return (s) => s;
  }
}

function textLine(style: Style, line: Line): string {
  if (line.comment) return `  ${style.dim(line.text)}`;
  const sign = paint(style, line.sign)(line.sign.padStart(3));
  return line.nested ? `    ${sign} ${line.text}` : `${sign} ${style.bold(line.text)}`;
}

/**
 * The text plan as consecutive pieces of whole lines (the header, one change at a time, then
 * the closing sections), so a caller can write a plan of 50,000 changes as it goes instead of
 * holding it as one string; joined, they are `renderPlanText`.
 */
export function* planTextPieces(plan: Plan, style: Style): Generator<string> {
  if (plan.changes.length > 0) {
    yield 'kustodian will perform the following actions:\n\n';
    for (const change of plan.changes) {
      let piece = '';
      for (const line of changeLines(change)) piece += `${textLine(style, line)}\n`;
      yield `${piece}\n`;
    }
  }
  const out: string[] = [];
  if (plan.inProgress.length > 0) {
    out.push('In progress on the service (not touched):');
    for (const r of plan.inProgress) out.push(`  ${style.yellow('…')} ${printable(`${r.address} (${r.kind}): ${r.note}`)}`);
    out.push('');
  }
  if (plan.unmanaged.length > 0) {
    out.push('Unmanaged (live, not declared, left alone):');
    for (const r of plan.unmanaged) out.push(`  ${style.dim('?')} ${printable(`${r.address} (${r.kind}): ${r.note}`)}`);
    out.push('');
  }
  const readiness = readinessWords(plan);
  if (readiness !== undefined && readiness.refusals.length > 0) {
    out.push(style.red(`Apply will refuse this plan (made with ${readiness.optIns.join(', ')}):`));
    for (const r of readiness.refusals) out.push(`  ${style.red('!')} ${printable(r)}`);
    out.push('');
  }
  if (plan.prerequisites !== undefined) {
    out.push('Prerequisites (--check-prerequisites):');
    for (const c of checkedConnections(plan.prerequisites)) {
      out.push(`  ${printable(c.address)}`);
      for (const check of c.checks) {
        const { line, hint } = checkLines(check);
        const paintCheck = check.status === 'pass' ? style.green : check.status === 'fail' ? style.red : style.yellow;
        out.push(`    ${paintCheck(line)}`);
        if (hint !== undefined) out.push(`      ${style.dim(`fix: ${hint}`)}`);
      }
    }
    out.push(style.bold(prerequisiteSummary(plan.prerequisites)), '');
  }
  for (const w of plan.warnings) out.push(style.yellow(formatDiagnostic(w)));
  if (plan.partial) out.push(style.yellow('Warning: this plan covers only the selected connections (--target/--exclude/--shard).'));
  if (plan.warnings.length > 0 || plan.partial) out.push('');
  out.push(style.bold(summaryLine(plan.summary)));
  yield `${out.join('\n')}\n`;
}

export function renderPlanText(plan: Plan, style: Style): string {
  let text = '';
  for (const piece of planTextPieces(plan, style)) text += piece;
  return text;
}
