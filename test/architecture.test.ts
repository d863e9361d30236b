/**
 * docs/architecture.md, checked on the source: the layer table is exactly the imports the code
 * makes, the folder table names exactly the folders there are, no import cycle, no crowded
 * folder, no long function, the Azure SDK only in src/azure, no I/O in the pure layers. Each
 * check is also run on a planted bad tree, so a checker that finds nothing cannot pass.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  crowdedFolders,
  documentedLayers,
  folders,
  forbiddenImports,
  importCycles,
  layerImports,
  longFunctions,
  readTree,
  unusedPermissions,
  type Module,
} from './support/architecture.js';

const SRC = join(import.meta.dirname, '../src');
const DOC = readFileSync(join(import.meta.dirname, '../docs/architecture.md'), 'utf8');
const MAX_FILES = 15;
const MAX_LINES = 80;

const modules = readTree(SRC);
const allowed = documentedLayers(DOC);

function documentedFolders(markdown: string): string[] {
  const section = /<!-- folders:begin -->([\s\S]*?)<!-- folders:end -->/.exec(markdown)?.[1] ?? '';
  return [...section.matchAll(/^\|\s*`src\/([^`]+)\/`/gm)].map((m) => m[1] ?? '').sort();
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function plant(files: Readonly<Record<string, string>>, base?: string): Module[] {
  const root = mkdtempSync(join(tmpdir(), 'kustodian-arch-'));
  scratch.push(root);
  if (base !== undefined) cpSync(base, root, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    if (base !== undefined) appendFileSync(join(root, file), text);
    else writeFileSync(join(root, file), text);
  }
  return readTree(root);
}

describe('architecture (docs/architecture.md)', () => {
  it('the layer table names every layer there is', () => {
    expect([...allowed.keys()].sort()).toEqual([...new Set(modules.map((m) => m.layer).filter((l) => l !== ''))].sort());
  });

  it('no file imports a layer the table does not allow', () => {
    expect(forbiddenImports(modules, allowed)).toEqual([]);
  });

  it('the table allows nothing the code does not use (it is drawn from the code)', () => {
    expect(unusedPermissions(modules, allowed)).toEqual([]);
  });

  it('the folder table names exactly the folders under src/', () => {
    expect(documentedFolders(DOC)).toEqual(folders(modules));
  });

  it('no import cycle between files', () => {
    expect(importCycles(modules)).toEqual([]);
  });

  it(`no folder holds more than ${MAX_FILES} files at one level`, () => {
    expect(crowdedFolders(modules, MAX_FILES)).toEqual([]);
  });

  it(`no function is longer than ${MAX_LINES} lines outside generated code`, () => {
    expect(longFunctions(modules, MAX_LINES)).toEqual([]);
  });

  it('only src/azure imports the Azure SDK (any @azure/ package) or a Kusto client', () => {
    const violations = modules.filter((m) => m.layer !== 'azure' && m.specifiers.some((s) => s.startsWith('@azure/') || s.startsWith('azure-kusto'))).map((m) => m.file);
    expect(violations).toEqual([]);
  });

  it('the planner, renderers, drift model, exporter, reconcile outcome and core do no I/O and no logging', () => {
    const io = /^(node:)?(fs|fs\/promises|http|https|net|child_process|readline|readline\/promises|tls|dgram)$/;
    const violations = modules
      .filter((m) => ['core', 'plan', 'render', 'drift', 'export', 'reconcile'].includes(m.layer))
      .flatMap((m) => [
        ...m.specifiers.filter((s) => io.test(s)).map((s) => `${m.file} imports ${s}`),
        ...(/\bconsole\.|process\.(stdout|stderr|env)\b/.test(m.text) ? [`${m.file} logs or reads the environment`] : []),
      ]);
    expect(violations).toEqual([]);
  });
});

describe('the checker fails on a planted bad tree', () => {
  it('a bad import planted in a copy of the real tree is reported, and only it', () => {
    const bad = plant({ 'plan/planner.ts': "\nimport { createKustoPort } from '../azure/kusto-port.js';\n" }, SRC);
    expect(forbiddenImports(bad, allowed)).toEqual(["plan/planner.ts imports ../azure/kusto-port.js (plan → azure is not allowed)"]);
  });

  it('an emulator file that imports the reconciler is reported', () => {
    const bad = plant({ 'emulator/arm/kinds-copy.ts': "\nimport { KINDS } from '../../core/kinds.js';\n" }, SRC);
    expect(forbiddenImports(bad, allowed)).toEqual(['emulator/arm/kinds-copy.ts imports ../../core/kinds.js (emulator → core is not allowed)']);
  });

  it('a rule the code does not use is reported', () => {
    const wider = new Map([...allowed, ['core', new Set(['plan'])]]);
    expect(unusedPermissions(modules, wider)).toEqual(['core → plan']);
  });

  it('a cycle, a crowded folder and a long function are reported', () => {
    const body = Array.from({ length: MAX_LINES }, (_, i) => `  total += ${i};`).join('\n');
    const crowd = Object.fromEntries(Array.from({ length: MAX_FILES + 1 }, (_, i) => [`render/r${i}.ts`, `export const r${i} = ${i};\n`]));
    const bad = plant({
      'plan/a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'plan/b.ts': "import { a } from './a.js';\nexport function b(): number { return a(); }\n",
      'core/long.ts': `export function long(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`,
      'core/short.ts': 'export const short = (): number => 1;\n',
      ...crowd,
    });
    expect(importCycles(bad)).toEqual([['plan/a.ts', 'plan/b.ts']]);
    expect(crowdedFolders(bad, MAX_FILES)).toEqual([`render/ has ${MAX_FILES + 1} files`]);
    expect(longFunctions(bad, MAX_LINES)).toEqual([`core/long.ts:1 long (${MAX_LINES + 4} lines)`]);
    expect(layerImports(bad).get('plan')).toEqual(new Set());
  });
});
