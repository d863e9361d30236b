/**
 * The precompiled validators (src/manifest/schema/validators.generated.ts) say "valid" exactly when a
 * full ajv validator compiled here from the committed schemas finds no error: for every document
 * of the examples and test fixtures checked against every kind, and for fast-check mutations of
 * the valid ones (wrong types, unknown and renamed fields, other enum values and letter cases,
 * edited names, missing fields, date-times good and bad). And a fresh process that loads a valid
 * tree never loads ajv's compiler; an invalid one does, for the messages.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS } from '../../src/manifest/documents.js';
import { schemaFileName } from '../../src/manifest/schema/schema-gen.js';
import { PRECOMPILED_VALIDATORS } from '../../src/manifest/schema/validators.generated.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

// The full validators, compiled as schema.ts compiles them on its slow path.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
addFormats.default(ajv, ['date-time']);
const schemas = new Map(DOCUMENT_KINDS.map((k) => [k, JSON.parse(readFileSync(path.join(root, 'schemas/v1', schemaFileName(k)), 'utf8')) as Json]));
const full = new Map(DOCUMENT_KINDS.map((k): [string, ValidateFunction] => [k, ajv.compile(schemas.get(k) as object)]));

function validators(kind: string): { fast: (d: unknown) => boolean; full: ValidateFunction } {
  const fast = PRECOMPILED_VALIDATORS.get(kind);
  const f = full.get(kind);
  if (fast === undefined || f === undefined) throw new Error(`no validator for ${kind}`);
  return { fast, full: f };
}

/** Checks that both validators agree on `doc` as `kind`; returns the verdict. */
function agree(doc: unknown, kind: string): boolean {
  const v = validators(kind);
  const valid = v.full(doc);
  const errors = (v.full.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const fast = v.fast(doc);
  if (valid !== (errors.length === 0) || fast !== valid) {
    expect.fail(`${kind}: full says ${valid} ${JSON.stringify(errors)}, precompiled says ${fast}, for ${JSON.stringify(doc)}`);
  }
  return valid;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return yamlFiles(rel);
    return /\.ya?ml$/.test(e.name) ? [rel] : [];
  });
}

