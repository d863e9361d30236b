/**
 * The package as a user installs it: packed from a clean copy of the checkout, installed into a
 * fresh manifests repository with `npm ci`, and run there with `npx kustodian`, the way the
 * README's Install section says.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bin.js';
import { cleanEnv, installTemplate, type Packed, packedKustodian } from '../support/packed.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function npx(cwd: string, ...args: string[]): Run {
  const r = spawnSync('npx', ['kustodian', ...args], { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rootPackage = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  dependencies: Record<string, string>;
};

let packed: Packed;
beforeAll(async () => {
  packed = await packedKustodian();
}, 300_000);

describe('the tarball', () => {
  it('holds what runs (bin, compiled dist, schemas, the emulator seed, the template) and no tests, benches, sources or maps', () => {
    const files = packed.files;
    for (const needed of ['bin/kustodian.js', 'dist/cli/main.js', 'dist/emulator/index.js', 'schemas/v1/manifest.schema.json', 'schemas/v1/plan.schema.json', 'emulator/seed.yaml', 'LICENSE', 'README.md', 'package.json', 'examples/manifests-repo/manifests/defaults.yaml', 'examples/manifests-repo/.github/workflows/plan.yml']) {
      expect(files, needed).toContain(needed);
    }
    const clutter = files.filter((f) => /^(test|bench|src|scripts|docs|manifests|action)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') || /tsconfig|vitest/.test(f));
    expect(clutter).toEqual([]);
    expect(files.filter((f) => f.startsWith('examples/') && !f.startsWith('examples/manifests-repo/'))).toEqual([]);
    expect(files).not.toContain('examples/manifests-repo/package.json');
  });

  it('has a LICENSE that matches package.json', () => {
    expect(rootPackage.license).toBe('MIT');
    expect(readFileSync(path.join(packed.source, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('needs no devDependency at run time: every package dist/ imports is a dependency', () => {
    const dist = path.join(packed.source, 'dist');
    const js = (readdirSync(dist, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
      .filter((e) => e.isFile() && e.name.endsWith('.js'))
      .map((e) => path.join(e.parentPath, e.name));
    expect(js.length).toBeGreaterThan(50);
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const file of js) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^import\s[^;]*?from\s+|^export\s[^;]*?from\s+|\bimport\(\s*|\brequire\(\s*)['"]((?:@[\w.-]+\/)?[\w.-]+(?:\/[\w./-]*)?)['"]/gm)) {
        const spec = (m[1] ?? '').replace(/^node:/, '');
        if (spec.startsWith('.')) continue;
        if (builtins.has(spec) || builtins.has(spec.split('/')[0] ?? '')) continue;
        const parts = spec.split('/');
        imported.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec));
      }
    }
    const missing = [...imported].filter((p) => !(p in rootPackage.dependencies));
    expect(missing).toEqual([]);
    expect(imported.has('@azure/arm-kusto')).toBe(true);
  });
});

describe('installed into a manifests repository', () => {
  let repo: string;
  beforeAll(() => {
    repo = installTemplate(packed);
  }, 120_000);

  it('runs --version, validate, plan --emulator, apply --emulator --auto-approve, and a second plan says No changes.', () => {
    const version = npx(repo, '--version');
    expect(version.stdout.trim()).toBe(rootPackage.version);
    expect(version.code).toBe(0);

    const validate = npx(repo, 'validate');
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/^valid: 6 documents in 6 files/);
    expect(validate.code).toBe(0);

    const plan = npx(repo, 'plan', '--emulator');
    expect(plan.stdout).toContain('Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.');
    expect(plan.code).toBe(0);

    const apply = npx(repo, 'apply', '--emulator', '--auto-approve');
    expect(apply.stdout).toMatch(/4 of 4 succeeded|Apply complete/);
    expect(apply.code).toBe(0);

    const again = npx(repo, 'plan', '--emulator');
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('a saved plan says how to apply it with the flags it was made with, and following that advice works', () => {
    const saved = npx(repo, 'plan', '--emulator', '--out', 'reviewed plan.json');
    expect(saved.code).toBe(0);
    const advice = /apply exactly it with: kustodian (.*)$/m.exec(saved.stderr)?.[1] ?? '';
    expect(advice).toBe("apply --plan 'reviewed plan.json' --emulator");
    const followed = spawnSync('sh', ['-c', `npx kustodian ${advice} --auto-approve`], { cwd: repo, env: cleanEnv(), encoding: 'utf8' });
    expect(followed.status, followed.stderr).toBe(0);
  });

  it('kustodian init in a repository that has only kustodian installed, then plan --emulator', () => {
    for (const entry of readdirSync(repo)) {
      if (!['package.json', 'package-lock.json', 'node_modules'].includes(entry)) rmSync(path.join(repo, entry), { recursive: true, force: true });
    }
    const init = npx(repo, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote manifests/defaults.yaml');
    expect(init.stdout).toContain('wrote .github/workflows/plan.yml');
    expect(init.stdout).toContain('Next: npx kustodian plan --emulator');
    expect(readFileSync(path.join(repo, '.gitignore'), 'utf8')).toBe('node_modules/\n.kustodian/\n');

    const plan = npx(repo, 'plan', '--emulator');
    expect(plan.stdout).toContain('Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.');
    expect(plan.code).toBe(0);

    const second = npx(repo, 'init');
    expect(second.stdout).toContain('0 file(s) written');
    expect(second.stdout).toContain('kept  manifests/defaults.yaml (it exists)');
  });

  it('the schema modelines of the starter manifests point at the installed package', () => {
    const first = readFileSync(path.join(repo, 'manifests', 'mykustodatabase', 'database.yaml'), 'utf8').split('\n')[0] ?? '';
    const schema = first.replace(/^# yaml-language-server: \$schema=/, '');
    expect(schema).not.toBe(first);
    const resolved = path.resolve(repo, 'manifests', 'mykustodatabase', schema);
    expect(JSON.parse(readFileSync(resolved, 'utf8'))).toMatchObject({ $schema: expect.any(String) });
  });
});
