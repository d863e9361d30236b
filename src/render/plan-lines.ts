/**
 * The lines of a plan, before styling: the text and markdown renderers both draw from here, so
 * they can only differ in presentation. Every line holds foreign text (names and values from the
 * live state, the service's answers), so each is made printable here, once for both.
 */
import { assertNever } from '../core/assert-never.js';
import type { Change, ConnectionBody, FieldChange, Plan, PlanSummary } from '../plan/model.js';
import { formatValue } from './values.js';
import { printable } from '../core/printable.js';

export type Sign = '+' | '~' | '-' | '-/+' | ' ';

export interface Line {
  /** The marker shown at the start of the line. */
  readonly sign: Sign;
  readonly text: string;
  /** Comment lines (`# ...`) explain; they carry no sign of their own. */
  readonly comment?: boolean;
  /** Field lines sit under their connection's line. */
  readonly nested?: boolean;
}

export const SIGN_OF: Readonly<Record<Change['action'], Sign>> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
};

const VERB: Readonly<Record<Change['action'], string>> = {
  create: 'will be created',
  update: 'will be updated in place',
  replace: 'must be replaced',
  delete: 'will be deleted',
};

/** The kind and name line: `IotHub storm-events-iothub`. */
function title(change: Change): string {
  const kind = change.action === 'delete' ? change.before.kind : change.after.kind;
  return `${kind} ${change.target.name}`;
}

function bodyLines(body: ConnectionBody, sign: '+' | '-'): Line[] {
  const entries: Array<[string, string]> = [
    ['location', formatValue(body.location)],
    ...Object.entries(body.properties).map(([k, v]): [string, string] => [k, formatValue(v)]),
  ];
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => ({ sign, nested: true, text: `${k.padEnd(width)} = ${v}` }));
}

function fieldLines(changes: readonly FieldChange[]): Line[] {
  const width = Math.max(0, ...changes.map((c) => c.path.length));
  return changes.map((c) => {
    const sign: Sign = c.before === undefined ? '+' : c.after === undefined ? '-' : '~';
    const forces = c.forcesReplacement ? ' # forces replacement' : '';
    return { sign, nested: true, text: `${c.path.padEnd(width)} = ${formatValue(c.before)} -> ${formatValue(c.after)}${forces}` };
  });
}

export function changeLines(change: Change): Line[] {
  return rawChangeLines(change).map((line) => ({ ...line, text: printable(line.text) }));
}

function rawChangeLines(change: Change): Line[] {
  const head: Line[] = [{ sign: ' ', comment: true, text: `# ${change.address} ${VERB[change.action]}` }];
  head.push({ sign: ' ', comment: true, text: `# (${change.reason})` });
  if (change.protected && (change.action === 'replace' || change.action === 'delete')) {
    head.push({ sign: ' ', comment: true, text: '# (protected: apply refuses to carry this out)' });
  }
  for (const dep of change.dependsOn) head.push({ sign: ' ', comment: true, text: `# (waits for ${dep})` });
  for (const answer of change.remoteValidation ?? []) {
    head.push({ sign: ' ', comment: true, text: `# (service validation: ${answer})` });
  }
  const top: Line = { sign: SIGN_OF[change.action], text: title(change) };
  switch (change.action) {
    case 'create':
      return [...head, top, ...bodyLines(change.after, '+')];
    case 'update':
      return [...head, top, ...fieldLines(change.fieldChanges)];
    case 'replace':
      return [...head, top, ...fieldLines(change.fieldChanges)];
    case 'delete':
      return [...head, top, ...bodyLines(change.before, '-')];
    default:
      return assertNever(change, 'change');
  }
}

export function summaryLine(summary: PlanSummary): string {
  const total = summary.create + summary.update + summary.replace + summary.delete;
  if (total === 0) return 'No changes. The live data connections match the manifests.';
  return `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.replace} to replace, ${summary.delete} to delete.`;
}

/** Changes with destructive ones (delete, replace) first, then creates and updates; stable within. */
export function destructiveFirst(plan: Plan): Change[] {
  const rank: Record<Change['action'], number> = { delete: 0, replace: 1, create: 2, update: 3 };
  return [...plan.changes].sort((a, b) => rank[a.action] - rank[b.action]);
}
