/**
 * Finds the manifest files under the paths given: `*.yaml` and `*.yml`, recursively, in a stable
 * sorted order. A file named directly is read whatever its extension. Hidden entries (`.git`,
 * `.github`, ...) and `node_modules` are skipped.
 *
 * Symbolic links: one that leads outside the tree it was found in (the path given, resolved) is
 * an error; one inside is followed, but each real directory and file is visited once, so links
 * back up the tree cannot loop and a linked file is not loaded twice.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { KD, report } from './codes.js';
import { errorReason } from './read.js';

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

  async function walkDir(dirAbs: string, dirReal: string, root: string): Promise<void> {
    if (visitedDirs.has(dirReal)) return;
    visitedDirs.add(dirReal);
    let names: string[];
    try {
      names = (await readdir(dirAbs)).sort();
    } catch (err) {
      problem(dirAbs, (at) => report(KD.pathUnreadable, at, at.file, errorReason(err)));
      return;
    }
    for (const name of names) {
      if (skipped(name)) continue;
      const abs = path.join(dirAbs, name);
      let info;
      try {
        info = await lstat(abs);
      } catch (err) {
        problem(abs, (at) => report(KD.pathUnreadable, at, at.file, errorReason(err)));
        continue;
      }
      let real = path.join(dirReal, name);
      if (info.isSymbolicLink()) {
        try {
          real = await realpath(abs);
          info = await stat(real);
        } catch (err) {
          problem(abs, (at) => report(KD.pathUnreadable, at, at.file, `symbolic link: ${errorReason(err)}`));
          continue;
        }
        if (!inside(root, real)) {
          if (info.isDirectory() || isManifestName(name)) {
            problem(abs, (at) => report(KD.symlinkOutside, at, displayPath(real, cwd)));
          }
          continue;
        }
      }
      if (info.isDirectory()) await walkDir(abs, real, root);
      else if (!isManifestName(name)) continue;
      else if (info.isFile()) found.push({ path: displayPath(abs, cwd), absolute: abs, real });
      else problem(abs, (at) => report(KD.pathUnreadable, at, at.file, 'not a regular file (a FIFO, socket or device)'));
    }
  }

  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let real: string;
    let isDir: boolean;
    try {
      real = await realpath(abs);
      isDir = (await stat(real)).isDirectory();
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
    await walkDir(abs, real, real);
    // "No manifests" only when nothing at all turned up (a problem already says what did).
    if (found.length === before.files && diagnostics.length === before.problems) problem(abs, (at) => report(KD.noManifests, at, given));
  }

  // Sorted by the shown path; a real file reached twice (a link, or two overlapping paths)
  // is kept once, under the first shown path.
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  const files = found.filter((f) => (seen.has(f.real) ? false : (seen.add(f.real), true)));
  return { files, diagnostics };
}
