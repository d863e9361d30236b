/** docs/export.md documents what the code does: the spec key order; docs/diagnostics.md lists the KD5xx codes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS, KIND_SPECS } from '../../src/core/kinds.js';
import { EXPORT_CODES } from '../../src/export/codes.js';

const doc = (page: string): string => readFileSync(path.resolve(import.meta.dirname, '../../docs', page), 'utf8');

describe('docs: kustodian export', () => {
  it('states the spec key order of each kind as the kinds table has it (server-computed fields are not written)', () => {
    const block = doc('export.md').split('<!-- export-spec-order -->')[1]?.split('<!-- /export-spec-order -->')[0] ?? '';
    const documented = block.trim().split('\n').map((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const expected = CONNECTION_KINDS.map((k) => [
      KIND_SPECS[k].manifestKind,
      'location',
      ...Object.entries(KIND_SPECS[k].properties).filter(([, p]) => p.serverComputed !== true).map(([name]) => name),
    ]);
    expect(documented).toEqual(expected);
  });

  it('docs/diagnostics.md lists every export code', () => {
    const diagnostics = doc('diagnostics.md');
    for (const code of Object.values(EXPORT_CODES)) expect(diagnostics).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
