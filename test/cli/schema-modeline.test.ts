import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelineSchema } from '../../src/cli/output/schema-modeline.js';

function repo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kustodian-modeline-'));
  writeFileSync(path.join(root, 'package.json'), '{}\n');
  mkdirSync(path.join(root, 'adopted', 'c', 'd'), { recursive: true });
  return root;
}

describe('modelineSchema: where export points the modelines', () => {
  it('at node_modules/kustodian of the repository the files are written in, when kustodian runs from elsewhere', () => {
    const root = repo();
    const elsewhere = '/opt/clones/kustodian/schemas/v1/manifest.schema.json';
    expect(modelineSchema(path.join(root, 'adopted'), root, elsewhere)).toBe('../node_modules/kustodian/schemas/v1/manifest.schema.json');
    expect(modelineSchema(path.join(root, 'adopted'), '/somewhere/else', elsewhere)).toBe('../node_modules/kustodian/schemas/v1/manifest.schema.json');
  });

  it('at the running copy when it lives inside that repository (kustodian’s own checkout, or its install)', () => {
    const root = repo();
    const own = path.join(root, 'schemas', 'v1', 'manifest.schema.json');
    expect(modelineSchema(path.join(root, 'adopted'), root, own)).toBe('../schemas/v1/manifest.schema.json');
  });

  it('never a path out of the repository', () => {
    const root = repo();
    for (const running of ['/opt/x/schemas/v1/manifest.schema.json', path.join(path.dirname(root), 'y', 'schemas', 'v1', 'manifest.schema.json')]) {
      const p = modelineSchema(path.join(root, 'adopted'), root, running);
      expect(path.resolve(root, 'adopted', p).startsWith(`${root}${path.sep}`)).toBe(true);
    }
  });
});
