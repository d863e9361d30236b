/**
 * Reads one manifest file as text, refusing what is not a small UTF-8 text file: too large,
 * binary, UTF-16, or bytes that are not UTF-8. A UTF-8 byte-order mark is dropped; CRLF line
 * ends are left to the YAML parser, which accepts them.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic } from '../../core/diagnostics.js';
import { KD, report } from '../codes.js';

/** The largest manifest file read: 1 MiB. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

/**
 * Synchronous on purpose: a plan reads its manifests before it does anything else, and three
 * synchronous system calls per file (open, read, close) cost a fraction of their promise-based
 * versions (which each hop to the thread pool) when a tree holds thousands of small files.
 */
export function readManifestFile(absolute: string, display: string, maxBytes: number = MAX_FILE_BYTES): ReadResult {
  const at = { file: display, line: 1, col: 1 };
  let bytes: Buffer;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once (to be refused below as
    // not a regular file) instead of blocking the process forever; it changes nothing for regular files.
    const fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      // Nearly every manifest is far smaller than the scratch buffer: one read, no stat and no
      // allocation. Anything else (empty, large, not a regular file, an error) takes the long way.
      const quick = quickRead(fd);
      if (quick > 0 && quick < SCRATCH.length && quick <= maxBytes) return decode(SCRATCH.subarray(0, quick), display);
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        return { ok: false, diagnostic: report(KD.pathUnreadable, at, display, 'not a regular file') };
      }
      if (stat.size > maxBytes) {
        return { ok: false, diagnostic: report(KD.fileTooLarge, at, stat.size, maxBytes) };
      }
      // Read at most one byte past the limit: the file may have grown since stat. The buffer
      // starts at the size stat reported (not the limit: a 1 MiB buffer per file made loading
      // thousands of small files allocation-bound) and grows only if the file did.
      let buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
          buffer.copy(grown, 0, 0, length);
          buffer = grown;
        }
        const wanted = buffer.length - length;
        const bytesRead = readSync(fd, buffer, length, wanted, length);
        length += bytesRead;
        if (length > maxBytes) {
          return { ok: false, diagnostic: report(KD.fileTooLarge, at, length, maxBytes) };
        }
        // A short read of a regular file is its end: no second call just to be told so.
        if (bytesRead < wanted) break;
      }
      bytes = buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { ok: false, diagnostic: report(KD.pathUnreadable, at, display, errorReason(err)) };
  }
  return decode(bytes, display);
}

/** Holds one file at a time: what is read into it is decoded to a string before the next read. */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/** Bytes read into SCRATCH from the start of the file, or 0 when that failed. */
function quickRead(fd: number): number {
  try {
    return readSync(fd, SCRATCH, 0, SCRATCH.length, 0);
  } catch {
    return 0; // said precisely by the long way
  }
}

/** `fatal` refuses invalid UTF-8 rather than inventing U+FFFD; the BOM is dropped by default. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text, or the reason it is not. */
export function decode(bytes: Uint8Array, display: string): ReadResult {
  const at = { file: display, line: 1, col: 1 };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, diagnostic: report(KD.notText, at, 'it is UTF-16 (it starts with a UTF-16 byte-order mark)') };
  }
  if (bytes.includes(0)) {
    return { ok: false, diagnostic: report(KD.notText, at, 'it contains NUL bytes (a binary file?)') };
  }
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, diagnostic: report(KD.notText, at, 'it contains bytes that are not valid UTF-8') };
  }
}

export function errorReason(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
