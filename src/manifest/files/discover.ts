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

export async function discoverManifestFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: ManifestFile[]; diagnostics: Diagnostic[] }> {
  const found: ManifestFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const visitedDirs = new Set<string>();

  const problem = (absolute: string, d: (at: { file: string; line: number; col: number }) => Diagnostic): void => {
    diagnostics.push(d({ file: displayPath(absolute, cwd), line: 1, col: 1 }));
  };

  // Shown paths of the files under cwd, by slicing rather than path.relative for each one.
  const cwdPrefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  const shown = (absolute: string): string =>
    path.sep === '/' && absolute.startsWith(cwdPrefix) ? absolute.slice(cwdPrefix.length) : displayPath(absolute, cwd);

  // Synchronous, as reading is (see read.ts): directory entries come with their type, so a
  // tree of thousands of files costs one readdir per directory and no stat per file.
  function walkDir(dirAbs: string, dirReal: string, root: string): void {
    if (visitedDirs.has(dirReal)) return;
    visitedDirs.add(dirReal);
    let entries: Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
    } catch (err) {
      problem(dirAbs, (at) => report(KD.pathUnreadable, at, at.file, errorReason(err)));
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (skipped(name)) continue;
      // Both are absolute and normal already, and a directory entry's name holds no separator.
      const abs = joinName(dirAbs, name);
      let real = joinName(dirReal, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink() || (!isDir && !isFile)) {
        let info;
        try {
          info = lstatSync(abs);
          if (info.isSymbolicLink()) {
            real = realpathSync(abs);
            info = statSync(real);
          }
        } catch (err) {
          problem(abs, (at) => report(KD.pathUnreadable, at, at.file, `${entry.isSymbolicLink() ? 'symbolic link: ' : ''}${errorReason(err)}`));
          continue;
        }
        isDir = info.isDirectory();
        isFile = info.isFile();
        if (entry.isSymbolicLink() && !inside(root, real)) {
          if (isDir || isManifestName(name)) problem(abs, (at) => report(KD.symlinkOutside, at, displayPath(real, cwd)));
          continue;
        }
      }
      if (isDir) walkDir(abs, real, root);
      else if (!isManifestName(name)) continue;
      else if (isFile) found.push({ path: shown(abs), absolute: abs, real });
      else problem(abs, (at) => report(KD.pathUnreadable, at, at.file, 'not a regular file (a FIFO, socket or device)'));
    }
  }

  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let real: string;
    let isDir: boolean;
    try {
      real = realpathSync(abs);
      isDir = statSync(real).isDirectory();
    } catch (err) {
      problem(abs, (at) => report(KD.pathUnreadable, at, given, errorReason(err)));
      continue;
    }
    if (!isDir) {
      found.push({ path: displayPath(abs, cwd), absolute: abs, real });
      continue;
    }
    if (visitedDirs.has(real)) continue; // named twice, or inside a path already walked
    const before = { files: found.length, problems: diagnostics.length };
    walkDir(abs, real, real);
    // "No manifests" only when nothing at all turned up (a problem already says what did).
    if (found.length === before.files && diagnostics.length === before.problems) problem(abs, (at) => report(KD.noManifests, at, given));
  }

  // Sorted by the shown path; a real file reached twice (a link, or two overlapping paths)
  // is kept once, under the first shown path.
  found.sort((a, b) => compareText(a.path, b.path));
  const seen = new Set<string>();
  const files = found.filter((f) => (seen.has(f.real) ? false : (seen.add(f.real), true)));
  return { files, diagnostics };
}
