/**
 * `kustodian export` through main(), against the emulator: walking the hierarchy, -o yaml,
 * refusing to overwrite (and writing nothing then), --force, errors that name the address, and
 * flags it cannot read.
 */
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, tempTrees, writeTree } from '../helpers.js';
import { SUB_A, SUB_B, useExportWorld } from './world.js';

const tree = tempTrees();
const { fx, flags, kustodian } = useExportWorld();
beforeEach(() => fx.emu().control.clearRequests());

const exportIn = (cwd: string, ...args: string[]) => kustodian(cwd, 'export', ...args, ...flags());

/** The `<cluster>/<database>` directories written under `dir`. */
function databaseDirs(dir: string): string[] {
  return [...new Set(filesUnder(dir).map((f) => f.split('/').slice(0, 2).join('/')))];
}

const ALPHA_TELEMETRY = `/subscriptions/${SUB_A}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/kustoalpha/databases/telemetry`;

describe('walking the hierarchy', () => {
  it.each<[string, string[], string[]]>([
    ['--subscription', ['--subscription', SUB_A], ['kustoalpha/ops-db', 'kustoalpha/telemetry', 'kustobeta/empty', 'kustobeta/telemetry']],
    ['--subscription (two)', ['--subscription', SUB_A, '--subscription', SUB_B], ['kustoalpha/ops-db', 'kustoalpha/telemetry', 'kustobeta/empty', 'kustobeta/telemetry', 'kustogamma/gammadb']],
    ['--resource-group as an ARM ID in another casing', ['--resource-group', `/SUBSCRIPTIONS/${SUB_A}/RESOURCEGROUPS/otherrg`], ['kustobeta/empty', 'kustobeta/telemetry']],
    ['--resource-group as subscription/group', ['--resource-group', `${SUB_B}/rgb`], ['kustogamma/gammadb']],
    ['--cluster', ['--cluster', `/subscriptions/${SUB_A}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/KUSTOALPHA`], ['kustoalpha/ops-db', 'kustoalpha/telemetry']],
    ['--database, and the same database again through its cluster', ['--database', ALPHA_TELEMETRY, '--cluster', `${SUB_A}/testrg/kustoalpha`], ['kustoalpha/ops-db', 'kustoalpha/telemetry']],
  ])('%s', async (_what, args, dirs) => {
    const cwd = tree({});
    const r = await exportIn(cwd, ...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(databaseDirs(path.join(cwd, 'manifests'))).toEqual(dirs);
    expect(fx.emu().control.requests().filter((q) => q.method !== 'GET')).toEqual([]);
  });
});

describe('nothing to export', () => {
  it('a resource group without clusters: said so, nothing written, exit 0', async () => {
    const cwd = tree({});
    const r = await exportIn(cwd, '--resource-group', `${SUB_A}/emptyrg`);
    expect([r.code, r.out, r.err]).toEqual([0, '', 'Nothing to export: the subscriptions, resource groups and clusters given hold no Kusto database.\n']);
    expect(existsSync(path.join(cwd, 'manifests'))).toBe(false);
  });
});

describe('-o yaml', () => {
  it('prints every document as one YAML stream and writes no file', async () => {
    const cwd = tree({});
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '-o', 'yaml');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(existsSync(path.join(cwd, 'manifests'))).toBe(false);
    const docs = parseAllDocuments(r.out);
    expect(docs.map((d) => (d.toJS() as { kind: string }).kind)).toEqual([
      'EventHubDataConnection', 'CosmosDbDataConnection', 'CosmosDbDataConnection', 'ManagedDatabase', 'Defaults', 'EventGridDataConnection',
      'EventGridDataConnection', 'EventHubDataConnection', 'EventHubDataConnection', 'EventHubDataConnection', 'IotHubDataConnection', 'IotHubDataConnection',
    ]);
    expect(r.out).toContain('---\n# manifests/kustoalpha/telemetry/123.yaml\n');
  });

  it("one database's stream is a manifest file of its own: it validates and plans with no change", async () => {
    const cwd = tree({});
    const r = await exportIn(cwd, '--database', `${SUB_A}/OtherRG/kustobeta/telemetry`, '-o', 'yaml');
    writeTree(cwd, { 'adopted.yaml': r.out });
    const planned = await kustodian(cwd, 'plan', 'adopted.yaml', ...flags());
    expect(planned.code).toBe(0);
    expect(planned.out).toContain('No changes.');
  });
});

