/**
 * Golden files: the expected output lives next to the test as a file. Run with
 * UPDATE_GOLDEN=1 to write them after an intended change, then review the diff in git.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(actual: string, file: string): void {
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`golden file missing: ${file} (run with UPDATE_GOLDEN=1 to create it)`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
