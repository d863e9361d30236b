/**
 * `kustodian validate` through main(): exit codes, the file:line:col output, the summary line,
 * and the JSON report.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, iotHubManifest, tempTrees } from '../helpers.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const tree = tempTrees();
const run = (io: ReturnType<typeof captureIO>, ...args: string[]): Promise<number> => main(['node', 'kustodian', 'validate', ...args], io);

describe('kustodian validate', () => {
  it('exits 0 on the example tree (default path manifests/, here test/fixtures/manifests) with a one-line summary', async () => {
    const io = captureIO(FIXTURES_DIR);
    expect(await run(io)).toBe(0);
    expect(io.err()).toBe('');
    expect(io.out()).toBe(
      'valid: 6 documents in 6 files: 1 CosmosDbDataConnection, 1 Defaults, 1 EventGridDataConnection, ' +
        '1 EventHubDataConnection, 1 IotHubDataConnection, 1 ManagedDatabase\n',
    );
  });

  it('exits 1 after reporting every problem as file:line:col: error CODE: message, paths relative to cwd', async () => {
    const dir = tree({
      'm/a.yaml': iotHubManifest('a', '  consumerGroupName: adx\n'),
      'm/b.yaml': 'apiVersion: kustodian.io/v1\nkind: Nope\n',
    });
    const io = captureIO(dir);
    expect(await run(io, 'm')).toBe(1);
    const lines = io.err().split('\n').filter((l) => !l.startsWith('  hint: ') && l !== '');
    expect(lines).toEqual([
      'm/a.yaml:14:3: error KD122: unknown field `consumerGroupName` in spec of IotHubDataConnection',
      'm/b.yaml:2:7: error KD121: unknown kind `Nope`',
      'invalid: 2 errors (1 document in 2 files)',
    ]);
    expect(io.err()).toContain('  hint: did you mean `consumerGroup`?');
    expect(io.out()).toBe('');
  });

  it('warnings do not fail', async () => {
    const dir = tree({ 'a.yaml': iotHubManifest('a', '  eventSystemProperties: [message-id, not-documented]\n') });
    const io = captureIO(dir);
    expect(await run(io, '.')).toBe(0);
    expect(io.err()).toMatch(/^a\.yaml:14:39: warning KD144: /);
    expect(io.out()).toBe('valid: 1 document in 1 file: 1 IotHubDataConnection (1 warning)\n');
  });

  it('-o json prints the versioned report, the same diagnostics, and exits as text does', async () => {
    const dir = tree({ 'a.yaml': iotHubManifest('a', '  dataFormat: XML\n') });
    const io = captureIO(dir);
    expect(await run(io, '-o', 'json', 'a.yaml')).toBe(1);
    expect(io.err()).toBe('');
    const report = JSON.parse(io.out()) as unknown;
    expect(report).toEqual({
      formatVersion: 1,
      valid: false,
      summary: { files: 1, documents: 1, errors: 1, warnings: 0, kinds: { IotHubDataConnection: 1 } },
      files: ['a.yaml'],
      diagnostics: [
        {
          severity: 'error',
          code: 'KD125',
          message: expect.stringContaining('`spec.dataFormat` is `XML`') as unknown,
          hint: expect.any(String) as unknown,
          source: { file: 'a.yaml', line: 14, col: 15 },
        },
      ],
    });
  });

  it('colours the severity only when asked (FORCE_COLOR) and never with NO_COLOR', async () => {
    const dir = tree({ 'a.yaml': 'kind: Defaults\n' });
    const coloured = captureIO(dir, { FORCE_COLOR: '1' });
    expect(await run(coloured, '.')).toBe(1);
    expect(coloured.err()).toContain('\u001b[31merror KD120\u001b[0m');
    const plain = captureIO(dir, { FORCE_COLOR: '1', NO_COLOR: '1' });
    await run(plain, '.');
    expect(plain.err()).not.toContain('\u001b[');
  });

  it('refuses an unknown output format', async () => {
    const io = captureIO(FIXTURES_DIR);
    expect(await run(io, '-o', 'yaml')).toBe(1);
    expect(io.err()).toContain("'yaml' is invalid");
  });
});
