/**
 * One row per validation rule: each folder under cases/ holds manifests and an expected.json
 * listing the exact diagnostics (code, severity, file, line, column; optionally a fragment of
 * the message or hint) and how many connections and databases the state keeps.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';

interface ExpectedDiagnostic {
  code: string;
  severity: string;
  file: string;
  line: number;
  col: number;
  message?: string;
  hint?: string;
}

interface Expected {
  diagnostics: ExpectedDiagnostic[];
  connections: number;
  databases: number;
  env?: Record<string, string>;
  neverMentions?: string[];
}

const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');
const cases = readdirSync(casesDir).sort();

describe('manifest validation rules (cases/*)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases)('%s', async (name) => {
    const dir = path.join(casesDir, name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    const result = await loadManifests(['.'], { cwd: dir, env: expected.env ?? {} });

    const actual = result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      file: d.source?.file,
      line: d.source?.line,
      col: d.source?.col,
    }));
    expect(actual).toEqual(expected.diagnostics.map(({ code, severity, file, line, col }) => ({ code, severity, file, line, col })));

    expected.diagnostics.forEach((e, i) => {
      const d = result.diagnostics[i];
      if (e.message !== undefined) expect(d?.message).toContain(e.message);
      if (e.hint !== undefined) expect(d?.hint).toContain(e.hint);
      // Every problem says what to do.
      expect(d?.hint ?? '').not.toBe('');
    });
    for (const secret of expected.neverMentions ?? []) {
      expect(JSON.stringify(result)).not.toContain(secret);
    }
    expect(result.state.connections).toHaveLength(expected.connections);
    expect(result.state.databases).toHaveLength(expected.databases);
  });
});
