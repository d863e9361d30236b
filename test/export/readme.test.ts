/** The README's export section documents what the code does: the spec key order and the KD5xx codes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS, KIND_SPECS } from '../../src/core/kinds.js';
import { EXPORT_CODES } from '../../src/export/codes.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README: kustodian export', () => {
  it('states the spec key order of each kind as the kinds table has it (server-computed fields are not written)', () => {
    const block = readme.split('<!-- export-spec-order -->')[1]?.split('<!-- /export-spec-order -->')[0] ?? '';
    const documented = block.trim().split('\n').map((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const expected = CONNECTION_KINDS.map((k) => [
      KIND_SPECS[k].manifestKind,
      'location',
      ...Object.entries(KIND_SPECS[k].properties).filter(([, p]) => p.serverComputed !== true).map(([name]) => name),
    ]);
    expect(documented).toEqual(expected);
  });

  it('lists every export code', () => {
    for (const code of Object.values(EXPORT_CODES)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
