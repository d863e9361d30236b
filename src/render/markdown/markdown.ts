/**
 * The plan as a pull-request comment or `$GITHUB_STEP_SUMMARY`: a stable marker (so a workflow
 * edits its previous comment instead of adding one), the summary outside a collapsible block,
 * destructive changes first, and the whole kept under GitHub's comment size limit.
 */
import type { Plan } from '../../plan/model.js';
import { changeLines, destructiveFirst, summaryLine, type Line } from '../plan-lines.js';
import { mdCode, mdText } from './markdown-text.js';
import { readinessWords } from '../readiness.js';
import { prerequisiteProblems } from '../../plan/prerequisites.js';
import { checkLines, prerequisiteSummary } from '../prerequisites.js';

/** The marker a workflow searches for to find its previous comment. */
export const MARKDOWN_MARKER = '<!-- kustodian:plan -->';
/** GitHub refuses comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_535;

function diffLine(line: Line): string {
  if (line.comment) return `  ${line.text}`;
  // `diff` highlighting colours + and - lines; `!` marks in-place changes.
  const sign = line.sign === '~' || line.sign === '-/+' ? '!' : line.sign;
  return `${sign}${line.nested ? '     ' : ' '}${line.text}`;
}

export interface MarkdownOptions {
  /** Added to the marker so several plans (shards, environments) each keep their own comment. */
  readonly key?: string;
  readonly limit?: number;
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const marker = options.key ? `<!-- kustodian:plan:${options.key} -->` : MARKDOWN_MARKER;
  const head: string[] = [marker, `### kustodian plan${options.key ? `: ${options.key}` : ''}`, '', `**${summaryLine(plan.summary)}**`, ''];
  const destructive = plan.changes.filter((c) => c.action === 'delete' || c.action === 'replace');
  if (destructive.length > 0) {
    head.push(`> [!WARNING]`, `> ${destructive.length} destructive change(s): ${destructive.map((c) => `${mdCode(c.target.name)} (${c.action})`).join(', ')}`, '');
  }
  const readiness = readinessWords(plan);
  if (readiness !== undefined && readiness.refusals.length > 0) {
    head.push('> [!CAUTION]', `> **Apply will refuse this plan** (made with ${readiness.optIns.map((f) => `\`${f}\``).join(', ')}):`, ...readiness.refusals.map((r) => `> - ${mdText(r)}`), '');
  } else if (readiness !== undefined && plan.changes.length > 0) {
    head.push(`Apply-ready: made with ${readiness.optIns.map((f) => `\`${f}\``).join(', ')}; applying this saved plan honours exactly these.`, '');
  }
  if (plan.prerequisites !== undefined) {
    // Above the fold: a reviewer sees what will not work without opening the plan.
    const problems = prerequisiteProblems(plan.prerequisites);
    const failing = problems.some((p) => p.check.status === 'fail');
    head.push(...(problems.length > 0 ? [failing ? '> [!CAUTION]' : '> [!WARNING]', `> **${mdText(prerequisiteSummary(plan.prerequisites))}**`] : [`${mdText(prerequisiteSummary(plan.prerequisites))}`]));
    for (const p of problems) {
      const { line, hint } = checkLines(p.check);
      head.push(`> - ${mdCode(p.address.split('/').pop() ?? p.address)} ${mdText(line)}${hint !== undefined ? `<br>Fix: ${mdText(hint)}` : ''}`);
    }
    head.push('');
  }
  if (plan.partial) head.push('> [!NOTE]', '> This plan covers only the selected connections.', '');
  const tail: string[] = [];
  if (plan.inProgress.length > 0) tail.push(`In progress on the service (not touched): ${plan.inProgress.map((r) => mdCode(r.target.name)).join(', ')}`, '');
  if (plan.unmanaged.length > 0) tail.push(`Unmanaged (live, not declared): ${plan.unmanaged.map((r) => mdCode(r.target.name)).join(', ')}`, '');
  if (plan.changes.length === 0) return `${[...head, ...tail].join('\n').trimEnd()}\n`;

  const open = ['<details><summary>Show plan</summary>', '', '```diff'];
  const close = ['```', '', '</details>', ''];
  const fixed = [...head, ...open, ...close, ...tail].join('\n').length + 200;
  const blocks = destructiveFirst(plan).map((c) => changeLines(c).map(diffLine).join('\n'));
  const body: string[] = [];
  let used = fixed;
  let shown = 0;
  for (const block of blocks) {
    if (used + block.length + 2 > limit) break;
    body.push(block, '');
    used += block.length + 2;
    shown += 1;
  }
  const note =
    shown < blocks.length
      ? [`_Truncated: ${blocks.length - shown} of ${blocks.length} changes not shown to stay under GitHub's ${limit}-character limit. The full plan is in the saved plan artifact or \`kustodian plan\` output._`, '']
      : [];
  return `${[...head, ...open, ...body, ...close, ...note, ...tail].join('\n').trimEnd()}\n`;
}
