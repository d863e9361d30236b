/**
 * Where `kustodian export` puts its files: every target is checked before the first is written
 * (an existing file is refused without --force; a directory in the way always is), then all
 * are written, none through a symbolic link that leads out of --dir (see safe-write.ts). Also
 * notes the other manifests under the directory, which validate and plan read together with the
 * exported ones.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { EXPORT_CODES } from '../../export/codes.js';
import type { ExportedFile } from '../../export/export.js';
import { resolveInside, UnsafePathError, writeFileInside } from '../../fs/safe-write.js';

export interface Target {
  /** As shown to people: relative to the working directory, `/`-separated. */
  readonly shown: string;
  readonly absolute: string;
  /** --dir, absolute: no file is written through a link that leads out of it. */
  readonly root: string;
  readonly text: string;
}

export function targetsOf(files: readonly ExportedFile[], dirAbsolute: string, cwd: string): Target[] {
  return files.map((f) => {
    const absolute = path.join(dirAbsolute, ...f.path.split('/'));
    return { shown: path.relative(cwd, absolute).split(path.sep).join('/'), absolute, root: dirAbsolute, text: f.text };
  });
}

function at(file: string): { file: string; line: number; col: number } {
  return { file, line: 1, col: 1 };
}

function linkOutside(t: Target, e: UnsafePathError): Diagnostic {
  return { severity: 'error', code: EXPORT_CODES.linkOutside, message: `a symbolic link leads out of --dir: ${e.message}`, hint: 'remove the link, or choose another --dir; export never writes outside --dir', source: at(t.shown) };
}

async function kindOf(p: string): Promise<'file' | 'other' | 'none'> {
  try {
    return (await stat(p)).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/** Every reason not to write, for all targets at once. */
export async function refusals(targets: readonly Target[], force: boolean): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const t of targets) {
    try {
      resolveInside(t.root, t.absolute, false);
    } catch (e) {
      if (!(e instanceof UnsafePathError)) throw e;
      if (e.reason === 'link') {
        out.push(linkOutside(t, e));
        continue;
      }
    }
    const kind = await kindOf(t.absolute);
    if (kind === 'other') {
      out.push({ severity: 'error', code: EXPORT_CODES.fileExists, message: 'something other than a file is in the way of this manifest', hint: 'move it away, or choose another --dir', source: at(t.shown) });
    } else if (kind === 'file' && !force) {
      out.push({ severity: 'error', code: EXPORT_CODES.fileExists, message: 'the file exists already; nothing was written', hint: 'run again with --force to overwrite it, or choose another --dir', source: at(t.shown) });
    }
  }
  return out;
}

/** Manifest files under `dirAbsolute` that export does not write (those the loader reads). */
export async function otherManifests(dirAbsolute: string, targets: readonly Target[], cwd: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dirAbsolute, { recursive: true });
  } catch {
    return [];
  }
  const written = new Set(targets.map((t) => t.absolute));
  return entries
    .filter((e) => /\.ya?ml$/i.test(e) && !e.split(path.sep).some((seg) => seg.startsWith('.') || seg === 'node_modules'))
    .map((e) => path.join(dirAbsolute, e))
    .filter((abs) => !written.has(abs))
    .map((abs) => path.relative(cwd, abs).split(path.sep).join('/'))
    .sort();
}

export function otherManifestsWarning(dirShown: string, others: readonly string[]): Diagnostic {
  const listed = others.slice(0, 5).join(', ') + (others.length > 5 ? `, and ${others.length - 5} more` : '');
  return {
    severity: 'warning',
    code: EXPORT_CODES.otherManifests,
    message: `${dirShown} also holds ${others.length} manifest file${others.length === 1 ? '' : 's'} export did not write (${listed}); validate and plan read them with the exported ones`,
    hint: 'remove those that describe the same connections (an earlier export of a connection deleted since, for instance), then run kustodian plan',
    address: dirShown,
  };
}

/** Writes every target; answers the failures. */
export async function writeTargets(targets: readonly Target[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const t of targets) {
    try {
      writeFileInside(t.root, t.absolute, t.text);
    } catch (e) {
      // A link planted between the check and the write is refused here.
      if (e instanceof UnsafePathError && e.reason === 'link') {
        out.push(linkOutside(t, e));
        continue;
      }
      out.push({ severity: 'error', code: EXPORT_CODES.writeFailed, message: `cannot write the file: ${e instanceof Error ? e.message : String(e)}`, hint: 'check the permissions of --dir, then run again with --force', source: at(t.shown) });
    }
  }
  return out;
}