describe('existing files', () => {
  it('without --force, one existing file refuses the whole export: every clash named, nothing written', async () => {
    const cwd = tree({ 'manifests/kustoalpha/telemetry/eh-min.yaml': 'mine\n', 'manifests/kustoalpha/telemetry/database.yaml': 'mine too\n' });
    const r = await exportIn(cwd, '--cluster', `${SUB_A}/testrg/kustoalpha`);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n').filter((l) => l.includes('KD510'))).toEqual([
      'manifests/kustoalpha/telemetry/database.yaml:1:1: error KD510: the file exists already; nothing was written',
      'manifests/kustoalpha/telemetry/eh-min.yaml:1:1: error KD510: the file exists already; nothing was written',
    ]);
    expect(r.err).toContain('hint: run again with --force to overwrite it, or choose another --dir');
    expect(filesUnder(path.join(cwd, 'manifests'))).toEqual(['kustoalpha/telemetry/database.yaml', 'kustoalpha/telemetry/eh-min.yaml']);
    expect(readFileSync(path.join(cwd, 'manifests/kustoalpha/telemetry/eh-min.yaml'), 'utf8')).toBe('mine\n');
  });

  it('with --force, the files export writes are replaced, other files are left and named in a warning', async () => {
    const cwd = tree({ 'manifests/kustoalpha/telemetry/eh-min.yaml': 'mine\n', 'manifests/kustoalpha/telemetry/gone.yaml': 'an older export\n', 'manifests/README.md': 'notes\n' });
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--force');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'manifests/kustoalpha/telemetry/eh-min.yaml'), 'utf8')).toContain('  name: eh-min\n');
    expect(readFileSync(path.join(cwd, 'manifests/kustoalpha/telemetry/gone.yaml'), 'utf8')).toBe('an older export\n');
    expect(r.err).toMatch(/^manifests: warning KD506: manifests also holds 1 manifest file export did not write \(manifests\/kustoalpha\/telemetry\/gone\.yaml\)/);
  });

  it('a directory where a file belongs is refused even with --force', async () => {
    const cwd = tree({ 'manifests/kustoalpha/telemetry/eh-min.yaml/x': 'in the way\n' });
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--force');
    expect(r.code).toBe(1);
    expect(r.err).toContain('manifests/kustoalpha/telemetry/eh-min.yaml:1:1: error KD510: something other than a file is in the way of this manifest');
    expect(filesUnder(path.join(cwd, 'manifests'))).toEqual(['kustoalpha/telemetry/eh-min.yaml/x']);
  });

  it('a manifest that is a symbolic link to a file outside --dir is refused even with --force, and the file is left alone', async () => {
    const outside = tree({ 'precious.yaml': 'not yours\n' });
    const cwd = tree({ 'manifests/kustoalpha/telemetry/.keep': '' });
    symlinkSync(path.join(outside, 'precious.yaml'), path.join(cwd, 'manifests/kustoalpha/telemetry/eh-min.yaml'));
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--force');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^manifests\/kustoalpha\/telemetry\/eh-min\.yaml:1:1: error KD513: a symbolic link leads out of --dir: .*eh-min\.yaml is a symbolic link to .*precious\.yaml, outside /m);
    expect(r.err).toContain('hint: remove the link, or choose another --dir; export never writes outside --dir');
    expect(readFileSync(path.join(outside, 'precious.yaml'), 'utf8')).toBe('not yours\n');
    expect(lstatSync(path.join(cwd, 'manifests/kustoalpha/telemetry/eh-min.yaml')).isSymbolicLink()).toBe(true);
  });

  it('a cluster folder that is a symbolic link to another directory is refused: nothing is written there', async () => {
    const outside = tree({ 'elsewhere/.keep': '' });
    const cwd = tree({ 'manifests/.keep': '' });
    symlinkSync(path.join(outside, 'elsewhere'), path.join(cwd, 'manifests/kustoalpha'));
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--force');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error KD513: a symbolic link leads out of --dir: .*kustoalpha is a symbolic link to .*elsewhere, outside /);
    expect(filesUnder(outside)).toEqual(['elsewhere/.keep']);
  });

  it('a link that stays inside --dir is followed, as the manifest reader follows it', async () => {
    const cwd = tree({ 'manifests/shared/.keep': '' });
    symlinkSync(path.join(cwd, 'manifests/shared'), path.join(cwd, 'manifests/kustoalpha'));
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--force');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'manifests/shared/telemetry/eh-min.yaml'), 'utf8')).toContain('  name: eh-min\n');
  });

  it('a --dir that is a file is refused before anything is read', async () => {
    const cwd = tree({ 'notes.yaml': 'mine\n' });
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--dir', 'notes.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toBe('kustodian: --dir notes.yaml is a file, not a directory: choose a directory (it is created when missing)\n');
    expect(fx.emu().control.requests()).toEqual([]);
  });

  it('--dir chooses the directory; the modelines point at the schema of the kustodian the repository installs', async () => {
    const installed = 'node_modules/kustodian/schemas/v1/manifest.schema.json';
    const cwd = tree({ 'package.json': '{"devDependencies":{"kustodian":"0.1.0"}}\n', [installed]: '{}\n', 'sub/dir/.keep': '' });
    const r = await exportIn(path.join(cwd, 'sub', 'dir'), '--database', ALPHA_TELEMETRY, '--dir', 'deep/er/tree');
    expect(r.code).toBe(0);
    expect(r.out).toContain('to deep/er/tree/ (');
    const first = readFileSync(path.join(cwd, 'sub/dir/deep/er/tree/kustoalpha/telemetry/eh-min.yaml'), 'utf8').split('\n')[0] ?? '';
    expect(first).toBe(`# yaml-language-server: $schema=${'../'.repeat(7)}node_modules/kustodian/schemas/v1/manifest.schema.json`);
    const schema = path.resolve(path.join(cwd, 'sub/dir/deep/er/tree/kustoalpha/telemetry'), first.replace('# yaml-language-server: $schema=', ''));
    expect(schema).toBe(path.join(cwd, installed));
    expect(existsSync(schema)).toBe(true);
  });

  it('says how to go on with the same connection flags it was run with', async () => {
    const cwd = tree({});
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--dir', 'adopted here');
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n').pop()).toBe(`Next: kustodian validate 'adopted here' && kustodian plan 'adopted here' ${flags().join(' ')}`);
  });
});

