/**
 * The figures of the reliability suites (cases run, faults survived, kills survived, ...).
 * `npm run reliability` sets KUSTODIAN_FIGURES to a file; each suite appends one JSON line per
 * record, and scripts/reliability.mjs adds them up into docs/reliability.md. Without the
 * variable (a plain `npm test`) nothing is written.
 */
import { appendFileSync } from 'node:fs';

export type FigureName = 'cases' | 'faultsInjected' | 'killsSurvived' | 'corpusCases' | 'fuzzRequests' | 'connectionsChecked' | 'lost' | 'duplicated';

export function recordFigures(suite: string, figures: Partial<Record<FigureName, number>>): void {
  const file = process.env['KUSTODIAN_FIGURES'];
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify({ suite, ...figures })}\n`);
}

/** How hard the heavy suites run: `npm run reliability` sets KUSTODIAN_RELIABILITY=full. */
export function fullRun(): boolean {
  return process.env['KUSTODIAN_RELIABILITY'] === 'full';
}
