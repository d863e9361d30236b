import { describe, expect, it } from 'vitest';
import { mappingKindsOf } from '../../src/plan/mapping-kinds.js';
import { actionMatches, missingActions, REQUIRED_ACCESS, scopeCovers } from '../../src/plan/rules/required-access.js';
import { DATA_FORMATS, CONNECTION_KINDS } from '../../src/core/kinds.js';

describe('required access', () => {
  it('matches action wildcards as Azure RBAC does: * spans any characters, case-insensitively, nothing else is special', () => {
    const receive = 'Microsoft.EventHub/namespaces/messages/receive/action';
    expect(actionMatches('*', receive)).toBe(true);
    expect(actionMatches('Microsoft.EventHub/*', receive)).toBe(true);
    expect(actionMatches('microsoft.eventhub/NAMESPACES/messages/receive/action', receive)).toBe(true);
    expect(actionMatches('Microsoft.EventHub/*/receive/action', receive)).toBe(true);
    expect(actionMatches('Microsoft.EventHub/namespaces/messages/send/action', receive)).toBe(false);
    expect(actionMatches('Microsoft.EventHub.namespaces/messages/receive/action', 'Microsoft.EventHubXnamespaces/messages/receive/action')).toBe(false);
  });

  it('a scope covers the resource and what is below it, on segment boundaries', () => {
    const hub = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/hub';
    expect(scopeCovers('/', hub)).toBe(true);
    expect(scopeCovers('/subscriptions/s', hub)).toBe(true);
    expect(scopeCovers('/SUBSCRIPTIONS/s/resourcegroups/RG/', hub)).toBe(true);
    expect(scopeCovers(hub, hub)).toBe(true);
    expect(scopeCovers('/subscriptions/s/resourceGroups/rg2', hub)).toBe(false);
    expect(scopeCovers('/subscriptions/s/resourceGroups/r', hub)).toBe(false);
    expect(scopeCovers(`${hub}/consumergroups/x`, hub)).toBe(false);
  });

  it('an action is missing unless a covering grant allows it and its NotDataActions do not take it back', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa';
    const read = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
    const grant = (dataActions: string[], notDataActions: string[] = [], scope = '/subscriptions/s') => ({ scope, roleDefinitionId: 'r', roleName: 'r', permissions: [{ dataActions, notDataActions }] });
    expect(missingActions([grant(['Microsoft.Storage/*'])], id, [read])).toEqual([]);
    expect(missingActions([grant(['Microsoft.Storage/*'], ['*/blobs/read'])], id, [read])).toEqual([read]);
    expect(missingActions([grant(['*'], [], '/subscriptions/other')], id, [read])).toEqual([read]);
    expect(missingActions([], id, [read])).toEqual([read]);
  });

  it('has a row for every kind, and every data format a mapping kind', () => {
    expect(Object.keys(REQUIRED_ACCESS).sort()).toEqual([...CONNECTION_KINDS].sort());
    for (const f of DATA_FORMATS) expect(mappingKindsOf(f).length, f).toBeGreaterThan(0);
    expect(mappingKindsOf('multijson')).toEqual(['json']);
    expect(mappingKindsOf('APACHEAVRO')).toEqual(['apacheavro', 'avro']);
    expect(mappingKindsOf('TSVE')).toEqual(['csv']);
    expect(mappingKindsOf('NOPE')).toEqual([]);
  });
});
