/**
 * The pure exporter: live state in, files out. Golden files for a database with every kind;
 * tables for what is left out, how locations and names are laid out, and which connections
 * cannot be exported and why.
 */
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DatabaseAddress } from '../../src/core/address.js';
import type { LiveConnection, LiveDatabase, Properties } from '../../src/core/model.js';
import { exportManifests, exportStream, type ExportResult } from '../../src/export/export.js';
import { DB, IDS, MINIMAL, live } from '../support/builders.js';
import { EVERY_KIND } from './fixtures.js';
import { filesUnder } from '../helpers.js';
import { expectGolden } from '../support/golden.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const SCHEMA = 'schemas/v1/manifest.schema.json';
const run = (dbs: LiveDatabase[]): ExportResult => exportManifests(dbs, { schemaPath: SCHEMA });
const text = (r: ExportResult, path: string): string => {
  const f = r.files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no file ${path} among ${r.files.map((x) => x.path).join(', ')}`);
  return f.text;
};
/** The spec of a connection file, parsed. */
const specOf = (r: ExportResult, path: string): Record<string, unknown> => {
  const [doc] = parseAllDocuments(text(r, path));
  return (doc?.toJS() as { spec: Record<string, unknown> }).spec;
};

describe('exportManifests (golden files)', () => {
  it('one database with every kind: Defaults, ManagedDatabase, one file per connection', () => {
    const r = run([EVERY_KIND]);
    const dir = join(GOLDEN, 'every-kind');
    if (process.env['UPDATE_GOLDEN'] !== '1') expect(r.files.map((f) => f.path)).toEqual(filesUnder(dir));
    for (const f of r.files) expectGolden(f.text, join(dir, f.path));
    expect(r.diagnostics).toEqual([]);
    expect(r.summary).toEqual({ databases: 1, connections: 4, skipped: 0 });
  });
});

describe('what a connection file holds', () => {
  it('keys in the order apiVersion, kind, metadata, spec; spec in the kinds table order', () => {
    const r = run([EVERY_KIND]);
    const lines = text(r, 'mykustocluster/mykustodatabase/telemetry-eventhub.yaml').split('\n').filter((l) => /^ {0,2}[a-zA-Z]/.test(l));
    expect(lines.map((l) => l.trim().split(':')[0])).toEqual([
      'apiVersion', 'kind', 'metadata', 'name', 'spec', 'eventHubResourceId', 'consumerGroup', 'tableName', 'mappingRuleName', 'dataFormat',
      'eventSystemProperties', 'compression', 'managedIdentityResourceId', 'databaseRouting',
    ]);
  });

  it.each<[string, string, Properties, Record<string, unknown>]>([
    ['server defaults are left out', 'EventHub', { ...MINIMAL.EventHub, compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] }, MINIMAL.EventHub],
    ['EventGrid defaults are left out', 'EventGrid', { ...MINIMAL.EventGrid, ignoreFirstRecord: false, blobStorageEventType: 'Microsoft.Storage.BlobCreated' }, MINIMAL.EventGrid],
    ['read-only and server-computed fields are left out', 'CosmosDb', { ...MINIMAL.CosmosDb, managedIdentityObjectId: 'x', provisioningState: 'Succeeded', retrievalStartDate: '2020-02-02T00:00:00Z' }, MINIMAL.CosmosDb],
    ['enum values in any case are written in the Azure spelling', 'EventHub', { ...MINIMAL.EventHub, dataFormat: 'multijson', compression: 'gzip', databaseRouting: 'MULTI' }, { ...MINIMAL.EventHub, dataFormat: 'MULTIJSON', compression: 'GZip', databaseRouting: 'Multi' }],
    ['a default spelt in another case is still a default', 'EventGrid', { ...MINIMAL.EventGrid, blobStorageEventType: 'microsoft.storage.blobcreated', databaseRouting: 'single' }, MINIMAL.EventGrid],
    ['an empty string is not set', 'EventHub', { ...MINIMAL.EventHub, mappingRuleName: '' }, MINIMAL.EventHub],
    ['resource IDs keep the casing the service answers', 'IotHub', { ...MINIMAL.IotHub, iotHubResourceId: IDS.iotHub.toUpperCase() }, { ...MINIMAL.IotHub, iotHubResourceId: IDS.iotHub.toUpperCase() }],
  ])('%s', (_name, kind, properties, spec) => {
    const r = run([{ address: DB, connections: [live('c1', kind, properties)] }]);
    expect(specOf(r, 'mykustocluster/mykustodatabase/c1.yaml')).toEqual(spec);
  });

  it('names that YAML would read as something else are quoted; $Default is not', () => {
    const r = run([{ address: DB, connections: [live('123', 'IotHub', { ...MINIMAL.IotHub, consumerGroup: 'true', tableName: 'null' })] }]);
    const t = text(r, 'mykustocluster/mykustodatabase/123.yaml');
    expect(t).toContain('  name: "123"\n');
    expect(t).toContain('  consumerGroup: "true"\n');
    expect(t).toContain('  tableName: "null"\n');
    expect(t).toContain('  iotHubResourceId: /subscriptions/');
  });
});

describe('location', () => {
  it('the location most connections share goes to Defaults; the others keep their own; spellings of one region count as one', () => {
    const r = run([
      {
        address: DB,
        connections: [
          live('a', 'EventHub', MINIMAL.EventHub, { location: 'West Europe' }),
          live('b', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'b' }, { location: 'Central US' }),
          live('c', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'c' }, { location: 'centralus' }),
        ],
      },
    ]);
    expect(text(r, 'mykustocluster/mykustodatabase/defaults.yaml')).toContain('spec:\n  location: Central US\n');
    expect(specOf(r, 'mykustocluster/mykustodatabase/a.yaml')['location']).toBe('West Europe');
    expect(specOf(r, 'mykustocluster/mykustodatabase/b.yaml')['location']).toBeUndefined();
    expect(specOf(r, 'mykustocluster/mykustodatabase/c.yaml')['location']).toBeUndefined();
  });

  it('a database without connections gets a Defaults without spec and a ManagedDatabase', () => {
    const r = run([{ address: DB, connections: [] }]);
    expect(r.files.map((f) => f.path)).toEqual(['mykustocluster/mykustodatabase/database.yaml', 'mykustocluster/mykustodatabase/defaults.yaml']);
    expect(text(r, 'mykustocluster/mykustodatabase/defaults.yaml')).not.toContain('spec:');
  });
});

describe('layout', () => {
  const db = (over: Partial<DatabaseAddress>, ...names: string[]): LiveDatabase => ({
    address: { ...DB, ...over },
    connections: names.map((n, i) => live(n, 'EventHub', { ...MINIMAL.EventHub, consumerGroup: `cg${i}` }, { db: { ...DB, ...over } })),
  });

  it('<cluster>/<database>/ per database; names made safe and unique, reserved file names avoided', () => {
    const r = run([
      db({}, 'a b', 'A-B ', 'defaults', 'database', '.hidden'),
      db({ database: 'Sales DB' }),
      db({ database: 'sales-db' }),
      db({ resourceGroup: 'otherrg' }),
      db({ database: 'node_modules' }),
    ]);
    // Clusters of the same name: the first by address (subscription/group/cluster) keeps the name.
    expect(r.files.map((f) => f.path)).toEqual([
      'mykustocluster-2/mykustodatabase/a-b-2.yaml',
      'mykustocluster-2/mykustodatabase/a-b.yaml',
      'mykustocluster-2/mykustodatabase/database-2.yaml',
      'mykustocluster-2/mykustodatabase/database.yaml',
      'mykustocluster-2/mykustodatabase/defaults-2.yaml',
      'mykustocluster-2/mykustodatabase/defaults.yaml',
      'mykustocluster-2/mykustodatabase/hidden.yaml',
      'mykustocluster-2/node_modules-2/database.yaml',
      'mykustocluster-2/node_modules-2/defaults.yaml',
      'mykustocluster-2/sales-db-2/database.yaml',
      'mykustocluster-2/sales-db-2/defaults.yaml',
      'mykustocluster-2/sales-db/database.yaml',
      'mykustocluster-2/sales-db/defaults.yaml',
      'mykustocluster/mykustodatabase/database.yaml',
      'mykustocluster/mykustodatabase/defaults.yaml',
    ]);
    expect(text(r, 'mykustocluster-2/sales-db/defaults.yaml')).toContain('  database: Sales DB\n');
    expect(text(r, 'mykustocluster-2/sales-db-2/defaults.yaml')).toContain('  database: sales-db\n');
    expect(text(r, 'mykustocluster/mykustodatabase/defaults.yaml')).toContain('  resourceGroup: otherrg\n');
    expect(text(r, 'mykustocluster-2/mykustodatabase/a-b-2.yaml')).toContain('  name: "A-B "\n');
    expect(text(r, 'mykustocluster-2/mykustodatabase/defaults-2.yaml')).toContain('  name: defaults\n');
  });

  it('the same database given twice is exported once', () => {
    expect(run([db({}, 'x'), db({ database: DB.database.toUpperCase() }, 'x')]).files).toHaveLength(3);
  });

  it('the modeline points at the schema from each file, or at an absolute path as given', () => {
    expect(text(run([db({}, 'x')]), 'mykustocluster/mykustodatabase/x.yaml').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/v1/manifest.schema.json');
    const absolute = exportManifests([db({}, 'x')], { schemaPath: '/opt/kustodian/schemas/v1/manifest.schema.json' });
    expect(text(absolute, 'mykustocluster/mykustodatabase/x.yaml').split('\n')[0]).toBe('# yaml-language-server: $schema=/opt/kustodian/schemas/v1/manifest.schema.json');
  });
});

describe('connections that cannot be exported as they are', () => {
  const one = (c: LiveConnection) => run([{ address: DB, connections: [c, live('fine', 'EventHub', { ...MINIMAL.EventHub, consumerGroup: 'fine' })] }]);
  const managedDatabase = (r: ExportResult) => parseAllDocuments(text(r, 'mykustocluster/mykustodatabase/database.yaml'))[0]?.toJS() as { spec: Record<string, unknown> };

  it.each<[string, LiveConnection, string, RegExp, boolean]>([
    ['an unknown kind', live('kafka-in', 'Kafka', {}), 'KD501', /kind "Kafka" is none of the kinds kustodian manages/, true],
    ['an enum value kustodian does not know', live('new-format', 'EventHub', { ...MINIMAL.EventHub, dataFormat: 'XML' }), 'KD502', /`dataFormat` is "XML", not one of MULTIJSON, JSON/, true],
    ['a value of the wrong type', live('odd', 'EventGrid', { ...MINIMAL.EventGrid, ignoreFirstRecord: 'yes' }), 'KD502', /`ignoreFirstRecord` is "yes", not a boolean/, true],
    ['a required property missing', live('no-group', 'EventHub', { eventHubResourceId: IDS.eventHub }), 'KD502', /no `consumerGroup`, which EventHubDataConnection requires/, true],
    ['a required property empty', live('empty-group', 'EventHub', { eventHubResourceId: IDS.eventHub, consumerGroup: '' }), 'KD502', /no `consumerGroup`, which EventHubDataConnection requires/, true],
    ['a name no manifest accepts', live('bad_name', 'EventHub', MINIMAL.EventHub), 'KD502', /its name must be 1 to 40 characters/, false],
    ['a connection being deleted', live('going', 'EventHub', MINIMAL.EventHub, { state: 'Deleting' }), 'KD503', /the service is deleting it/, false],
  ])('%s: left out, with a warning naming it', (_what, c, code, message, ignored) => {
    const r = one(c);
    expect(r.files.map((f) => f.path)).not.toContain(`mykustocluster/mykustodatabase/${c.address.name}.yaml`);
    expect(r.files.map((f) => f.path)).toContain('mykustocluster/mykustodatabase/fine.yaml');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.address])).toEqual([['warning', code, `${DB.subscriptionId}/testrg/mykustocluster/mykustodatabase/${c.address.name}`]]);
    expect(r.diagnostics[0]?.message).toMatch(message);
    expect(r.diagnostics[0]?.hint).toBeTruthy();
    expect(managedDatabase(r).spec['ignore']).toEqual(ignored ? [c.address.name] : undefined);
    expect(r.summary).toEqual({ databases: 1, connections: 1, skipped: 1 });
  });

  it('a Failed, Canceled or busy connection is exported, with a warning and a comment in its file', () => {
    const r = run([
      {
        address: DB,
        connections: [
          live('broken', 'EventHub', MINIMAL.EventHub, { state: 'Failed' }),
          live('busy', 'IotHub', MINIMAL.IotHub, { state: 'Creating' }),
          live('stopped', 'CosmosDb', MINIMAL.CosmosDb, { state: 'Canceled' }),
        ],
      },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.address?.split('/').pop()])).toEqual([['KD504', 'broken'], ['KD504', 'busy'], ['KD504', 'stopped']]);
    expect(text(r, 'mykustocluster/mykustodatabase/broken.yaml')).toContain('# The service reported provisioningState Failed at export: kustodian plan will apply it again.\n');
    expect(text(r, 'mykustocluster/mykustodatabase/stopped.yaml')).toContain('provisioningState Canceled at export: kustodian plan will apply it again.');
    expect(text(r, 'mykustocluster/mykustodatabase/busy.yaml')).toContain('provisioningState Creating at export: check this file once that operation has finished.');
  });

  it('properties the kinds table does not know are left out with a warning', () => {
    const r = run([{ address: DB, connections: [live('newer', 'EventHub', { ...MINIMAL.EventHub, futureSetting: 'on' })] }]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['KD505', 'exported without `futureSetting`: kustodian does not know this property']]);
    expect(specOf(r, 'mykustocluster/mykustodatabase/newer.yaml')).toEqual(MINIMAL.EventHub);
  });
});

describe('exportStream', () => {
  it('every document once, after ---, headed by the file it would be written to', () => {
    const r = run([EVERY_KIND]);
    const stream = exportStream(r.files, 'manifests');
    const docs = parseAllDocuments(stream);
    expect(docs).toHaveLength(r.files.length);
    expect(docs.map((d) => (d.toJS() as { kind: string }).kind)).toEqual(r.files.map((f) => (parseAllDocuments(f.text)[0]?.toJS() as { kind: string }).kind));
    expect(stream.startsWith('---\n# manifests/mykustocluster/mykustodatabase/blob-logs.yaml\napiVersion: kustodian.io/v1\n')).toBe(true);
    expect(stream).not.toContain('yaml-language-server');
  });
});
