/**
 * The reconciler's api-version data (src/azure/arm/api-versions.ts) against the emulator's table
 * derived from the specs (src/emulator/kusto/api-versions.generated.ts). The two are kept apart on
 * purpose (the emulator never shares code with the reconciler); this test catches divergence.
 */
import { describe, expect, it } from 'vitest';
import { KUSTO_API_VERSIONS, sinceOf } from '../../src/azure/arm/api-versions.js';
import { CONNECTION_KINDS, KIND_SPECS, READ_ONLY_PROPERTIES } from '../../src/core/kinds.js';
import { SPEC_API_VERSIONS } from '../../src/emulator/kusto/api-versions.generated.js';
import { SUPPORTED_API_VERSIONS } from '../../src/emulator/kusto/api-versions.js';

describe('the reconciler’s api-version table agrees with the emulator’s', () => {
  it('lists the same api-versions', () => {
    expect([...KUSTO_API_VERSIONS]).toEqual([...SUPPORTED_API_VERSIONS]);
  });

  it.each([...CONNECTION_KINDS])('%s: each writable property appears in the same api-version in both', (kind) => {
    const properties = Object.keys(KIND_SPECS[kind].properties).filter((p) => !(READ_ONLY_PROPERTIES as readonly string[]).includes(p));
    for (const property of properties) {
      const fromSpec = SUPPORTED_API_VERSIONS.find((v) => SPEC_API_VERSIONS[v]?.kinds[kind]?.properties.includes(property));
      expect(fromSpec, `${kind}.${property} is in no api-version of the spec table`).toBeDefined();
      expect(sinceOf(kind, property), `${kind}.${property}`).toBe(fromSpec);
    }
    const kindFromSpec = SUPPORTED_API_VERSIONS.find((v) => SPEC_API_VERSIONS[v]?.kinds[kind] !== undefined);
    expect(sinceOf(kind)).toBe(kindFromSpec);
  });

  it('the newest api-version knows every property the reconciler writes, and nothing more', () => {
    const newest = SPEC_API_VERSIONS[SUPPORTED_API_VERSIONS.at(-1) ?? ''];
    for (const kind of CONNECTION_KINDS) {
      const writable = Object.keys(KIND_SPECS[kind].properties).filter((p) => !(READ_ONLY_PROPERTIES as readonly string[]).includes(p));
      expect([...(newest?.kinds[kind]?.properties ?? [])].sort()).toEqual(writable.sort());
    }
  });
});

describe('its code', () => {
  it('is the one the workflow documents', async () => {
    const { AZURE_CODES } = await import('../../src/workflow/codes.js');
    const { API_VERSION_CODE } = await import('../../src/azure/arm/api-versions.js');
    expect(AZURE_CODES.apiVersionLacks).toBe(API_VERSION_CODE);
  });
});

describe('apiVersionProblems', () => {
  const connection = (kind: 'EventHub' | 'EventGrid', annotations: Record<string, string> = {}, properties: Record<string, string> = {}) => ({
    address: { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg', cluster: 'c1', database: 'd1', name: 'n1' },
    kind,
    location: 'West US',
    properties: { consumerGroup: 'adx', ...properties },
    labels: {},
    annotations,
    source: { file: 'm.yaml', line: 3, col: 1 },
    fieldSources: { retrievalStartDate: { file: 'm.yaml', line: 9, col: 3 } },
  });
  const state = (...connections: ReturnType<typeof connection>[]) => ({ connections, databases: [] });

  it('a gap-free replacement needs retrievalStartDate: refused where the version lacks it, from the annotation or the default', async () => {
    const { apiVersionProblems } = await import('../../src/azure/arm/api-versions.js');
    const annotated = state(connection('EventHub', { 'kustodian.io/replace-strategy': 'gap-free' }));
    expect(apiVersionProblems(annotated, '2022-02-01').map((d) => d.message)).toEqual([
      expect.stringContaining('c1/d1/n1: a gap-free replacement sets retrievalStartDate, which EventHub does not have in api-version 2022-02-01'),
    ]);
    expect(apiVersionProblems(annotated, '2022-07-07')).toEqual([]);
    expect(apiVersionProblems(state(connection('EventHub')), '2022-02-01', 'gap-free')).toHaveLength(1);
    expect(apiVersionProblems(state(connection('EventHub')), '2022-02-01')).toEqual([]);
    // EventGrid has no retrievalStartDate at all: never replaced gap-free, never refused for it.
    expect(apiVersionProblems(state(connection('EventGrid')), '2019-01-21', 'gap-free')).toEqual([]);
  });

  it('points at the field where it is written', async () => {
    const { apiVersionProblems } = await import('../../src/azure/arm/api-versions.js');
    const [d] = apiVersionProblems(state(connection('EventHub', {}, { retrievalStartDate: '2024-01-01T00:00:00Z' })), '2022-02-01');
    expect(d).toMatchObject({ code: 'KD408', severity: 'error', source: { file: 'm.yaml', line: 9, col: 3 } });
  });

  it('takes an api-version newer than the newest known to know everything', async () => {
    const { apiVersionProblems } = await import('../../src/azure/arm/api-versions.js');
    expect(apiVersionProblems(state(connection('EventHub', {}, { retrievalStartDate: 'x' })), '2099-01-01')).toEqual([]);
  });

  it('refuses what is not an api-version at all, whatever it sorts after', async () => {
    const { apiVersionProblems } = await import('../../src/azure/arm/api-versions.js');
    for (const hostile of ['9999', '2099-01-01; rm -rf /', 'latest', '', '2023-08-15\n']) {
      expect(apiVersionProblems(state(connection('EventHub')), hostile).map((d) => d.code)).toEqual(['KD408']);
    }
  });
});
