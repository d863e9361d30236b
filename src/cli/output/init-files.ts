/**
 * The files `kustodian init` writes: the manifests-repository template shipped in the package
 * (examples/manifests-repo/: starter manifests, GitHub Actions, Azure Pipelines and Kubernetes
 * examples), less what the user's own `npm install` already made (package.json and its lock)
 * and the template's own README; `.gitignore` is merged (npm leaves it out of a package). Nothing that exists is overwritten, and nothing is written
 * through a symbolic link that leads out of the target directory.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, writeSync } from 'node:fs';
import path from 'node:path';
import { packageFile } from '../../fs/package-root.js';

/** The template inside the installed package (or the checkout). */
export const TEMPLATE_DIR = packageFile('examples', 'manifests-repo');

/** Template files that the user's repository already has its own of, or that describe the template. */
const NOT_COPIED = new Set(['package.json', 'package-lock.json', 'README.md', '.gitignore']);

/** Lines `.gitignore` needs: npm's installs and the embedded emulator's state. */
export const GITIGNORE_LINES = ['node_modules/', '.kustodian/'] as const;

export interface InitResult {
  /** Paths written, relative to the target, in order. */
  readonly written: readonly string[];
  /** Paths that existed and were left as they are. */
  readonly kept: readonly string[];
}

function templateFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) return templateFiles(dir, child);
      return e.isFile() && !(rel === '' && NOT_COPIED.has(e.name)) ? [child] : [];
    });
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Refuses a path under `root` whose existing folders lead out of it through a link. */
function checkInside(root: string, realRoot: string, rel: string): void {
  let dir = root;
  for (const part of path.dirname(rel).split('/').filter((p) => p !== '.')) {
    dir = path.join(dir, part);
    if (!exists(dir)) return;
    const real = realpathSync(dir);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new Error(`${path.relative(root, dir)} is a link to ${real}, outside ${root}: kustodian init writes only inside the target directory. Remove the link or choose another directory.`);
    }
  }
}

/** Writes `text` to a new file; `wx` fails on anything already there, a dangling link included. */
function writeNew(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** `.gitignore` with the lines kustodian needs: created, or the missing lines appended. */
function gitignore(root: string): 'written' | 'kept' | 'updated' {
  const file = path.join(root, '.gitignore');
  if (!exists(file)) {
    writeNew(file, `${GITIGNORE_LINES.join('\n')}\n`);
    return 'written';
  }
  if (lstatSync(file).isSymbolicLink()) return 'kept';
  const text = readFileSync(file, 'utf8');
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(l.replace(/\/$/, '')));
  if (missing.length === 0) return 'kept';
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${text === '' || text.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return 'updated';
}

/** Copies the template into `root` (created if missing); checks every target before writing any. */
export function initRepository(root: string, template: string = TEMPLATE_DIR): InitResult {
  mkdirSync(root, { recursive: true });
  const realRoot = realpathSync(root);
  const files = templateFiles(template);
  for (const rel of [...files, '.gitignore']) checkInside(root, realRoot, rel);
  const written: string[] = [];
  const kept: string[] = [];
  for (const rel of files) {
    const target = path.join(root, rel);
    if (exists(target)) {
      kept.push(rel);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeNew(target, readFileSync(path.join(template, rel), 'utf8'));
    written.push(rel);
  }
  const ignore = gitignore(root);
  (ignore === 'kept' ? kept : written).push('.gitignore');
  return { written, kept };
}
