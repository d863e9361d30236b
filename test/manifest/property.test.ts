/**
 * Whatever the bytes, loadManifests never throws: it answers with diagnostics. Three sources of
 * input: arbitrary bytes, arbitrary text, and manifest-shaped YAML built from the real field
 * names (so the deeper checks run), with values of any type.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { KIND_SPECS } from '../../src/core/kinds.js';
import { loadManifests } from '../../src/manifest/load.js';
import { DOCUMENT_KINDS } from '../../src/manifest/documents.js';
import { makeTree } from '../helpers.js';

const t = makeTree({});
afterAll(() => t.cleanup());
const file = path.join(t.dir, 'input.yaml');

async function loadBytes(content: string | Uint8Array): Promise<Awaited<ReturnType<typeof loadManifests>>> {
  writeFileSync(file, content);
  return loadManifests(['input.yaml'], { cwd: t.dir, env: { SET: 'value', EMPTY: '' } });
}

const fieldNames = [
  'apiVersion', 'kind', 'metadata', 'spec', 'name', 'subscriptionId', 'resourceGroup', 'cluster', 'database',
  'labels', 'annotations', 'location', 'prune', 'ignore', 'protect', 'allowEmpty', '__proto__', 'constructor',
  'kustodian.io/protect', 'kustodian.io/replace-strategy', 'clientSecret',
  ...Object.values(KIND_SPECS).flatMap((k) => Object.keys(k.properties)),
];
const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom('${SET}', '${UNSET}', '${EMPTY:-x}', '$${X}', '${', 'csv', 'kustodian.io/v1', ...DOCUMENT_KINDS,
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Devices/IotHubs/h',
    '2024-01-01T00:00:00Z', 'true', 'legacy-*'),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
);
const { value: manifestLike } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string()), tie('value'), { maxKeys: 6 }),
  ),
}));

describe('loadManifests never throws', () => {
  it('on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const result = await loadBytes(bytes);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('on arbitrary text, YAML punctuation included', async () => {
    const yamlish = fc.array(
      fc.oneof(fc.string(), fc.constantFrom(':', '- ', '[', ']', '{', '}', '&a ', '*a', '\n', '  ', '---\n', '? ', '|', '>', '"', "'", '!!str ', '%YAML 1.1\n', '#')),
      { maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(yamlish, async (parts) => {
        const result = await loadBytes(parts.join(''));
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on manifest-shaped documents with values of any type, and keeps only what it can vouch for', async () => {
    const docs = fc.array(
      fc.record({
        apiVersion: fc.constantFrom('kustodian.io/v1', 'v2'),
        kind: fc.constantFrom(...DOCUMENT_KINDS),
        metadata: manifestLike,
        spec: manifestLike,
      }),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(docs, async (ds) => {
        const text = ds.map((d) => stringify(d)).join('---\n');
        const result = await loadBytes(text);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        // Every error points into the file; what reaches the state is complete.
        for (const d of errors) expect(d.source?.file).toBe('input.yaml');
        expect(result.state.connections.length + result.state.databases.length).toBeLessThanOrEqual(ds.length);
        for (const c of result.state.connections) {
          expect(Object.values(c.address).every((v) => typeof v === 'string' && v !== '')).toBe(true);
          const required = Object.entries(KIND_SPECS[c.kind].properties).filter(([, p]) => p.required);
          for (const [name] of required) expect(c.properties[name], name).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});
