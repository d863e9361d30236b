/** The window a gap-free replacement observed, as the apply result and its event line state it. */
import { describe, expect, it } from 'vitest';
import type { ApplyResult, ReplacementOverlap } from '../../src/apply/events.js';
import { formatEventLine, renderApplyResult } from '../../src/render/apply-output.js';
import { PLAIN } from '../../src/render/style.js';

const OVERLAP: ReplacementOverlap = {
  retrievalStartDate: '2026-01-01T10:00:00.000Z',
  oldDeletedAt: '2026-01-01T10:00:12.500Z',
  newSucceededAt: '2026-01-01T10:00:40.000Z',
  overlapMs: 12_500,
};

const result: ApplyResult = {
  results: [
    { address: 's/rg/c/db/gf', action: 'replace', outcome: { status: 'succeeded', durationMs: 40_000, overlap: OVERLAP } },
    { address: 's/rg/c/db/plain', action: 'replace', outcome: { status: 'succeeded', durationMs: 30_000 } },
  ],
  succeeded: 2,
  failed: 0,
  skipped: 0,
  interrupted: 0,
};

const WINDOW =
  'gap-free: the new connection reads from 2026-01-01T10:00:00.000Z (retrievalStartDate, when the delete was issued); ' +
  'the old one was deleted at 2026-01-01T10:00:12.500Z and the new one Succeeded at 2026-01-01T10:00:40.000Z: ' +
  'events enqueued from 2026-01-01T10:00:00.000Z to 2026-01-01T10:00:12.500Z (12.5 s) may be ingested twice';

describe('the gap-free overlap in the apply output', () => {
  it('the result states the window under the replacement that observed it, and nothing under one that did not', () => {
    const lines = renderApplyResult(result, PLAIN).split('\n');
    const at = lines.findIndex((l) => l.includes('s/rg/c/db/gf'));
    expect(lines[at + 1]?.trim()).toBe(WINDOW);
    expect(lines.filter((l) => l.includes('gap-free:'))).toHaveLength(1);
  });

  it('the succeeded event line says it too', () => {
    const line = formatEventLine({ type: 'succeeded', at: '2026-01-01T10:00:40.000Z', address: 's/rg/c/db/gf', action: 'replace', durationMs: 40_000, overlap: OVERLAP }, PLAIN);
    expect(line).toBe(`2026-01-01T10:00:40.000Z  s/rg/c/db/gf: replace succeeded after 40.0 s; ${WINDOW}`);
  });
});