describe('what cannot be exported', () => {
  it('a database that does not exist: KD401 with its address and what to check; nothing written', async () => {
    const cwd = tree({});
    const r = await exportIn(cwd, '--database', ALPHA_TELEMETRY, '--database', `${SUB_A}/testrg/kustoalpha/nosuchdb`);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${SUB_A}/testrg/kustoalpha/nosuchdb: error KD401: the database does not exist, or its cluster, resource group or subscription does not (ResourceNotFound: `);
    expect(r.err).toContain('hint: check the --database ID');
    expect(existsSync(path.join(cwd, 'manifests'))).toBe(false);
  });

  it('a cluster or resource group that does not exist: KD401 with its address', async () => {
    const r = await exportIn(tree({}), '--cluster', `${SUB_A}/testrg/nosuchcluster`, '--resource-group', `${SUB_A}/nosuchrg`);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${SUB_A}/testrg/nosuchcluster: error KD401: it does not exist, or a level above it does not (ResourceNotFound: `);
    expect(r.err).toContain(`${SUB_A}/nosuchrg: error KD401: it does not exist, or a level above it does not (ResourceGroupNotFound: `);
  });

  it('a connection the service is deleting is left out with a warning; one that Failed is exported with one', async () => {
    const db = { subscriptionId: SUB_A, resourceGroup: 'OtherRG', cluster: 'kustobeta', database: 'empty' };
    const hub = `/subscriptions/${SUB_A}/resourceGroups/OtherRG/providers/Microsoft.EventHub/namespaces/ns2/eventhubs/hub3`;
    fx.emu().control.putDataConnection({ ...db, name: 'going' }, { kind: 'EventHub', provisioningState: 'Deleting', properties: { eventHubResourceId: hub, consumerGroup: 'cg2' } });
    fx.emu().control.putDataConnection({ ...db, name: 'broken' }, { kind: 'EventHub', provisioningState: 'Failed', properties: { eventHubResourceId: hub, consumerGroup: 'cg3' } });
    try {
      const cwd = tree({});
      const r = await exportIn(cwd, '--database', `${SUB_A}/OtherRG/kustobeta/empty`);
      expect(r.code).toBe(0);
      expect(r.err).toContain(`${SUB_A}/OtherRG/kustobeta/empty/going: warning KD503: not exported: the service is deleting it`);
      expect(r.err).toContain(`${SUB_A}/OtherRG/kustobeta/empty/broken: warning KD504: exported in provisioningState Failed`);
      expect(r.out).toContain('Exported 1 data connection of 1 database to manifests/ (3 files); 1 left out (see the warnings).');
      expect(filesUnder(path.join(cwd, 'manifests'))).toEqual(['kustobeta/empty/broken.yaml', 'kustobeta/empty/database.yaml', 'kustobeta/empty/defaults.yaml']);
    } finally {
      fx.emu().control.deleteDataConnection({ ...db, name: 'going' });
      fx.emu().control.deleteDataConnection({ ...db, name: 'broken' });
    }
  });
});

describe('flags', () => {
  it('no scope: says which flags are needed', async () => {
    const r = await exportIn(tree({}));
    expect(r.code).toBe(1);
    expect(r.err).toBe('kustodian: export needs at least one of --database, --cluster, --resource-group or --subscription\n');
  });

  it('every unreadable ID is named, with the shapes accepted, before anything is read', async () => {
    const r = await exportIn(tree({}), '--database', `/subscriptions/${SUB_A}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/kustoalpha`, '--subscription', 'prod');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--subscription "prod": the subscription name "prod" is not valid: it must be a subscription ID');
    expect(r.err).toContain(`--database "/subscriptions/${SUB_A}/resourceGroups/testrg/providers/Microsoft.Kusto/clusters/kustoalpha" is not a Kusto database ID: expected /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Kusto/clusters/{cluster}/databases/{database} or {subscriptionId}/{resourceGroup}/{cluster}/{database}`);
    expect(fx.emu().control.requests()).toEqual([]);
  });
});
