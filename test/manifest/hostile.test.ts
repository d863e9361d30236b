/**
 * Hostile or odd input on disk is refused cleanly: oversized, binary and non-UTF-8 files,
 * symbolic links out of the tree and in cycles, missing paths; and accepted where it is only
 * odd (a byte-order mark, CRLF line ends). Nothing pollutes Object.prototype.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';
import { MAX_FILE_BYTES } from '../../src/manifest/files/read.js';
import { iotHubManifest, tempTrees } from '../helpers.js';

const tree = tempTrees();

async function codes(dir: string, paths: string[] = ['.']): Promise<string[]> {
  const result = await loadManifests(paths, { cwd: dir, env: {} });
  return result.diagnostics.map((d) => `${d.source?.file}:${d.source?.line}:${d.source?.col} ${d.code}`);
}

describe('files', () => {
  it('refuses a file over the size limit, saying so', async () => {
    const dir = tree({ 'big.yaml': `# ${'x'.repeat(MAX_FILE_BYTES)}\n` });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KD101']);
    expect(result.diagnostics[0]?.message).toContain(`${MAX_FILE_BYTES}-byte limit`);
  });

  it('refuses binary, UTF-16 and invalid UTF-8 files', async () => {
    const dir = tree({
      'a-binary.yaml': new Uint8Array([0x61, 0x3a, 0x00, 0x01, 0x02]),
      'b-utf16.yaml': new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00]),
      'c-latin1.yaml': new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
    });
    expect(await codes(dir)).toEqual(['a-binary.yaml:1:1 KD102', 'b-utf16.yaml:1:1 KD102', 'c-latin1.yaml:1:1 KD102']);
  });

  it('accepts a UTF-8 byte-order mark and CRLF line ends, with positions unchanged', async () => {
    const text = iotHubManifest('a', '  tableName: 12\n').replace(/\n/g, '\r\n');
    const dir = tree({ 'a.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) });
    expect(await codes(dir)).toEqual(['a.yaml:14:14 KD124']);
  });

  it('reports a path that does not exist, and warns about a directory with no manifests', async () => {
    const dir = tree({ 'empty/README.md': 'nothing here' });
    expect(await codes(dir, ['missing', 'empty'])).toEqual(['empty:1:1 KD104', 'missing:1:1 KD100']);
  });

  it('reads a file named directly whatever its extension, and skips hidden and node_modules directories', async () => {
    const dir = tree({
      'conn.txt': iotHubManifest('a'),
      'tree/.hidden/x.yaml': 'not: [valid',
      'tree/node_modules/y.yaml': 'not: [valid',
      'tree/b.yml': iotHubManifest('b').replace('myhub', 'otherhub'),
    });
    const result = await loadManifests(['conn.txt', 'tree'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(['conn.txt', 'tree/b.yml']);
  });
});

describe('special files', () => {
  it('refuses a FIFO, named directly or found in a tree, at once (opening one must not wait for a writer)', async () => {
    const dir = tree({ 'tree/ok.yaml': iotHubManifest('a') });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml'), path.join(dir, 'tree/pipe.yaml')]);
    expect(await codes(dir, ['pipe.yaml', 'tree'])).toEqual(['pipe.yaml:1:1 KD100', 'tree/pipe.yaml:1:1 KD100']);
  }, 5_000);
});

describe('nesting', () => {
  it('refuses runaway flow nesting before parsing, and block nesting past the limit', async () => {
    const dir = tree({
      'flow.yaml': `a: ${'['.repeat(MAX_FILE_BYTES - 10)}`,
      'block.yaml': Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      'quoted.yaml': `apiVersion: kustodian.io/v1\nkind: Defaults\nmetadata:\n  labels: { team: "${'['.repeat(2000)}" }\n`,
    });
    expect(await codes(dir)).toEqual(['block.yaml:34:34 KD113', 'flow.yaml:1:1004 KD113', 'quoted.yaml:4:19 KD126']);
  });
});

describe('symbolic links', () => {
  it('refuses a link that leads outside the tree', async () => {
    const dir = tree({ 'outside/secret.yaml': iotHubManifest('a'), 'tree/ok.yaml': iotHubManifest('b').replace('myhub', 'hub2') });
    symlinkSync(path.join(dir, 'outside/secret.yaml'), path.join(dir, 'tree/link.yaml'));
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'tree/linkdir'));
    expect(await codes(dir, ['tree'])).toEqual(['tree/link.yaml:1:1 KD103', 'tree/linkdir:1:1 KD103']);
  });

  it('follows a link inside the tree once, and does not hang on a cycle', async () => {
    const dir = tree({ 'tree/sub/a.yaml': iotHubManifest('a') });
    symlinkSync(path.join(dir, 'tree'), path.join(dir, 'tree/sub/loop'));
    symlinkSync(path.join(dir, 'tree/sub/a.yaml'), path.join(dir, 'tree/alias.yaml'));
    mkdirSync(path.join(dir, 'tree/other'));
    symlinkSync(path.join(dir, 'tree/sub'), path.join(dir, 'tree/other/sub-link'));
    const result = await loadManifests(['tree'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(['tree/alias.yaml']);
    expect(result.state.connections.map((c) => c.address.name)).toEqual(['a']);
  });

  it('reports a broken link', async () => {
    const dir = tree({ 'tree/a.yaml': iotHubManifest('a') });
    symlinkSync(path.join(dir, 'tree/nowhere.yaml'), path.join(dir, 'tree/broken.yaml'));
    expect(await codes(dir, ['tree'])).toEqual(['tree/broken.yaml:1:1 KD100']);
  });
});

describe('prototype pollution', () => {
  it('refuses __proto__, constructor and prototype keys and pollutes nothing', async () => {
    const dir = tree({
      'a.yaml': iotHubManifest('a').replace('  database: mykustodatabase\n', '  database: mykustodatabase\n  labels:\n    __proto__: { polluted: "yes" }\n    prototype: x\n'),
      'b.yaml': '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}\n',
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KD114', 'KD114', 'KD114', 'KD114']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
