/**
 * Files kustodian ships beside its code (package.json, schemas/, emulator/seed.yaml, the
 * starter template), found from the package's root: the nearest folder above this module
 * holding kustodian's package.json. A path relative to the module itself would break as soon as
 * the module moves: under tests it runs from src/, installed from dist/, and the CLI runs from
 * the bundle in dist/bundle/ (scripts/bundle.mjs), whose chunks sit at another depth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function findRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'kustodian') return dir;
    if (dirname(dir) === dir) throw new Error(`kustodian's package.json was not found above ${start}: the installation is incomplete; reinstall kustodian`);
  }
}

/** The absolute path of a file shipped with kustodian, by its path from the package root. */
export function packageFile(...segments: string[]): string {
  root ??= findRoot();
  return join(root, ...segments);
}