/** Every document of the examples and fixtures that YAML can read (the hostile ones it refuses are skipped). */
function fixtureDocuments(): { file: string; doc: Json }[] {
  const seen = new Set<string>();
  return [...yamlFiles('test/fixtures/manifests'), ...yamlFiles('test')].flatMap((file) => {
    try {
      const docs = parseAllDocuments(readFileSync(path.join(root, file), 'utf8'), { logLevel: 'error' });
      if (!Array.isArray(docs)) return [];
      return docs
        .map((d) => ({ file, doc: d.toJS({ maxAliasCount: 100 }) as Json }))
        .filter(({ doc }) => {
          const key = JSON.stringify(doc);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
    } catch {
      return [];
    }
  });
}

const documents = fixtureDocuments();
const kindOf = (doc: Json): string | undefined =>
  isObject(doc) && typeof doc['kind'] === 'string' && DOCUMENT_KINDS.includes(doc['kind']) ? doc['kind'] : undefined;
const validSeeds = documents.filter(({ doc }) => {
  const kind = kindOf(doc);
  return kind !== undefined && validators(kind).full(doc);
});

describe('the precompiled validators agree with the full ones', () => {
  it('on every document of the test fixtures (the example tree included), as every kind', () => {
    let valid = 0;
    let invalid = 0;
    for (const { doc } of documents) {
      for (const kind of DOCUMENT_KINDS) {
        if (agree(doc, kind)) valid += 1;
        else invalid += 1;
      }
    }
    expect(documents.length).toBeGreaterThan(150);
    // Both answers occur often enough for the agreement to mean something.
    expect(valid).toBeGreaterThan(40);
    expect(invalid).toBeGreaterThan(400);
    expect(validSeeds.length).toBe(valid);
  });

  it('on the same documents built as the loader builds them (objects without a prototype)', () => {
    const bare = (v: Json): Json =>
      Array.isArray(v) ? v.map(bare) : isObject(v) ? Object.assign(Object.create(null) as { [key: string]: Json }, Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bare(x)]))) : v;
    for (const { doc } of documents) for (const kind of DOCUMENT_KINDS) expect(agree(bare(doc), kind)).toBe(agree(doc, kind));
  });

  it('on every document of the example tree, test/fixtures/manifests (all valid)', () => {
    const examples = documents.filter((d) => d.file.startsWith('test/fixtures/manifests/'));
    expect(examples.length).toBe(6);
    for (const { file, doc } of examples) expect(agree(doc, kindOf(doc) ?? ''), file).toBe(true);
  });

  // The words of the schemas (property names, enum and const values) and the length limits
  // of their patterns: mutations reuse them, so that many mutants stay valid or fail by one.
  const words = new Set<string>();
  const limits = new Set<number>([0, 1]);
  const collect = (s: Json): void => {
    if (Array.isArray(s)) s.forEach(collect);
    else if (isObject(s)) {
      for (const [k, v] of Object.entries(s)) {
        if (k === 'properties' && isObject(v)) Object.keys(v).forEach((p) => words.add(p));
        if (k === 'const' && typeof v === 'string') words.add(v);
        if (k === 'enum' && Array.isArray(v)) v.forEach((e) => typeof e === 'string' && words.add(e));
        if (k === 'pattern' && typeof v === 'string') for (const m of v.matchAll(/\{(\d+),(\d+)\}/g)) [m[1], m[2]].forEach((n) => limits.add(Number(n)));
        if (k === 'minLength' && typeof v === 'number') limits.add(v);
        if (k !== 'description') collect(v);
      }
    }
  };
  schemas.forEach(collect);
  const known = [...words].sort();
  // Around each limit: a pattern such as ^[a-z][a-z0-9]{3,21}$ puts the total a little above it.
  const lengths = [...new Set([...limits].flatMap((n) => [n - 1, n, n + 1, n + 2, n + 3]))].filter((n) => n >= 0).sort((a, b) => a - b);

  const dateTimes = [
    '2024-01-01T00:00:00Z', '2024-01-01T00:00:00+05:30', '2016-12-31T23:59:60Z', '2024-01-01t00:00:00z', '2024-01-01T00:00:00.123456Z',
    '2024-01-01', '2024-01-01T00:00:00', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z',
    '2024-01-01 00:00:00Z', '2024-01-01T00:00:00+25:00', 'yesterday',
  ];
  const probes: Json[] = [null, 0, 1.5, true, '', ' ', 'x', [], {}, ['x'], { x: 'y' }, ...dateTimes];
  const stringEdits: ((s: string) => string)[] = [
    (s) => s.toUpperCase(), (s) => s.toLowerCase(), (s) => ` ${s}`, (s) => `${s} `, (s) => `${s}-`, (s) => `-${s}`,
    (s) => `${s}.`, (s) => `${s}_`, (s) => `${s}*`, (s) => `${s}/`, (s) => `${s}é`, (s) => s.replace(/[a-z]/, '\u0000'),
    ...lengths.map((n) => (s: string) => (s.length >= n ? s.slice(0, n) : s + (s.at(-1) ?? 'a').repeat(n - s.length))),
  ];

  function pathsOf(v: Json, here: Path = []): Path[] {
    if (Array.isArray(v)) return [here, ...v.flatMap((x, i) => pathsOf(x, [...here, i]))];
    if (isObject(v)) return [here, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...here, k]))];
    return [here];
  }

  function at(doc: Json, p: Path): Json | undefined {
    let v: Json | undefined = doc;
    for (const s of p) v = Array.isArray(v) ? v[s as number] : isObject(v) ? v[s as string] : undefined;
    return v;
  }

  /** A copy of `doc` with `change` made to the node at `p` (given the node, its parent and its key). */
  function changed(doc: Json, p: Path, change: (node: Json, parent: Json[] | { [key: string]: Json }, key: string | number) => void): Json {
    const out = structuredClone(doc);
    const parent = at(out, p.slice(0, -1));
    const key = p[p.length - 1];
    if (key === undefined || !(Array.isArray(parent) || isObject(parent))) return out;
    change(at(out, p) ?? null, parent, key);
    return out;
  }
  const put = (parent: Json[] | { [key: string]: Json }, key: string | number, v: Json): void => {
    if (Array.isArray(parent)) parent[key as number] = v;
    else parent[key as string] = v;
  };

  it('on every single change at every place of every valid fixture: other types and values, deletions, added fields, edited strings', () => {
    let valid = 0;
    let invalid = 0;
    const check = (doc: Json, kind: string): void => {
      if (agree(doc, kind)) valid += 1;
      else invalid += 1;
    };
    for (const { doc } of validSeeds) {
      const kind = kindOf(doc) ?? '';
      for (const p of pathsOf(doc)) {
        const node = at(doc, p) ?? null;
        for (const probe of probes) check(changed(doc, p, (_, parent, key) => put(parent, key, probe)), kind);
        check(changed(doc, p, (_, parent, key) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key as string])), kind);
        if (isObject(node)) for (const w of [...known, 'x', 'spec ']) check(changed(doc, [...p, w], (_, parent) => put(parent, w, 'x')), kind);
        if (typeof node === 'string') for (const e of stringEdits) check(changed(doc, p, (_, parent, key) => put(parent, key, e(node))), kind);
      }
    }
    expect(valid).toBeGreaterThan(20_000);
    expect(invalid).toBeGreaterThan(40_000);
  });

  // Random compound changes, for what the table above does not combine.
  const scalar: fc.Arbitrary<Json> = fc.oneof(
    fc.constantFrom(...known),
    fc.constantFrom(...dateTimes),
    fc.date({ noInvalidDate: true, min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') }).map((d) => d.toISOString()),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const key = fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 10 }));
  const { value } = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    ),
  }));
  const step = fc.oneof(
    fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }),
    fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: scalar }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('add' as const), at: fc.nat(), key, value }),
    fc.record({ op: fc.constant('rename' as const), at: fc.nat(), key }),
    fc.record({ op: fc.constant('edit' as const), at: fc.nat(), edit: fc.nat() }),
  );
  type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

  /** `doc` (copied) after one step; a step that does not apply leaves it as it was. */
  function apply(doc: Json, s: Step): Json {
    const paths = pathsOf(doc);
    const p = paths[s.at % paths.length] ?? [];
    if (p.length === 0 && s.op === 'set') return s.value;
    switch (s.op) {
      case 'set':
        return changed(doc, p, (_, parent, k) => put(parent, k, s.value));
      case 'delete':
        return changed(doc, p, (_, parent, k) => (Array.isArray(parent) ? parent.splice(k as number, 1) : delete parent[k as string]));
      case 'add':
        return changed(doc, [...p, s.key], (_, parent) => (Array.isArray(parent) ? parent.push(s.value) : put(parent, s.key, s.value)));
      case 'rename':
        return changed(doc, p, (node, parent, k) => {
          if (Array.isArray(parent)) return;
          delete parent[k as string];
          parent[s.key] = node;
        });
      case 'edit':
        return changed(doc, p, (node, parent, k) => typeof node === 'string' && put(parent, k, (stringEdits[s.edit % stringEdits.length] ?? String)(node)));
    }
  }

  const mutant = fc
    .record({ seed: fc.nat(), steps: fc.array(step, { minLength: 1, maxLength: 3 }) })
    .map(({ seed, steps }) => steps.reduce((d, s) => apply(d, s), validSeeds[seed % validSeeds.length]?.doc ?? null));

  it('mutations of the valid documents are a fair mix of valid and invalid', () => {
    const sample = fc.sample(mutant, { numRuns: 1000, seed: 7 });
    const valid = sample.filter((doc) => { const kind = kindOf(doc); return kind !== undefined && agree(doc, kind); }).length;
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(900);
  });

  it('on mutations of the valid documents, as every kind', () => {
    fc.assert(
      fc.property(mutant, (doc) => {
        for (const kind of DOCUMENT_KINDS) agree(doc, kind);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ajv is loaded for invalid documents only (a fresh process over dist/, which `npm test` builds first)', () => {
  const script = `
    import { createRequire } from 'node:module';
    const { loadManifests } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/manifest/load.js')).href)});
    const dir = process.argv[1];
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const loaded = (name) => cache.some((f) => f.endsWith(name));
    console.log(JSON.stringify({
      errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
      ajv: loaded('/node_modules/ajv/dist/ajv.js'),
      ajvFormats: loaded('/node_modules/ajv-formats/dist/index.js'),
    }));`;
  const load = (dir: string): { errors: string[]; ajv: boolean; ajvFormats: boolean } => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, path.join(root, dir)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as { errors: string[]; ajv: boolean; ajvFormats: boolean };
  };

  it('a valid tree: neither ajv nor ajv-formats', () => {
    expect(load('manifests')).toEqual({ errors: [], ajv: false, ajvFormats: false });
  });

  it('a document of the wrong type: both, and the detailed diagnostic', () => {
    expect(load('test/manifest/cases/wrong-type')).toEqual({ errors: ['KD124'], ajv: true, ajvFormats: true });
  });

  it('`kustodian validate` of a valid tree: no ajv module but the two runtime helpers the validators use', () => {
    const cli = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/cli/main.js')).href)});
      const code = await main(['node', 'kustodian', 'validate', 'manifests']);
      const ajv = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('/node_modules/ajv')).map((f) => f.replace(/.*node_modules\\//, ''));
      console.log(JSON.stringify({ code, ajv }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', cli], { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'], NO_COLOR: '1' } });
    expect(run.stderr).toBe('');
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toEqual({ code: 0, ajv: ['ajv/dist/runtime/ucs2length.js', 'ajv-formats/dist/formats.js'] });
  });
});
