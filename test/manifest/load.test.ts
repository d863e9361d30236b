/**
 * loadManifests on valid input: the example tree, Defaults, ${VAR} interpolation, and the
 * canonical spelling of enum values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifestTexts, loadManifests } from '../../src/manifest/load.js';
import { iotHubManifest, tempTrees } from '../helpers.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

/** A working directory whose manifests/ is the tests' copy of the example tree. */
const cwd = FIXTURES_DIR;
const tree = tempTrees();

const db = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'testrg',
  cluster: 'mykustocluster',
  database: 'mykustodatabase',
};
const sub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers';

/** A Defaults document with the given metadata and spec lines. */
const defaults = (metadata: string, spec: string): string =>
  `apiVersion: kustodian.io/v1\nkind: Defaults\nmetadata:\n${metadata}\nspec:\n${spec}\n`;
/** An IoT Hub connection that leaves its database and location to Defaults. */
const bare = (name: string, extraSpec = ''): string => `apiVersion: kustodian.io/v1
kind: IotHubDataConnection
metadata:
  name: ${name}
spec:
  iotHubResourceId: ${sub}/Microsoft.Devices/IotHubs/${name}
  sharedAccessPolicyName: iothubforread
${extraSpec}`;

describe('the example tree (test/fixtures/manifests, a copy of manifests/)', () => {
  it('validates with no diagnostic, from the default path', async () => {
    const result = await loadManifests([], { cwd, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual([
      'manifests/defaults.yaml',
      'manifests/mykustodatabase/blob-logs-eventgrid.yaml',
      'manifests/mykustodatabase/cosmos-changes.yaml',
      'manifests/mykustodatabase/database.yaml',
      'manifests/mykustodatabase/storm-events-iothub.yaml',
      'manifests/mykustodatabase/telemetry-eventhub.yaml',
    ]);
  });

  it('declares the example world', async () => {
    const { state } = await loadManifests(['manifests'], { cwd, env: {} });
    const byName = new Map(state.connections.map((c) => [c.address.name, c]));
    expect([...byName.keys()].sort()).toEqual(['blob-logs-eventgrid', 'cosmos-changes', 'storm-events-iothub', 'telemetry-eventhub']);
    for (const c of state.connections) {
      expect(c.address).toMatchObject(db);
      expect(c.location).toBe('Central US');
      expect(c.labels['managed-by']).toBe('kustodian');
    }
    const storm = byName.get('storm-events-iothub');
    expect(storm?.kind).toBe('IotHub');
    expect(storm?.properties).toEqual({
      iotHubResourceId: `${sub}/Microsoft.Devices/IotHubs/myhub`,
      consumerGroup: '$Default',
      sharedAccessPolicyName: 'iothubforread',
      tableName: 'StormEvents',
      mappingRuleName: 'StormEvents_CSV_Mapping',
      dataFormat: 'CSV',
      databaseRouting: 'Multi',
    });
    expect(storm?.labels).toEqual({ 'managed-by': 'kustodian', team: 'weather' });
    expect(byName.get('telemetry-eventhub')?.properties).toMatchObject({
      eventHubResourceId: `${sub}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry`,
      consumerGroup: 'adx',
      tableName: 'Telemetry',
      mappingRuleName: 'Telemetry_JSON_Mapping',
      dataFormat: 'JSON',
    });
    expect(byName.get('blob-logs-eventgrid')?.properties).toMatchObject({
      eventHubResourceId: `${sub}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents`,
      consumerGroup: 'adx',
      tableName: 'BlobLogs',
      blobStorageEventType: 'Microsoft.Storage.BlobCreated',
    });
    expect(byName.get('cosmos-changes')?.properties).toMatchObject({
      cosmosDbAccountResourceId: `${sub}/Microsoft.DocumentDB/databaseAccounts/mycosmosaccount`,
      cosmosDbDatabase: 'telemetrydb',
      cosmosDbContainer: 'events',
      tableName: 'CosmosChanges',
      managedIdentityResourceId: `${sub}/Microsoft.ManagedIdentity/userAssignedIdentities/kustodian-identity`,
    });
    expect(state.databases).toEqual([
      {
        address: db,
        prune: true,
        ignore: ['legacy-*'],
        protect: [],
        allowEmpty: false,
        source: { file: 'manifests/mykustodatabase/database.yaml', line: 5, col: 1 },
      },
    ]);
  });

  it('points each spec field at its value, and a defaulted one into the Defaults file', async () => {
    const { state } = await loadManifests(['manifests'], { cwd, env: {} });
    const storm = state.connections.find((c) => c.address.name === 'storm-events-iothub');
    expect(storm?.source).toEqual({ file: 'manifests/mykustodatabase/storm-events-iothub.yaml', line: 6, col: 1 });
    expect(storm?.fieldSources['consumerGroup']).toEqual({ file: 'manifests/mykustodatabase/storm-events-iothub.yaml', line: 13, col: 18 });
    expect(storm?.fieldSources['location']).toEqual({ file: 'manifests/defaults.yaml', line: 16, col: 13 });
  });
});

describe('loadManifestTexts (manifests given as texts, for export to check before writing)', () => {
  it('loads exactly what loadManifests loads from the same files', async () => {
    const fromDisk = await loadManifests(['manifests'], { cwd, env: {} });
    const texts = fromDisk.files.map((f) => ({ path: f, text: readFileSync(path.join(cwd, f), 'utf8') }));
    expect(loadManifestTexts([...texts].reverse(), {})).toEqual(fromDisk);
  });

  it('reports problems at the given paths, Defaults applying by directory', () => {
    const dir = 'db';
    const result = loadManifestTexts(
      [
        { path: `${dir}/b.yaml`, text: bare('b', '  dataFormat: nope') },
        { path: `${dir}/zz.yaml`, text: defaults('  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: d', '  location: Central US\n  consumerGroup: $Default') },
      ],
      {},
    );
    expect(result.diagnostics.map((d) => `${d.code} ${d.source?.file}:${d.source?.line}`)).toEqual(['KD125 db/b.yaml:8']);
  });
});

describe('Defaults', () => {
  it('apply to the directory and below; the nearer wins field by field; the document wins over both', async () => {
    const dir = tree({
      'defaults.yaml': defaults(
        '  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: mykustodatabase\n  labels: { team: weather, tier: gold }',
        '  location: Central US\n  consumerGroup: $Default\n  dataFormat: csv',
      ),
      'prod/defaults.yaml': defaults('  database: proddb\n  labels: { tier: platinum }', '  dataFormat: JSON'),
      'prod/a.yaml': bare('a'),
      'prod/b.yaml': bare('b', '  dataFormat: TXT\n  consumerGroup: adx'),
      'top.yaml': bare('top'),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    const get = (n: string) => result.state.connections.find((c) => c.address.name === n);
    expect(get('a')?.address).toEqual({ ...db, database: 'proddb', name: 'a' });
    expect(get('a')?.properties).toMatchObject({ consumerGroup: '$Default', dataFormat: 'JSON' });
    expect(get('a')?.labels).toEqual({ team: 'weather', tier: 'platinum' });
    expect(get('a')?.fieldSources['dataFormat']).toEqual({ file: 'prod/defaults.yaml', line: 7, col: 15 });
    expect(get('a')?.fieldSources['consumerGroup']).toEqual({ file: 'defaults.yaml', line: 11, col: 18 });
    expect(get('b')?.properties).toMatchObject({ consumerGroup: 'adx', dataFormat: 'TXT' });
    expect(get('top')?.address).toEqual({ ...db, name: 'top' });
    expect(get('top')?.properties['dataFormat']).toBe('CSV');
    expect(get('top')?.labels).toEqual({ team: 'weather', tier: 'gold' });
  });

  it('apply whatever file order they come in, and the state keeps file and document order across directories', async () => {
    // Directories are read one at a time (parents first): the Defaults files sort after the
    // documents they fill, and a subdirectory's files sort between its parent's.
    const dir = tree({
      'm/a.yaml': `${bare('a1')}---\n${bare('a2')}`,
      'm/p/b.yaml': bare('b'),
      'm/p/zz-defaults.yaml': defaults('  database: pdb', '  dataFormat: JSON'),
      'm/q.yaml': bare('q'),
      'm/zz-defaults.yaml': defaults(
        '  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: mykustodatabase',
        '  location: Central US\n  consumerGroup: $Default',
      ),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.state.connections.map((c) => `${c.address.name}@${c.address.database}`)).toEqual(['a1@mykustodatabase', 'a2@mykustodatabase', 'b@pdb', 'q@mykustodatabase']);
    expect(result.state.connections.find((c) => c.address.name === 'b')?.properties['dataFormat']).toBe('JSON');
    expect(result.documents.map((d) => `${d.source.file}:${d.source.line}`)).toEqual([
      'm/a.yaml:1', 'm/a.yaml:9', 'm/p/b.yaml:1', 'm/p/zz-defaults.yaml:1', 'm/q.yaml:1', 'm/zz-defaults.yaml:1',
    ]);
  });

  it('do not reach a sibling directory', async () => {
    const dir = tree({
      'one/defaults.yaml': defaults('  cluster: mykustocluster', '  location: Central US'),
      'two/a.yaml': bare('a'),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message.split(' ')[0]}`)).toEqual([
      'KD123 `metadata.subscriptionId`',
      'KD123 `metadata.resourceGroup`',
      'KD123 `metadata.cluster`',
      'KD123 `metadata.database`',
      'KD123 `spec.location`',
      'KD123 `spec.consumerGroup`',
    ]);
  });

  it('apply a spec field only to kinds that have it, and database fields to ManagedDatabase', async () => {
    const dir = tree({
      'defaults.yaml': defaults(
        '  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: mykustodatabase',
        `  location: Central US\n  dataFormat: JSON\n  managedIdentityResourceId: ${sub}/Microsoft.ManagedIdentity/userAssignedIdentities/kustodian-identity`,
      ),
      'cosmos.yaml': `apiVersion: kustodian.io/v1
kind: CosmosDbDataConnection
metadata: { name: cosmos-changes }
spec:
  cosmosDbAccountResourceId: ${sub}/Microsoft.DocumentDB/databaseAccounts/mycosmosaccount
  cosmosDbDatabase: telemetrydb
  cosmosDbContainer: events
  tableName: CosmosChanges
`,
      'db.yaml': 'apiVersion: kustodian.io/v1\nkind: ManagedDatabase\nspec: { prune: true }\n',
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    const cosmos = result.state.connections[0];
    expect(cosmos?.properties['dataFormat']).toBeUndefined();
    expect(cosmos?.properties['managedIdentityResourceId']).toContain('kustodian-identity');
    expect(result.state.databases[0]?.address).toEqual(db);
  });

  it('an invalid Defaults value is reported once, where it is written, and not applied', async () => {
    const dir = tree({
      'defaults.yaml': defaults('  cluster: My_Cluster', '  location: Central US'),
      'a.yaml': iotHubManifest('a'),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => [d.code, d.source?.file, d.source?.line])).toEqual([['KD126', 'defaults.yaml', 4]]);
    expect(result.state.connections[0]?.address.cluster).toBe('mykustocluster');
  });
});

describe('${VAR} interpolation', () => {
  const manifest = (spec: string): string => iotHubManifest('a', spec);

  it('takes values from the environment, defaults, and the $${ escape', async () => {
    const dir = tree({
      'a.yaml': manifest(
        '  tableName: ${TABLE}\n  mappingRuleName: "${MAPPING:-StormEvents_CSV_Mapping}"\n  dataFormat: ${FORMAT:-csv}\n' +
          '  retrievalStartDate: ${START:-2024-01-01T00:00:00Z}\n',
      ),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: { TABLE: 'StormEvents', FORMAT: '' } });
    expect(result.diagnostics).toEqual([]);
    expect(result.state.connections[0]?.properties).toMatchObject({
      tableName: 'StormEvents',
      mappingRuleName: 'StormEvents_CSV_Mapping',
      dataFormat: 'CSV', // FORMAT is empty, so :- takes the default; then spelled as Azure spells it
      retrievalStartDate: '2024-01-01T00:00:00Z',
    });
  });

  it('leaves a lone $ alone and writes $${ as a literal ${', async () => {
    const dir = tree({ 'a.yaml': manifest('  tableName: "cost$${X}"\n') });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.state.connections[0]?.properties).toMatchObject({ consumerGroup: '$Default', tableName: 'cost${X}' });
  });

  it('an unquoted true/false result is a boolean; a quoted one stays a string', async () => {
    const db2 = (prune: string): string =>
      `apiVersion: kustodian.io/v1\nkind: ManagedDatabase\nmetadata:\n  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: mykustodatabase\nspec:\n  prune: ${prune}\n`;
    const ok = await loadManifests(['.'], { cwd: tree({ 'db.yaml': db2('${PRUNE}') }), env: { PRUNE: 'true' } });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.state.databases[0]?.prune).toBe(true);
    const quoted = await loadManifests(['.'], { cwd: tree({ 'db.yaml': db2('"${PRUNE}"') }), env: { PRUNE: 'true' } });
    expect(quoted.diagnostics.map((d) => d.code)).toEqual(['KD124']);
  });

  it('an undefined variable is an error at its scalar, never an empty string, and nothing cascades from it', async () => {
    const dir = tree({ 'a.yaml': manifest('  dataFormat: ${FORMAT}\n') });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => [d.code, d.source?.line, d.source?.col])).toEqual([['KD131', 14, 15]]);
    expect(result.diagnostics[0]?.message).toContain('FORMAT');
    expect(result.state.connections).toEqual([]);
  });
});

describe('an invalid Defaults value, one diagnostic', () => {
  const good = '  subscriptionId: 00000000-0000-0000-0000-000000000000\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: mykustodatabase';

  it('is reported where it is written, and the documents that inherit it are left out without a "missing" error each', async () => {
    const dir = tree({
      'defaults.yaml': defaults(good.replace('cluster: mykustocluster', 'cluster: Not_A_Cluster'), '  location: Central US\n  consumerGroup: 42'),
      'db/a.yaml': bare('a'),
      'db/b.yaml': bare('b'),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => [d.code, d.source?.file, d.source?.line])).toEqual([
      ['KD126', 'defaults.yaml', 6],
      ['KD124', 'defaults.yaml', 10],
    ]);
    expect(result.state.connections).toEqual([]);
  });

  it('a document that sets the field itself is still checked and loaded', async () => {
    const own = bare('own').replace('metadata:\n', 'metadata:\n  cluster: mykustocluster\n');
    const dir = tree({ 'defaults.yaml': defaults(good.replace('cluster: mykustocluster', 'cluster: Not_A_Cluster'), '  location: Central US\n  consumerGroup: $Default'), 'db/own.yaml': own, 'db/a.yaml': bare('a') });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KD126']);
    expect(result.state.connections.map((c) => c.address.name)).toEqual(['own']);
  });
});

describe('one unset variable, one diagnostic', () => {
  const shared = defaults(
    '  subscriptionId: ${SUB}\n  resourceGroup: testrg\n  cluster: mykustocluster\n  database: ${DB}',
    '  location: Central US\n  consumerGroup: $Default',
  );
  const uses = (name: string): string =>
    bare(name).replace(`${sub}/Microsoft.Devices/IotHubs/${name}`, `/subscriptions/\${SUB}/resourceGroups/testrg/providers/Microsoft.Devices/IotHubs/${name}`);

  it('two unset variables, used in a Defaults document and three documents below it, give two diagnostics', async () => {
    const dir = tree({ 'defaults.yaml': shared, 'db/a.yaml': uses('a'), 'db/b.yaml': uses('b'), 'db/c.yaml': uses('c') });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => [d.code, d.source?.file, d.source?.line])).toEqual([
      ['KD131', 'db/a.yaml', 6],
      ['KD131', 'defaults.yaml', 7],
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      'variable SUB is not set (used as ${SUB}, also at db/b.yaml:6:21, db/c.yaml:6:21, defaults.yaml:4:19)',
    );
    expect(result.diagnostics[1]?.message).toBe('variable DB is not set (used as ${DB})');
    expect(result.state.connections).toEqual([]);
  });

  it('a document that overrides the unset Defaults value is still loaded', async () => {
    const own = bare('own').replace('metadata:\n', `metadata:\n  subscriptionId: ${db.subscriptionId}\n  database: mykustodatabase\n`);
    const dir = tree({ 'defaults.yaml': shared, 'db/own.yaml': own, 'db/a.yaml': bare('a') });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KD131', 'KD131']);
    expect(result.state.connections.map((c) => c.address.name)).toEqual(['own']);
  });

  it('names more than three other uses by count', async () => {
    const files: Record<string, string> = { 'defaults.yaml': shared.replace('${DB}', 'mykustodatabase') };
    for (const n of ['a', 'b', 'c', 'd', 'e']) files[`db/${n}.yaml`] = uses(n);
    const result = await loadManifests(['.'], { cwd: tree(files), env: {} });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'variable SUB is not set (used as ${SUB}, also at db/b.yaml:6:21, db/c.yaml:6:21, db/d.yaml:6:21 and 2 more)',
    ]);
  });

  it('a name is looked up as its own: ${constructor} is not set', async () => {
    const dir = tree({ 'a.yaml': iotHubManifest('a', '  tableName: ${constructor}\n') });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KD131']);
  });

  it('a variable whose name says it is a credential is refused, whatever its value', async () => {
    const dir = tree({ 'a.yaml': iotHubManifest('a', '  tableName: ${DB_PASSWORD}\n') });
    const result = await loadManifests(['.'], { cwd: dir, env: { DB_PASSWORD: 'Table1' } });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['KD130', '`spec.tableName` reads the variable DB_PASSWORD, whose name says it is a credential; credentials do not belong in manifests (the value is not shown)'],
    ]);
  });
});

describe('enum values', () => {
  it('are accepted in any letter case and by alias, and come out in the Azure spelling', async () => {
    const dir = tree({
      'a.yaml': iotHubManifest('a', '  dataFormat: w3clogfile\n  databaseRouting: multi\n'),
      'b.yaml': `apiVersion: kustodian.io/v1
kind: EventGridDataConnection
metadata: { name: b, subscriptionId: 00000000-0000-0000-0000-000000000000, resourceGroup: testrg, cluster: mykustocluster, database: mykustodatabase }
spec:
  location: Central US
  storageAccountResourceId: ${sub}/Microsoft.Storage/storageAccounts/mystorageaccount
  eventHubResourceId: ${sub}/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/blobevents
  consumerGroup: adx
  blobStorageEventType: blobrenamed
  dataFormat: Parquet
`,
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.state.connections[0]?.properties).toMatchObject({ dataFormat: 'W3CLOGFILE', databaseRouting: 'Multi' });
    expect(result.state.connections[1]?.properties).toMatchObject({
      blobStorageEventType: 'Microsoft.Storage.BlobRenamed',
      dataFormat: 'PARQUET',
    });
  });
});

describe('annotations and ManagedDatabase', () => {
  it('keeps valid kustodian.io/ annotations and free ones', async () => {
    const dir = tree({
      'a.yaml': iotHubManifest('a').replace(
        '  database: mykustodatabase\n',
        '  database: mykustodatabase\n  annotations:\n    kustodian.io/protect: "true"\n    kustodian.io/allow-replace: "false"\n    kustodian.io/replace-strategy: gap-free\n    example.com/owner: weather\n',
      ),
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.state.connections[0]?.annotations).toEqual({
      'kustodian.io/protect': 'true',
      'kustodian.io/allow-replace': 'false',
      'kustodian.io/replace-strategy': 'gap-free',
      'example.com/owner': 'weather',
    });
  });

  it('reads every ManagedDatabase field', async () => {
    const dir = tree({
      'db.yaml': `apiVersion: kustodian.io/v1
kind: ManagedDatabase
metadata: { subscriptionId: 00000000-0000-0000-0000-000000000000, resourceGroup: testrg, cluster: mykustocluster, database: mykustodatabase }
spec:
  prune: true
  ignore: ["legacy-*"]
  protect: ["storm-*", "cosmos-changes"]
  allowEmpty: true
`,
    });
    const result = await loadManifests(['.'], { cwd: dir, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.state.databases[0]).toMatchObject({ prune: true, ignore: ['legacy-*'], protect: ['storm-*', 'cosmos-changes'], allowEmpty: true });
  });
});
