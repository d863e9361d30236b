/**
 * Corpus cases built at test time: files too large to commit, bytes git would mangle or refuse
 * (binary, UTF-16/32, invalid UTF-8), symbolic links that escape the tree, and FIFOs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FILE_BYTES } from '../../src/manifest/files/read.js';

export interface ExpectedDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface GeneratedCase {
  readonly name: string;
  readonly about: string;
  /** The paths given to the command (default: `.`). */
  readonly paths?: readonly string[];
  readonly build: (dir: string) => void;
  readonly diagnostics: readonly ExpectedDiagnostic[];
}

const error = (code: string, file: string, line = 1, col = 1): ExpectedDiagnostic => ({ code, severity: 'error', file, line, col });
const bytes = (...b: number[]): Buffer => Buffer.from(b);
const yaml = 'apiVersion: kustodian.io/v1\nkind: Defaults\n';

function file(name: string, content: string | Uint8Array): (dir: string) => void {
  return (dir) => writeFileSync(join(dir, name), content);
}

/**
 * A case in `tree/` (the path given) with `outside/secret.yaml` next to it, and a symbolic link
 * at `tree/<at>` to `target` (relative to the scratch directory, or absolute).
 */
function linkCase(name: string, about: string, at: string, target: string, code: 'KD100' | 'KD103'): GeneratedCase {
  return {
    name,
    about,
    paths: ['tree'],
    build: (dir) => {
      mkdirSync(join(dir, 'tree'));
      mkdirSync(join(dir, 'outside'));
      writeFileSync(join(dir, 'outside', 'secret.yaml'), yaml);
      symlinkSync(target.startsWith('/') ? target : join(dir, target), join(dir, 'tree', at));
    },
    diagnostics: [error(code, `tree/${at}`)],
  };
}

const MANY = 300;

export const GENERATED: readonly GeneratedCase[] = [
  { name: 'huge-file', about: 'a file one byte over the 1 MiB limit', build: file('main.yaml', `#${'x'.repeat(MAX_FILE_BYTES - 1)}\n`), diagnostics: [error('KD101', 'main.yaml')] },
  { name: 'huge-value', about: 'a table name of 1.1 MiB', build: file('main.yaml', `${yaml}spec:\n  tableName: ${'t'.repeat(MAX_FILE_BYTES + 100_000)}\n`), diagnostics: [error('KD101', 'main.yaml')] },
  { name: 'runaway-flow-nesting', about: 'a 1 MiB run of [ (refused before the YAML parser)', build: file('main.yaml', `a: ${'['.repeat(MAX_FILE_BYTES - 10)}`), diagnostics: [error('KD113', 'main.yaml', 1, 1004)] },
  { name: 'long-line', about: 'a 900 KB line that is not a mapping', build: file('main.yaml', `${'x'.repeat(900_000)}\n`), diagnostics: [error('KD116', 'main.yaml')] },
  {
    name: 'many-invalid-documents',
    about: `${MANY} documents, each of an unknown kind: each reported at its place`,
    build: file('main.yaml', Array.from({ length: MANY }, () => 'apiVersion: kustodian.io/v1\nkind: Nope\n').join('---\n')),
    diagnostics: Array.from({ length: MANY }, (_, i) => error('KD121', 'main.yaml', 3 * i + 2, 7)),
  },
  { name: 'binary', about: 'NUL bytes (a binary file)', build: file('main.yaml', bytes(0x61, 0x3a, 0x00, 0x01, 0x02, 0x0a)), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'utf16-le', about: 'UTF-16 little-endian with its byte-order mark', build: file('main.yaml', Buffer.concat([bytes(0xff, 0xfe), Buffer.from(yaml, 'utf16le')])), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'utf16-be', about: 'UTF-16 big-endian with its byte-order mark', build: file('main.yaml', Buffer.concat([bytes(0xfe, 0xff), Buffer.from(yaml, 'utf16le').swap16()])), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'utf32-le', about: 'UTF-32 little-endian with its byte-order mark', build: file('main.yaml', bytes(0xff, 0xfe, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00)), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'latin1', about: 'ISO-8859-1 text (é as one byte)', build: file('main.yaml', Buffer.from(`${yaml}metadata:\n  labels: { team: caf\xe9 }\n`, 'latin1')), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'overlong-utf8', about: 'an overlong UTF-8 encoding of /', build: file('main.yaml', Buffer.concat([Buffer.from('a: '), bytes(0xc0, 0xaf), Buffer.from('\n')])), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'utf8-surrogate', about: 'a UTF-16 surrogate encoded as UTF-8', build: file('main.yaml', Buffer.concat([Buffer.from('a: '), bytes(0xed, 0xa0, 0x80), Buffer.from('\n')])), diagnostics: [error('KD102', 'main.yaml')] },
  { name: 'truncated-utf8', about: 'a UTF-8 sequence cut off at the end of the file', build: file('main.yaml', Buffer.concat([Buffer.from('a: '), bytes(0xe2, 0x82)])), diagnostics: [error('KD102', 'main.yaml')] },
  linkCase('symlink-file-outside', 'a manifest link to a file outside the tree', 'link.yaml', 'outside/secret.yaml', 'KD103'),
  linkCase('symlink-directory-outside', 'a directory link leading outside the tree', 'escape', 'outside', 'KD103'),
  linkCase('symlink-to-system-file', 'a manifest link to /etc/passwd', 'passwd.yaml', '/etc/passwd', 'KD103'),
  linkCase('symlink-broken', 'a link to nothing', 'broken.yaml', 'tree/nowhere.yaml', 'KD100'),
  linkCase('symlink-loop', 'a link to itself', 'self.yaml', 'tree/self.yaml', 'KD100'),
  {
    name: 'fifo-in-tree',
    about: 'a FIFO named *.yaml inside the tree',
    build: (dir) => execFileSync('mkfifo', [join(dir, 'pipe.yaml')]),
    diagnostics: [error('KD100', 'pipe.yaml')],
  },
  {
    name: 'fifo-named-directly',
    about: 'a FIFO with no writer, named as the manifest (opening it must not wait)',
    paths: ['pipe.yaml'],
    build: (dir) => execFileSync('mkfifo', [join(dir, 'pipe.yaml')]),
    diagnostics: [error('KD100', 'pipe.yaml')],
  },
];
