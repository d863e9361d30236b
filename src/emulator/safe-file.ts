/**
 * Writing a file without following a symbolic link out of the directory it belongs in: the
 * emulator's state file, its TLS material and its CA file. The reconciler's writers use
 * src/cli/safe-write.ts, the same rules; the emulator keeps its own copy because it imports
 * nothing of the reconciler (test/architecture.test.ts), and test/core/safe-write.test.ts runs
 * one table of cases against both.
 *
 * Rules: the folders from `root` down to the file are created when missing; one that exists
 * may be a link only if it leads inside `root` (resolved); the file itself may be a link only
 * if it leads inside `root`, and is then replaced where it leads. The bytes go to a new
 * temporary file (created exclusively: never through a link planted at its name) in the real
 * folder, which is then renamed over the target, so a reader sees the old file or the new one.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeFileSync, constants } from 'node:fs';
import path from 'node:path';

export class UnsafePathError extends Error {
  constructor(message: string) {
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

/** Writes `data` to `file`, which must be `root` or under it; throws UnsafePathError for a link out. */
export function writeFileInside(root: string, file: string, data: string | Uint8Array, options: { readonly mode?: number } = {}): void {
  const rootAbs = path.resolve(root);
  const fileAbs = path.resolve(rootAbs, file);
  const rel = path.relative(rootAbs, fileAbs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new UnsafePathError(`${fileAbs} is not inside ${rootAbs}`);
  mkdirSync(rootAbs, { recursive: true });
  const realRoot = realpathSync(rootAbs);

  // The folders between root and the file: each a real folder inside root, or created.
  let shown = rootAbs;
  let real = realRoot;
  const parts = rel.split(path.sep);
  const name = parts.pop() ?? '';
  for (const part of parts) {
    shown = path.join(shown, part);
    let info;
    try {
      info = lstatSync(shown);
    } catch {
      mkdirSync(shown);
      real = path.join(real, part);
      continue;
    }
    if (info.isSymbolicLink()) {
      const target = linkTarget(shown);
      if (target === undefined || !inside(realRoot, target)) throw new UnsafePathError(`${shown} is a symbolic link to ${target ?? 'nothing'}, outside ${rootAbs}: nothing was written through it`);
      real = target;
    } else {
      real = path.join(real, part);
    }
    if (!lstatSync(real).isDirectory()) throw new UnsafePathError(`${shown} is not a directory`);
  }

  // The file: absent, a regular file, or a link to a regular file inside root.
  shown = path.join(shown, name);
  let target = path.join(real, name);
  let existing;
  try {
    existing = lstatSync(target);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink()) {
    const resolved = linkTarget(target);
    if (resolved === undefined || !inside(realRoot, resolved)) throw new UnsafePathError(`${shown} is a symbolic link to ${resolved ?? 'nothing'}, outside ${rootAbs}: nothing was written through it`);
    target = resolved;
    existing = lstatSync(target);
  }
  if (existing !== undefined && !existing.isFile()) throw new UnsafePathError(`${shown} exists and is not a regular file`);

  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), options.mode ?? 0o666);
  try {
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}
