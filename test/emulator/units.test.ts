/** The emulator's small pieces on their own: regions, dates, resource IDs, names, seeds, TLS. */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDateTime, normalizeDateTime } from '../../src/emulator/format/datetime.js';
import { parseResourceId } from '../../src/emulator/arm/ids.js';
import { nameProblem, parseKind } from '../../src/emulator/kusto/kinds.js';
import { findRegion } from '../../src/emulator/arm/regions.js';
import { matchRoute, pathSegments } from '../../src/emulator/http/router.js';
import { parseSeedText, SeedError } from '../../src/emulator/state/seed.js';
import { tlsFor } from '../../src/emulator/http/tls.js';
import { buildWorld } from '../../src/emulator/state/world.js';
import { DEFAULT_SEED_FILE, readSeedFile } from '../../src/emulator/index.js';

describe('regions', () => {
  it.each(['westus', 'West US', 'WestUS', ' west  us '])('%j is West US', (spelling) => {
    expect(findRegion(spelling)).toEqual({ name: 'westus', displayName: 'West US' });
  });
  it('tells West US 2 from West US and knows no Atlantis', () => {
    expect(findRegion('West US 2')?.name).toBe('westus2');
    expect(findRegion('Atlantis')).toBeUndefined();
  });
});

describe('dates', () => {
  it('writes seven fractional digits in UTC', () => {
    expect(normalizeDateTime('2022-07-29T12:00:00.6554616Z')).toBe('2022-07-29T12:00:00.6554616Z');
    expect(normalizeDateTime('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00.0000000Z');
    expect(normalizeDateTime('2024-01-01T02:30:00.5+02:00')).toBe('2024-01-01T00:30:00.5000000Z');
    expect(formatDateTime(Date.UTC(2024, 1, 3, 4, 5, 6, 789))).toBe('2024-02-03T04:05:06.7890000Z');
  });
  it('refuses what is not a date-time', () => {
    for (const v of ['yesterday', '2024-01-01', '2024-13-01T00:00:00Z', '']) expect(normalizeDateTime(v)).toBeUndefined();
  });
  it('keeps the instant of any ISO string', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), (d) => {
        expect(Date.parse(normalizeDateTime(d.toISOString()) ?? '')).toBe(d.getTime());
      }),
    );
  });
});

describe('resource IDs and routes', () => {
  it('parses provider chains, extension resources included', () => {
    expect(parseResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/h')).toEqual({
      subscription: 's',
      resourceGroup: 'rg',
      chain: 'microsoft.eventhub/namespaces/eventhubs',
      names: ['ns', 'h'],
    });
    expect(parseResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/providers/Microsoft.EventGrid/eventSubscriptions/e')?.chain).toBe(
      'microsoft.storage/storageaccounts/providers/microsoft.eventgrid/eventsubscriptions',
    );
    for (const bad of ['', 'subscriptions/s', '/subscriptions/s/resourceGroups/rg', '/subscriptions/s/resourceGroups/rg/providers/X/t', '/subscriptions//resourceGroups/rg/providers/X/t/n']) {
      expect(parseResourceId(bad)).toBeUndefined();
    }
  });
  it('never throws on any path, and refuses or routes it', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          matchRoute(pathSegments(`/${s}`));
        } catch (err) {
          expect((err as { code?: string }).code).toBe('InvalidRequestUri');
        }
      }),
    );
  });
  it('decodes names with spaces', () => {
    const route = matchRoute(pathSegments('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kusto/clusters/c/databases/d/dataConnections/my%20conn'));
    expect(route).toMatchObject({ type: 'connection', name: 'my conn' });
  });
});

describe('kinds and names', () => {
  it('spells kinds exactly', () => {
    expect(parseKind('eventhub')).toBe('EventHub');
    expect(parseKind('COSMOSDB')).toBe('CosmosDb');
    expect(parseKind('Kafka')).toBeUndefined();
  });
  it('applies the data-connection name rules', () => {
    for (const ok of ['a', 'my conn.v-1', 'x'.repeat(40)]) expect(nameProblem(ok)).toBeUndefined();
    for (const bad of ['', ' ', 'x'.repeat(41), 'a_b', 'a/b', 'ü']) expect(nameProblem(bad)).toBeDefined();
  });
});

