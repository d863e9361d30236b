/**
 * Reason codes: every code is produced by some planner input (one row per code, and the rows
 * cover every code), each change and reported connection carries its code with the words for
 * it, and every code has a meaning in docs/plan-format.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesiredState, LiveDatabase } from '../../src/core/model.js';
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import {
  CHANGE_REASON_CODES,
  REASON_CODE_MEANINGS,
  REPORT_REASON_CODES,
  type ReasonCode,
  changeReasonText,
  reportReasonText,
} from '../../src/plan/reasons.js';
import { MINIMAL, desired, live, liveDb, managed, state } from '../support/builders.js';

/** Live as the service answers the declared IotHub: a no-op unless a row changes it. */
const IOT_LIVE = { ...MINIMAL.IotHub, databaseRouting: 'Single', eventSystemProperties: [] };
const EH_LIVE = { ...MINIMAL.EventHub, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] };

interface Row {
  readonly code: ReasonCode;
  /** The connection that gets the code. */
  readonly name: string;
  readonly desired: DesiredState;
  readonly live: LiveDatabase[];
  readonly text: RegExp;
}

const ROWS: readonly Row[] = [
  { code: 'create.missing', name: 'a', desired: state([desired('a', 'EventHub')]), live: [liveDb([])], text: /^declared, not live$/ },
  {
    code: 'update.fields-differ',
    name: 'a',
    desired: state([desired('a', 'IotHub')]),
    live: [liveDb([live('a', 'IotHub', { ...IOT_LIVE, dataFormat: 'JSON' })])],
    text: /^fields differ: dataFormat$/,
  },
  {
    code: 'update.repair',
    name: 'a',
    desired: state([desired('a', 'IotHub')]),
    live: [liveDb([live('a', 'IotHub', IOT_LIVE, { state: 'Failed' })])],
    text: /^provisioning Failed: the declared state is applied again$/,
  },
  {
    code: 'replace.immutable-field',
    name: 'a',
    desired: state([desired('a', 'IotHub')]),
    live: [liveDb([live('a', 'IotHub', { ...IOT_LIVE, consumerGroup: 'old' }, { state: 'Canceled' })])],
    text: /^consumerGroup cannot change in place \(provisioning Canceled\); events enqueued between the delete and the create are NOT ingested$/,
  },
  {
    code: 'replace.kind-changed',
    name: 'a',
    desired: state([desired('a', 'EventHub')]),
    live: [liveDb([live('a', 'CosmosDb', MINIMAL.CosmosDb)])],
    text: /^kind, .* cannot change in place; events enqueued/,
  },
  {
    code: 'delete.pruned',
    name: 'stray',
    desired: state([], [managed({ prune: true })]),
    live: [liveDb([live('stray', 'EventHub', EH_LIVE)])],
    text: /^not declared, and its ManagedDatabase prunes undeclared connections$/,
  },
  {
    code: 'in-progress.running',
    name: 'a',
    desired: state([desired('a', 'IotHub')]),
    live: [liveDb([live('a', 'IotHub', IOT_LIVE, { state: 'Updating' })])],
    text: /^an operation is still running \(provisioningState Updating\); not touched$/,
  },
  {
    code: 'in-progress.undeclared-running',
    name: 'stray',
    desired: state([], [managed({ prune: true })]),
    live: [liveDb([live('stray', 'EventHub', EH_LIVE, { state: 'Deleting' })])],
    text: /^not declared; an operation is still running \(provisioningState Deleting\)$/,
  },
  {
    code: 'in-progress.pair-held',
    name: 'new',
    desired: state([desired('new', 'EventHub')], [managed({ prune: true })]),
    live: [liveDb([live('old', 'EventHub', EH_LIVE, { state: 'Deleting' })])],
    text: /^its \(hub, consumer group\) pair is held by \S+\/old, whose operation is still running; planned once that has finished$/,
  },
  {
    code: 'unmanaged.ignored',
    name: 'legacy-a',
    desired: state([], [managed({ prune: true, ignore: ['legacy-*'] })]),
    live: [liveDb([live('legacy-a', 'EventHub', EH_LIVE)])],
    text: /^not declared; ignored by its ManagedDatabase$/,
  },
  {
    code: 'unmanaged.protected',
    name: 'keep-a',
    desired: state([], [managed({ prune: true, protect: ['keep-*'] })]),
    live: [liveDb([live('keep-a', 'EventHub', EH_LIVE)])],
    text: /^not declared; protected by its ManagedDatabase, never deleted$/,
  },
  {
    code: 'unmanaged.no-managed-database',
    name: 'stray',
    desired: state([]),
    live: [liveDb([live('stray', 'EventHub', EH_LIVE)])],
    text: /^not declared; no ManagedDatabase declares this database/,
  },
  {
    code: 'unmanaged.not-pruned',
    name: 'stray',
    desired: state([], [managed({ prune: false })]),
    live: [liveDb([live('stray', 'EventHub', EH_LIVE)])],
    text: /^not declared; its ManagedDatabase does not prune/,
  },
];

/** Every [name, code, words] the plan holds, changes and reported connections alike. */
function reasons(plan: Plan): Array<[string, ReasonCode, string]> {
  return [
    ...plan.changes.map((c): [string, ReasonCode, string] => [c.target.name, c.reasonCode, c.reason]),
    ...plan.inProgress.map((r): [string, ReasonCode, string] => [r.target.name, r.reasonCode, r.note]),
    ...plan.unmanaged.map((r): [string, ReasonCode, string] => [r.target.name, r.reasonCode, r.note]),
  ];
}

describe('reason codes', () => {
  it('the table has one row per code, and covers every code', () => {
    expect(ROWS.map((r) => r.code)).toEqual([...CHANGE_REASON_CODES, ...REPORT_REASON_CODES]);
  });

  it.each(ROWS)('$code: produced by the planner, with its words', (row) => {
    const { plan, diagnostics } = planChanges(row.desired, row.live, { now: '2026-12-01T00:00:00.000Z' });
    expect(diagnostics).toEqual([]);
    const mine = reasons(plan).filter(([name]) => name === row.name);
    expect(mine.map(([, code]) => code)).toEqual([row.code]);
    expect(mine[0]?.[2]).toMatch(row.text);
  });

  it('a change is listed under its code\'s action, a reported connection under its code\'s list', () => {
    for (const row of ROWS) {
      const { plan } = planChanges(row.desired, row.live, { now: '2026-12-01T00:00:00.000Z' });
      for (const c of plan.changes) expect(c.reasonCode.split('.')[0]).toBe(c.action);
      for (const r of plan.inProgress) expect(r.reasonCode).toMatch(/^in-progress\./);
      for (const r of plan.unmanaged) expect(r.reasonCode).toMatch(/^unmanaged\./);
    }
  });

  it('the words functions refuse a code they do not know, rather than print nothing', () => {
    expect(() => changeReasonText({ code: 'create.because' } as never)).toThrow(/Unexpected change reason/);
    expect(() => reportReasonText({ code: 'unmanaged.because' } as never)).toThrow(/Unexpected report reason/);
  });

  it('every code has a meaning, and docs/plan-format.md lists each with exactly that meaning', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/plan-format.md'), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- reason-codes -->'), doc.indexOf('<!-- /reason-codes -->'));
    const rows = [...table.matchAll(/^\| `([a-z.-]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(REASON_CODE_MEANINGS));
    for (const meaning of Object.values(REASON_CODE_MEANINGS)) expect(meaning.length).toBeGreaterThan(10);
  });
});
