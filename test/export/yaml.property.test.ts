/**
 * Whatever the string, what export writes reads back as that string through the manifest
 * parser and the `${VAR}` interpolation: quoting, `$${` escaping, lists, booleans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDocument, type YamlMap } from '../../src/export/yaml.js';
import { interpolateTree } from '../../src/manifest/variables/interpolate.js';
import { parseManifestText } from '../../src/manifest/yaml/parse.js';
import { toPlain } from '../../src/manifest/yaml/tree.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';

/** The body as the loader reads it back, after interpolation against an environment that sets everything. */
function readBack(body: YamlMap): unknown {
  const text = renderDocument({ comment: ['a comment', '', 'another'], body }, ['yaml-language-server: $schema=x.json']);
  const parsed = parseManifestText(text, 'x.yaml');
  expect(parsed.diagnostics).toEqual([]);
  const root = parsed.documents[0]?.root;
  if (root === undefined) throw new Error(`no document in:\n${text}`);
  const diagnostics: Diagnostic[] = [];
  const env = new Proxy({}, { get: () => 'FROM-ENV' });
  const value = toPlain(interpolateTree(root, env, diagnostics));
  expect(diagnostics).toEqual([]);
  return JSON.parse(JSON.stringify(value)) as unknown;
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('$Default', '${VAR}', '$${VAR}', 'a$${b}', '${', 'true', 'False', 'yes', 'No', 'on', 'null', '~', '123', '1e5', '0x1F', '0o17',
    '1_000', '.5', '+1', '-', '2024-01-01', '12:30:00', 'a: b', '#x', 'x #y', '[a]', '{a}', '*x', '&x', '!x', '%x', '@x', '`x', ' lead', 'trail ', 'a\nb', '', "'q'", '"dq"'),
);

describe('what export writes reads back exactly', () => {
  it('any string value, in a map and in a list', () => {
    fc.assert(
      fc.property(text, fc.array(text.filter((s) => s !== ''), { maxLength: 4 }), (value, list) => {
        const body = { apiVersion: 'kustodian.io/v1', spec: { value, list, flag: true } };
        expect(readBack(body)).toEqual(body);
      }),
      { numRuns: 400 },
    );
  });

  it('writes `${` as `$${`, and values YAML 1.1 readers would misread in double quotes', () => {
    const written = renderDocument({ comment: [], body: { a: 'Map_${env}', b: 'yes', c: 'on', d: '1_000', e: '$Default', f: 'plain text' } });
    expect(written).toBe('a: Map_$${env}\nb: "yes"\nc: "on"\nd: "1_000"\ne: $Default\nf: plain text\n');
  });

  it('puts comment lines above the document, a blank one as a bare #', () => {
    expect(renderDocument({ comment: ['one', '', 'two'], body: { a: 'b' } }, ['head'])).toBe('# head\n#\n# one\n#\n# two\na: b\n');
  });
});
