/**
 * Writing a file without following a symbolic link out of the directory it belongs in: every
 * file the reconciler writes (export's manifests, `plan --out`, `drift --out`, `report merge
 * --out`, `reconcile --report`) and every file the emulator writes (its state, TLS and CA
 * files). The one module both import (docs/architecture.md: `src/fs/` knows files, not Azure,
 * so sharing it cannot make the emulator agree with the reconciler about the service).
 *
 * Rules: the folders from `root` down to the file are created when missing; one that exists
 * may be a link only if it leads inside `root` (resolved); the file itself may be a link only
 * if it leads inside `root`, and is then replaced where it leads. The bytes go to a new
 * temporary file (created exclusively: never through a link planted at its name) in the real
 * folder, which is then renamed over the target, so a reader sees the old file or the new one.
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class UnsafePathError extends Error {
  /** `link`: a symbolic link leads out of the root; `other`: something else is in the way. */
  constructor(
    readonly reason: 'link' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function linkTarget(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined; // a dangling link, or a loop
  }
}

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Where writing `file` (under `root`) would put its bytes, following only links that stay inside
 * `root`; throws UnsafePathError otherwise. With `create`, missing folders are made on the way.
 */
export function resolveInside(root: string, file: string, create: boolean): string {
  const rootAbs = path.resolve(root);
  const fileAbs = path.resolve(rootAbs, file);
  const rel = path.relative(rootAbs, fileAbs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new UnsafePathError('other', `${fileAbs} is not inside ${rootAbs}`);
  if (create) mkdirSync(rootAbs, { recursive: true });
  const realRoot = linkTarget(rootAbs) ?? rootAbs;

  let shown = rootAbs;
  let real = realRoot;
  const parts = rel.split(path.sep);
  const name = parts.pop() ?? '';
  for (const part of parts) {
    shown = path.join(shown, part);
    const info = lstatOrUndefined(shown);
    if (info === undefined) {
      if (create) mkdirSync(shown);
      real = path.join(real, part);
      continue;
    }
    if (info.isSymbolicLink()) {
      const target = linkTarget(shown);
      if (target === undefined || !inside(realRoot, target)) throw new UnsafePathError('link', `${shown} is a symbolic link to ${target ?? 'nothing'}, outside ${rootAbs}: nothing is written through it (remove the link, or write somewhere else)`);
      real = target;
    } else {
      real = path.join(real, part);
    }
    if (!lstatSync(real).isDirectory()) throw new UnsafePathError('other', `${shown} is not a directory`);
  }

  shown = path.join(shown, name);
  let target = path.join(real, name);
  let existing = lstatOrUndefined(target);
  if (existing?.isSymbolicLink()) {
    const resolved = linkTarget(target);
    if (resolved === undefined || !inside(realRoot, resolved)) throw new UnsafePathError('link', `${shown} is a symbolic link to ${resolved ?? 'nothing'}, outside ${rootAbs}: nothing is written through it (remove the link, or write somewhere else)`);
    target = resolved;
    existing = lstatSync(target);
  }
  if (existing !== undefined && !existing.isFile()) throw new UnsafePathError('other', `${shown} exists and is not a regular file`);
  return target;
}

/** Writes `data` to `file`, which must be under `root` (see resolveInside); whole or not at all. */
export function writeFileInside(root: string, file: string, data: string | Uint8Array, options: { readonly mode?: number } = {}): void {
  const target = resolveInside(root, file, true);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), options.mode ?? 0o666);
  try {
    try {
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}

/** Writes `data` to `file`, refusing a link that leads out of the file's own folder. */
export function writeFileSafely(file: string, data: string | Uint8Array, options: { readonly mode?: number } = {}): void {
  const absolute = path.resolve(file);
  writeFileInside(path.dirname(absolute), absolute, data, options);
}
