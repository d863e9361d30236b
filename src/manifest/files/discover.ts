/**
 * Finds the manifest files under the paths given: `*.yaml` and `*.yml`, recursively, in a stable
 * sorted order. A file named directly is read whatever its extension. Hidden entries (`.git`,
 * `.github`, ...) and `node_modules` are skipped.
 *
 * Symbolic links: one that leads outside the tree it was found in (the path given, resolved) is
 * an error; one inside is followed, but each real directory and file is visited once, so links
 * back up the tree cannot loop and a linked file is not loaded twice.
 */
import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { KD, report } from '../codes.js';
import { errorReason } from './read.js';
import { compareText } from '../../core/order.js';

export interface ManifestFile {
  /** The path shown to people and written in diagnostics: relative to cwd, `/`-separated. */
  readonly path: string;
  /** The absolute path, through any symbolic links, as found. */
  readonly absolute: string;
  /** The resolved real path (used to visit each file once). */
  readonly real: string;
}

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml'] as const;

export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

function isManifestName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function joinName(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** One discovery: what it found, what went wrong, and the directories it has walked. */
class Discovery {
  readonly found: ManifestFile[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly visitedDirs = new Set<string>();
  private readonly cwdPrefix: string;

  constructor(private readonly cwd: string) {
    this.cwdPrefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  }

  problem(absolute: string, d: (at: { file: string; line: number; col: number }) => Diagnostic): void {
    this.diagnostics.push(d({ file: displayPath(absolute, this.cwd), line: 1, col: 1 }));
  }

  /** Shown paths of the files under cwd, by slicing rather than path.relative for each one. */
  private shown(absolute: string): string {
    return path.sep === '/' && absolute.startsWith(this.cwdPrefix) ? absolute.slice(this.cwdPrefix.length) : displayPath(absolute, this.cwd);
  }

  /** One path the user named: a file is taken as it is, a directory is walked. */
  given(given: string): void {
    const abs = path.resolve(this.cwd, given);
    let real: string;
    let isDir: boolean;
    try {
      real = realpathSync(abs);
      isDir = statSync(real).isDirectory();
    } catch (err) {
      this.problem(abs, (at) => report(KD.pathUnreadable, at, given, errorReason(err)));
      return;
    }
    if (!isDir) {
      this.found.push({ path: displayPath(abs, this.cwd), absolute: abs, real });
      return;
    }
    if (this.visitedDirs.has(real)) return; // named twice, or inside a path already walked
    const before = { files: this.found.length, problems: this.diagnostics.length };
    this.walkDir(abs, real, real);
    // "No manifests" only when nothing at all turned up (a problem already says what did).
    if (this.found.length === before.files && this.diagnostics.length === before.problems) this.problem(abs, (at) => report(KD.noManifests, at, given));
  }

  // Synchronous, as reading is (see read.ts): directory entries come with their type, so a
  // tree of thousands of files costs one readdir per directory and no stat per file.
  private walkDir(dirAbs: string, dirReal: string, root: string): void {
    if (this.visitedDirs.has(dirReal)) return;
    this.visitedDirs.add(dirReal);
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
    } catch (err) {
      this.problem(dirAbs, (at) => report(KD.pathUnreadable, at, at.file, errorReason(err)));
      return;
    }
    for (const entry of entries) {
      if (skipped(entry.name)) continue;
      // Both are absolute and normal already, and a directory entry's name holds no separator.
      const abs = joinName(dirAbs, entry.name);
      const kind = this.kindOf(entry, abs, joinName(dirReal, entry.name), root);
      if (kind === undefined) continue;
      if (kind.isDir) this.walkDir(abs, kind.real, root);
      else if (!isManifestName(entry.name)) continue;
      else if (kind.isFile) this.found.push({ path: this.shown(abs), absolute: abs, real: kind.real });
      else this.problem(abs, (at) => report(KD.pathUnreadable, at, at.file, 'not a regular file (a FIFO, socket or device)'));
    }
  }

  /** What an entry is, following a link (undefined: skip it; a link out of the tree is reported). */
  private kindOf(entry: Dirent, abs: string, real: string, root: string): { real: string; isDir: boolean; isFile: boolean } | undefined {
    if (!entry.isSymbolicLink() && (entry.isDirectory() || entry.isFile())) return { real, isDir: entry.isDirectory(), isFile: entry.isFile() };
    let info;
    try {
      info = lstatSync(abs);
      if (info.isSymbolicLink()) {
        real = realpathSync(abs);
        info = statSync(real);
      }
    } catch (err) {
      this.problem(abs, (at) => report(KD.pathUnreadable, at, at.file, `${entry.isSymbolicLink() ? 'symbolic link: ' : ''}${errorReason(err)}`));
      return undefined;
    }
    const isDir = info.isDirectory();
    if (entry.isSymbolicLink() && !inside(root, real)) {
      if (isDir || isManifestName(entry.name)) this.problem(abs, (at) => report(KD.symlinkOutside, at, displayPath(real, this.cwd)));
      return undefined;
    }
    return { real, isDir, isFile: info.isFile() };
  }
}

export async function discoverManifestFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: ManifestFile[]; diagnostics: Diagnostic[] }> {
  const discovery = new Discovery(cwd);
  for (const given of paths) discovery.given(given);
  // Sorted by the shown path; a real file reached twice (a link, or two overlapping paths)
  // is kept once, under the first shown path.
  const found = discovery.found.sort((a, b) => compareText(a.path, b.path));
  const seen = new Set<string>();
  const files = found.filter((f) => (seen.has(f.real) ? false : (seen.add(f.real), true)));
  return { files, diagnostics: discovery.diagnostics };
}
