/**
 * Where the schema modelines of manifests written under a directory point (`export`): at the
 * manifest schema of the kustodian the repository installs, `node_modules/kustodian/schemas/...`
 * from the repository's root, so an editor finds the schema of the pinned version on every
 * machine that ran `npm ci`. Only when kustodian runs from inside that same repository (its own
 * checkout) does the modeline point at the running copy's schemas/. Never a path out of the
 * repository: a modeline is committed, and `../../../proj/...` means nothing on another machine.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageFile } from '../../fs/package-root.js';

/** The manifest JSON Schema of the running kustodian. */
export const RUNNING_SCHEMA = packageFile('schemas', 'v1', 'manifest.schema.json');

/** The nearest folder at or above `dir` that holds package.json or .git; `fallback` if none does. */
function repositoryRoot(dir: string, fallback: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json')) || existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return fallback;
  }
}

/**
 * The modelines' schema path, relative to `dir` and `/`-separated. `cwd` stands for the
 * repository's root when no folder above `dir` looks like one.
 */
export function modelineSchema(dir: string, cwd: string, running: string = RUNNING_SCHEMA): string {
  const root = repositoryRoot(dir, cwd);
  const fromRoot = path.relative(root, running);
  const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !path.isAbsolute(fromRoot);
  const target = inside ? running : path.join(root, 'node_modules', 'kustodian', 'schemas', 'v1', 'manifest.schema.json');
  return path.relative(dir, target).split(path.sep).join('/');
}