describe('seeds', () => {
  it('the shipped seed loads and has the example world', () => {
    const world = buildWorld(readSeedFile(DEFAULT_SEED_FILE));
    const rg = world.subscriptions.get('00000000-0000-0000-0000-000000000000')?.resourceGroups.get('testrg');
    const cluster = rg?.clusters.get('mykustocluster');
    expect(cluster?.region.displayName).toBe('Central US');
    expect([...(cluster?.databases.keys() ?? [])]).toEqual(['mykustodatabase', 'analyticsdb']);
    expect([...(cluster?.databases.get('mykustodatabase')?.tables.keys() ?? [])]).toEqual(['StormEvents', 'Telemetry', 'BlobLogs', 'CosmosChanges']);
    expect([...(rg?.eventHubNamespaces.get('myeventhubns')?.hubs.get('blobevents')?.members.values() ?? [])]).toEqual(['$Default', 'adx']);
    expect([...(rg?.iotHubs.get('myhub')?.sharedAccessPolicies.values() ?? [])]).toEqual([
      { name: 'iothubowner', rights: 'RegistryWrite, ServiceConnect, DeviceConnect' },
      { name: 'iothubforread', rights: 'ServiceConnect' },
    ]);
    // Every example connection's identity holds what it needs to read its source.
    const sub = world.subscriptions.get('00000000-0000-0000-0000-000000000000');
    expect(sub?.roleAssignments.map((a) => [a.scope.split('/').pop(), a.roleDefinitionId, a.principalId === cluster?.principalId ? 'cluster' : 'identity'])).toEqual([
      ['myeventhubns', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'cluster'],
      ['blobevents', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'identity'],
      ['telemetry', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'identity'],
      ['mystorageaccount', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'identity'],
      ['mycosmosaccount', 'fbdf93bf-df7d-467e-a4d2-9458aa1360c8', 'identity'],
    ]);
    expect(rg?.cosmosDbAccounts.get('mycosmosaccount')?.sqlRoleAssignments.map((a) => a.roleDefinitionId)).toEqual(['00000000-0000-0000-0000-000000000001']);
    expect([...(cluster?.databases.get('mykustodatabase')?.tables.get('StormEvents')?.mappings.values() ?? [])]).toEqual([{ name: 'StormEvents_CSV_Mapping', kind: 'Csv', mapping: '[]' }]);
  });
  it.each([
    ['[]', /must be a mapping/],
    ['{}', /'subscriptions' is required/],
    ['subscriptions: [{ id: "" }]', /subscriptions\[0\]\.id: must be a non-empty string/],
    ['subscriptions: [{ id: s, resourceGroups: [{ name: rg, iotHubs: [{ name: h, consumerGroups: [1] }] }] }]', /iotHubs\[0\]\.consumerGroups: must be a list/],
    ['subscriptions: [{ id: s, resourceGroups: [{ name: rg, clusters: [{ name: c, location: Mars }] }] }]', /unknown location 'Mars'/],
    ['subscriptions: [{ id: s }, { id: S }]', /declared twice/],
    ['a: [', /not valid YAML/],
    ['subscriptions: [{ id: s, roleAssignments: [{ scope: /subscriptions/s, role: Reader }] }]', /roleAssignments\[0\]: needs exactly one of 'principalId', 'cluster'/],
    ['subscriptions: [{ id: s, roleAssignments: [{ scope: /subscriptions/s, role: Nope, principalId: p }] }]', /seed: subscription s, roleAssignments\[0\]: unknown role 'Nope'/],
    ['subscriptions: [{ id: s, roleAssignments: [{ scope: /subscriptions/other, role: Reader, principalId: p }] }]', /scope '\/subscriptions\/other' is not in subscription s/],
    ['subscriptions: [{ id: s, roleAssignments: [{ scope: /subscriptions/s, role: Reader, cluster: c }] }]', /seed: subscription s, roleAssignments\[0\]: cluster 'c' is not declared in this subscription/],
    ['subscriptions: [{ id: s, resourceGroups: [{ name: rg, clusters: [{ name: c, location: westus, databases: [{ name: d, tables: [{ name: t, mappings: [{ name: m, kind: xml }] }] }] }] }] }]', /mapping m: unknown kind 'xml'/],
    ['subscriptions: [{ id: s, resourceGroups: [{ name: rg, clusters: [{ name: c, location: westus, userAssignedIdentities: [u] }] }] }]', /user-assigned identity 'u' is not declared in this resource group/],
    ['subscriptions: [{ id: s, resourceGroups: [{ name: rg, eventHubNamespaces: [{ name: n, eventHubs: [{ name: h, partitionCount: 0 }] }] }] }]', /partitionCount: must be a whole number from 1 to 1024/],
  ])('refuses %s', (text, message) => {
    const attempt = () => buildWorld(parseSeedText(text, 'my.yaml'));
    expect(attempt).toThrow(SeedError);
    expect(attempt).toThrow(message);
  });
});

describe('tls', () => {
  it('makes a P-256 leaf for 127.0.0.1 signed by the CA it hands out, once per process', async () => {
    const first = await tlsFor('127.0.0.1');
    expect(await tlsFor('127.0.0.1')).toBe(first);
    const leaf = new X509Certificate(first.cert);
    const ca = new X509Certificate(first.ca);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(ca.ca).toBe(true);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});

describe('fault matching', () => {
  it('at most one answering fault fires per request; a shadowed one keeps its count; latency stacks', async () => {
    const { Faults } = await import('../../src/emulator/control/faults.js');
    const faults = new Faults();
    const first = faults.add({ method: 'PUT', times: 2, action: { type: 'status', status: 429 } });
    const second = faults.add({ method: 'PUT', path: 'conn-a', times: 1, action: { type: 'status', status: 409 } });
    faults.add({ method: 'PUT', action: { type: 'latency', ms: 1 } });
    const fire = (path: string) => faults.atRequest('PUT', path).map((f) => (f.action.type === 'status' ? f.action.status : f.action.type));
    expect(fire('/x/conn-a')).toEqual([429, 'latency']);
    expect(fire('/x/conn-a')).toEqual([429, 'latency']);
    expect(fire('/x/conn-a')).toEqual([409, 'latency']);
    expect(fire('/x/conn-a')).toEqual(['latency']);
    expect(faults.list().map((f) => f.id)).not.toContain(first.id);
    expect(faults.list().map((f) => f.id)).not.toContain(second.id);
  });
});
