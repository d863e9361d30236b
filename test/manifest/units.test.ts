/** Tables for the small pure pieces: did-you-mean, resource IDs, ${VAR}, name globs. */
import { describe, expect, it } from 'vitest';
import { canonicalEnumValue, DATA_FORMATS } from '../../src/core/kinds.js';
import { matchesNameGlob } from '../../src/core/name-glob.js';
import { substitute } from '../../src/manifest/variables/interpolate.js';
import { checkResourceId, parseResourceId } from '../../src/manifest/schema/resource-id.js';
import { editDistance, suggest } from '../../src/manifest/checks/suggest.js';

const fields = ['iotHubResourceId', 'consumerGroup', 'sharedAccessPolicyName', 'tableName', 'mappingRuleName', 'dataFormat'];

describe('suggest', () => {
  it.each([
    ['consumerGroupName', 'consumerGroup'],
    ['consumergroup', 'consumerGroup'],
    ['TableName', 'tableName'],
    ['tabelName', 'tableName'],
    ['dataformat', 'dataFormat'],
    ['mapping', 'mappingRuleName'],
    ['iotHubId', undefined],
    ['zzz', undefined],
    ['', undefined],
  ])('%s → %s', (input, expected) => {
    expect(suggest(input, fields)).toBe(expected);
  });

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('cvs', 'csv')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

const sub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers';

describe('resource IDs', () => {
  it.each([
    [`${sub}/Microsoft.Devices/IotHubs/myhub`, 'Microsoft.Devices/IotHubs', undefined],
    [`${sub}/Microsoft.EventHub/namespaces/ns/eventhubs/hub`, 'Microsoft.EventHub/namespaces/eventhubs', undefined],
    [
      `${sub}/Microsoft.Storage/storageAccounts/sa/providers/Microsoft.EventGrid/eventSubscriptions/s`,
      'Microsoft.EventGrid/eventSubscriptions',
      'Microsoft.Storage/storageAccounts',
    ],
  ])('parses %s', (id, type, scopeType) => {
    const parsed = parseResourceId(id);
    expect(parsed.ok && parsed.id.type).toBe(type);
    expect(parsed.ok && parsed.id.scopeType).toBe(scopeType);
  });

  it.each([
    ['subscriptions/x', 'it must start with /subscriptions/'],
    [`${sub}/Microsoft.Devices/IotHubs/myhub/`, 'it ends with /'],
    [`${sub}//Microsoft.Devices/IotHubs/myhub`, 'empty segment'],
    ['/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Devices/IotHubs/h', 'not a GUID'],
    [`${sub}/Microsoft.Devices/IotHubs`, 'has no name after it'],
    [`${sub}/Devices/IotHubs/h`, 'provider namespace'],
    [' /subscriptions/x', 'white space'],
  ])('refuses %s (%s)', (id, detail) => {
    const parsed = parseResourceId(id);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.detail).toContain(detail);
  });

  it('compares types case-insensitively and checks an extension resource\'s scope', () => {
    expect(checkResourceId(`${sub.toLowerCase()}/microsoft.devices/iothubs/h`, ['Microsoft.Devices/IotHubs']).ok).toBe(true);
    const eg = ['Microsoft.EventGrid/eventSubscriptions'];
    const scopes = ['Microsoft.Storage/storageAccounts', 'Microsoft.EventGrid/systemTopics'];
    expect(checkResourceId(`${sub}/Microsoft.EventGrid/systemTopics/t/providers/Microsoft.EventGrid/eventSubscriptions/s`, eg, scopes).ok).toBe(true);
    expect(checkResourceId(`${sub}/Microsoft.EventGrid/eventSubscriptions/s`, eg, scopes)).toMatchObject({ ok: false, problem: 'wrongScope' });
    expect(checkResourceId(`${sub}/Microsoft.Devices/IotHubs/h`, eg, scopes)).toMatchObject({ ok: false, problem: 'wrongType' });
  });
});

describe('${VAR} substitution', () => {
  const env = { A: 'one', EMPTY: '' };
  it.each([
    ['plain', 'plain'],
    ['${A}', 'one'],
    ['x-${A}-${A}', 'x-one-one'],
    ['${B:-two}', 'two'],
    ['${EMPTY:-three}', 'three'],
    ['${EMPTY}', ''],
    ['${A:-ignored}', 'one'],
    ['$${A}', '${A}'],
    ['$Default', '$Default'],
    ['${B:-}', ''],
  ])('%s → %s', (text, expected) => {
    expect(substitute(text, env)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['${B}', 'undefined'],
    ['${A', 'malformed'],
    ['${1A}', 'malformed'],
    ['${A:-${B}}', 'malformed'],
    ['${}', 'malformed'],
  ])('%s is refused (%s)', (text, problem) => {
    expect(substitute(text, env)).toMatchObject({ ok: false, problem });
  });

  it('names every variable without a value in one scalar, each once', () => {
    expect(substitute('/x/${B}/y/${A}/${C}/${B}', env)).toEqual({ ok: false, problem: 'undefined', names: ['B', 'C'] });
  });
});

describe('name globs and enum spelling', () => {
  it.each([
    ['legacy-*', 'legacy-import', true],
    ['legacy-*', 'LEGACY-IMPORT', true],
    ['legacy-*', 'my-legacy-import', false],
    ['storm-?', 'storm-1', true],
    ['storm-?', 'storm-12', false],
    ['a.b', 'aXb', false],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(matchesNameGlob(glob, name)).toBe(expected);
  });

  it('spells enum values as Azure does, aliases included', () => {
    expect(canonicalEnumValue({ values: DATA_FORMATS }, 'apacheAvro')).toBe('APACHEAVRO');
    expect(
      canonicalEnumValue({ values: ['Microsoft.Storage.BlobCreated'], aliases: { BlobCreated: 'Microsoft.Storage.BlobCreated' } }, 'blobcreated'),
    ).toBe('Microsoft.Storage.BlobCreated');
    expect(canonicalEnumValue({ values: DATA_FORMATS }, 'XML')).toBeUndefined();
  });
});
