/**
 * The emulator is a separate system: nothing under src/emulator imports from elsewhere in
 * src/ but src/fs/ (files, not Azure: docs/architecture.md), nor the Azure SDK (Kusto, Resource Graph) or identity packages. Otherwise the
 * end-to-end tests would check the reconciler's reading of the service against itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const emulatorDir = join(root, 'src', 'emulator');
const fsDir = join(root, 'src', 'fs');
const FORBIDDEN_PACKAGES = [/^@azure\/arm-kusto(\/|$)/, /^@azure\/arm-resourcegraph(\/|$)/, /^@azure\/identity(\/|$)/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name) ? [path] : [];
  });
}

/** Every module specifier: static imports and re-exports, dynamic imports, require calls. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) if (m[1] !== undefined) found.push(m[1]);
  return found;
}

function violation(file: string, spec: string): string | undefined {
  if (FORBIDDEN_PACKAGES.some((p) => p.test(spec))) return `${spec} is reserved to src/azure`;
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = resolve(dirname(file), spec);
    if (relative(emulatorDir, target).startsWith('..') && relative(fsDir, target).startsWith('..')) return `${spec} leaves src/emulator`;
  }
  return undefined;
}

describe('emulator isolation', () => {
  const files = sourceFiles(emulatorDir);

  it('scans the emulator sources', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.endsWith('index.ts'))).toBe(true);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s imports nothing outside src/emulator but src/fs', (_name, file) => {
    const problems = specifiers(readFileSync(file, 'utf8'))
      .map((spec) => violation(file, spec))
      .filter((p): p is string => p !== undefined);
    expect(problems).toEqual([]);
  });

  it('would catch each kind of escape', () => {
    const file = join(emulatorDir, 'x.ts');
    const source = [
      "import { a } from '../core/model.js';",
      "import type { B } from '@azure/arm-kusto';",
      "export * from '../../src/cli/main.js';",
      "const m = await import('@azure/identity');",
      "import './fine.js';",
      "import { writeFileInside } from '../fs/safe-write.js';",
      "import { c } from 'node:fs';",
    ].join('\n');
    const problems = specifiers(source).map((s) => violation(file, s));
    expect(problems.filter((p) => p !== undefined)).toHaveLength(4);
  });
});
