/**
 * The prerequisite checks of a plan, as lines: per connection, each check with its status, code,
 * subject, and — when it did not pass — why and what to do. Text and markdown both use these.
 */
import { printable } from '../core/printable.js';
import { type ConnectionPrerequisites, type PrerequisiteCheck, prerequisiteCounts, type PrerequisiteStatus } from '../plan/prerequisites.js';

const MARK: Readonly<Record<PrerequisiteStatus, string>> = { pass: 'pass', fail: 'FAIL', 'could-not-check': 'could not check' };

/** `3 passed, 1 failed, 1 could not be checked`. */
export function prerequisiteSummary(all: readonly ConnectionPrerequisites[]): string {
  const n = prerequisiteCounts(all);
  return `prerequisites: ${n.pass} passed, ${n.fail} failed, ${n['could-not-check']} could not be checked`;
}

/** One check as one line (`[FAIL] KD701 table 'T' in database 'd': the table does not exist`), and its hint. */
export function checkLines(check: PrerequisiteCheck): { readonly line: string; readonly hint?: string } {
  const line = printable(`[${MARK[check.status]}] ${check.code} ${check.subject}${check.message !== undefined ? `: ${check.message}` : ''}`);
  return check.hint !== undefined ? { line, hint: printable(check.hint) } : { line };
}

/** The connections with at least one check, in plan order. */
export function checkedConnections(all: readonly ConnectionPrerequisites[]): readonly ConnectionPrerequisites[] {
  return all.filter((c) => c.checks.length > 0);
}
