/**
 * Corpus cases built at test time: files too large to commit, bytes git would mangle or refuse
 * (binary, UTF-16/32, invalid UTF-8), symbolic links that escape the tree, and FIFOs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FILE_BYTES } from '../../src/manifest/read.js';

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

/** A tree with `tree/ok.yaml` and, outside it, `outside/`: the case adds a link from one to the other. */
function linked(make: (dir: string) => void): (dir: string) => void {
  return (dir) => {
    mkdirSync(join(dir, 'tree'));
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'secret.yaml'), yaml);
    make(dir);
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
  {
    name: 'symlink-file-outside',
    about: 'a manifest link to a file outside the tree',
    paths: ['tree'],
    build: linked((dir) => symlinkSync(join(dir, 'outside', 'secret.yaml'), join(dir, 'tree', 'link.yaml'))),
    diagnostics: [error('KD103', 'tree/link.yaml')],
  },
  {
    name: 'symlink-directory-outside',
    about: 'a directory link leading outside the tree',
    paths: ['tree'],
    build: linked((dir) => symlinkSync(join(dir, 'outside'), join(dir, 'tree', 'escape'))),
    diagnostics: [error('KD103', 'tree/escape')],
  },
  {
    name: 'symlink-to-system-file',
    about: 'a manifest link to /etc/passwd',
    paths: ['tree'],
    build: linked((dir) => symlinkSync('/etc/passwd', join(dir, 'tree', 'passwd.yaml'))),
    diagnostics: [error('KD103', 'tree/passwd.yaml')],
  },
  {
    name: 'symlink-broken',
    about: 'a link to nothing',
    paths: ['tree'],
    build: linked((dir) => symlinkSync(join(dir, 'tree', 'nowhere.yaml'), join(dir, 'tree', 'broken.yaml'))),
    diagnostics: [error('KD100', 'tree/broken.yaml')],
  },
  {
    name: 'symlink-loop',
    about: 'a link to itself',
    paths: ['tree'],
    build: linked((dir) => symlinkSync(join(dir, 'tree', 'self.yaml'), join(dir, 'tree', 'self.yaml'))),
    diagnostics: [error('KD100', 'tree/self.yaml')],
  },
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
