/**
 * The manifests-repository template (examples/manifests-repo) stays in step with kustodian: it
 * pins this version, its lock is the one scripts/template-lock.mjs derives from kustodian's own,
 * and `kustodian init` writes what it holds. (That its starter manifests are the example tree,
 * modelines aside, is checked by the one test of manifests/: test/examples/example-tree.test.ts.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GITIGNORE_LINES, initRepository, TEMPLATE_DIR } from '../../src/cli/output/init-files.js';
import { REPO_ROOT } from '../support/bin.js';
// @ts-expect-error: a plain ESM script without type declarations
import { expectedTemplateLock, templateLock } from '../../scripts/template-lock.mjs';

const read = (...p: string[]): string => readFileSync(path.join(...p), 'utf8');
const json = (...p: string[]): Record<string, unknown> => JSON.parse(read(...p)) as Record<string, unknown>;

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('examples/manifests-repo', () => {
  it('pins exactly this version of kustodian', () => {
    expect(json(TEMPLATE_DIR, 'package.json')['devDependencies']).toEqual({ kustodian: json(REPO_ROOT, 'package.json')['version'] });
  });

  it('has the lock scripts/template-lock.mjs derives from kustodian’s own (run it after changing dependencies)', () => {
    expect(read(TEMPLATE_DIR, 'package-lock.json')).toBe((expectedTemplateLock as () => string)());
  });

  it('the derived lock follows a changed dependency (the check above can fail)', () => {
    const pkg = json(REPO_ROOT, 'package.json');
    const lock = json(REPO_ROOT, 'package-lock.json') as { packages: Record<string, Record<string, unknown>> };
    const yamlEntry = lock.packages['node_modules/yaml'];
    const bumped = { ...lock, packages: { ...lock.packages, 'node_modules/yaml': { ...yamlEntry, version: '9.9.9' } } };
    const derive = templateLock as (p: unknown, l: unknown, t: unknown) => string;
    expect(derive(pkg, bumped, json(TEMPLATE_DIR, 'package.json'))).not.toBe(read(TEMPLATE_DIR, 'package-lock.json'));
    const { yaml: _yaml, ...withoutYaml } = pkg['dependencies'] as Record<string, string>;
    expect(derive({ ...pkg, dependencies: withoutYaml }, lock, json(TEMPLATE_DIR, 'package.json'))).not.toContain('"node_modules/yaml"');
  });

  it('ignores what kustodian init adds to .gitignore', () => {
    expect(read(TEMPLATE_DIR, '.gitignore').split('\n')).toEqual(expect.arrayContaining([...GITIGNORE_LINES]));
  });
});

describe('kustodian init', () => {
  it('writes the template less package.json, its lock and README, and appends missing .gitignore lines', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-init-'));
    writeFileSync(path.join(dir, '.gitignore'), 'dist');
    const result = initRepository(dir);
    const expected = filesUnder(TEMPLATE_DIR).filter((f) => !['package.json', 'package-lock.json', 'README.md', '.gitignore'].includes(f));
    expect(result.written).toEqual([...expected, '.gitignore']);
    expect(read(dir, '.gitignore')).toBe('dist\nnode_modules/\n.kustodian/\n');
    for (const f of expected) expect(read(dir, f), f).toBe(read(TEMPLATE_DIR, f));
  });

  it('keeps what exists, byte for byte', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-init-'));
    mkdirSync(path.join(dir, 'manifests'));
    writeFileSync(path.join(dir, 'manifests', 'defaults.yaml'), 'mine\n');
    const result = initRepository(dir);
    expect(result.kept).toContain('manifests/defaults.yaml');
    expect(read(dir, 'manifests', 'defaults.yaml')).toBe('mine\n');
  });

  it('refuses a folder that is a link out of the target, and writes nothing through it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-init-'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'kustodian-elsewhere-'));
    symlinkSync(elsewhere, path.join(dir, 'manifests'));
    expect(() => initRepository(dir)).toThrow(/manifests is a link to .*outside .*: kustodian init writes only inside the target directory/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['manifests']);
  });

  it('never writes through a file that is a link, even a dangling one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-init-'));
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'kustodian-elsewhere-')), 'victim');
    symlinkSync(outside, path.join(dir, 'azure-pipelines.yml'));
    const result = initRepository(dir);
    expect(result.kept).toContain('azure-pipelines.yml');
    expect(() => readFileSync(outside)).toThrow(/ENOENT/);
  });
});
