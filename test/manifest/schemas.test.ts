/**
 * The committed JSON Schemas, the validators precompiled from them and the reference tables of docs/ are
 * exactly what the generator makes from the kinds table, and the editor schema
 * (manifest.schema.json) dispatches on kind.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KNOWN_ANNOTATIONS } from '../../src/core/annotations.js';
import { CONNECTION_KINDS, KIND_SPECS } from '../../src/core/kinds.js';
import { manifestCodeTable } from '../../src/manifest/codes.js';
import { DOCUMENT_KINDS } from '../../src/manifest/documents.js';
import { EDITOR_MODELINE, generatedCodeFiles, generatedDocFiles, generatedSchemaFiles, withGeneratedSections } from '../../src/manifest/gen/generated.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (p: string): string => readFileSync(path.join(root, p), 'utf8');

/** Where two texts first differ, as `line N: committed … / generated …`; undefined when equal. */
function firstDifference(committed: string, generated: string): string | undefined {
  if (committed === generated) return undefined;
  const a = committed.split('\n');
  const b = generated.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i < 0 ? a.length : i;
  const clip = (line: string | undefined): string => (line === undefined ? '(no line)' : line.slice(0, 160));
  return `line ${at + 1}: committed ${clip(a[at])} / generated ${clip(b[at])}`;
}

describe('generated files', () => {
  it('schemas/v1 holds exactly the generated schemas (run `npm run schemas` after changing the kinds table)', () => {
    const generated = generatedSchemaFiles();
    // The output formats' schemas are written by hand and tested against the renderers' output.
    const handWritten = ['plan.schema.json', 'drift.schema.json', 'reconcile-report.schema.json'];
    expect(readdirSync(path.join(root, 'schemas/v1')).sort()).toEqual(
      [...[...generated.keys()].map((p) => path.basename(p)), ...handWritten].sort(),
    );
    for (const [file, content] of generated) expect(read(file), file).toBe(content);
  });

  it('src/manifest/schema/validators.generated.ts and src/plan/contract/plan-validator.generated.ts are exactly the generated validator code (run `npm run schemas`)', () => {
    const generated = generatedCodeFiles();
    expect([...generated.keys()]).toEqual(['src/manifest/schema/validators.generated.ts', 'src/plan/contract/plan-validator.generated.ts']);
    // The first differing line, not a diff of 200 kB of generated code.
    for (const [file, content] of generated) expect(firstDifference(read(file), content), `${file} is stale: run \`npm run schemas\``).toBe(undefined);
  });

  it('one schema per document kind, plus the dispatcher', () => {
    const names = [...generatedSchemaFiles().keys()];
    for (const kind of DOCUMENT_KINDS) expect(names).toContain(`schemas/v1/${kind.toLowerCase()}.schema.json`);
    expect(names).toContain('schemas/v1/manifest.schema.json');
  });

  it.each(generatedDocFiles())("%s's generated sections are up to date (run `npm run schemas`)", (page) => {
    const text = read(page);
    expect(withGeneratedSections(page, text)).toBe(text);
  });

  it('the generated sections are where the reference is: the language in docs/manifests.md, the codes in docs/diagnostics.md', () => {
    expect(generatedDocFiles()).toEqual(['docs/manifests.md', 'docs/diagnostics.md']);
    expect(() => withGeneratedSections('README.md', read('README.md'))).toThrow(/README.md has no generated sections/);
    expect(() => withGeneratedSections('docs/diagnostics.md', '# no markers\n')).toThrow(/docs\/diagnostics.md has no <!-- generated:codes --> \.\.\. <!-- \/generated:codes --> section/);
  });

  it('docs/manifests.md names every kind, every property, every annotation and the modeline; docs/diagnostics.md every code', () => {
    const manifests = read('docs/manifests.md');
    for (const kind of CONNECTION_KINDS) {
      expect(manifests).toContain(KIND_SPECS[kind].manifestKind);
      for (const p of Object.keys(KIND_SPECS[kind].properties)) expect(manifests).toContain(`\`${p}\``);
    }
    for (const a of KNOWN_ANNOTATIONS) expect(manifests).toContain(a);
    expect(manifests).toContain(EDITOR_MODELINE);
    const diagnostics = read('docs/diagnostics.md');
    for (const c of manifestCodeTable()) expect(diagnostics).toContain(c.code);
  });
});

describe('the editor schema (manifest.schema.json)', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats.default(ajv, ['date-time']);
  const validate = ajv.compile(JSON.parse(read('schemas/v1/manifest.schema.json')) as object);

  const exampleDocs = (): { file: string; value: unknown }[] => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        if (e.isDirectory()) walk(`${dir}/${e.name}`);
        else if (e.name.endsWith('.yaml')) files.push(`${dir}/${e.name}`);
      }
    };
    walk('test/fixtures/manifests');
    return files.flatMap((file) => parseAllDocuments(read(file)).map((d) => ({ file, value: d.toJS() as unknown })));
  };

  it('accepts every document of the example tree (test/fixtures/manifests)', () => {
    const docs = exampleDocs();
    expect(docs.length).toBe(6);
    for (const d of docs) expect(validate(d.value), `${d.file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('dispatches on kind: an IoT Hub field in an Event Hub document is refused', () => {
    const doc = {
      apiVersion: 'kustodian.io/v1',
      kind: 'EventHubDataConnection',
      metadata: { name: 'x' },
      spec: { iotHubResourceId: '/subscriptions/x' },
    };
    expect(validate(doc)).toBe(false);
    expect(validate({ ...doc, kind: 'IotHubDataConnection' })).toBe(true);
    expect(validate({ ...doc, kind: 'NoSuchKind' })).toBe(false);
  });

  it('accepts data formats in any letter case, as the loader does', () => {
    const doc = { apiVersion: 'kustodian.io/v1', kind: 'Defaults', spec: { dataFormat: 'csv', blobStorageEventType: 'BlobCreated' } };
    expect(validate(doc)).toBe(true);
    expect(validate({ ...doc, spec: { dataFormat: 'XML' } })).toBe(false);
  });
});
