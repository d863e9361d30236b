/**
 * Two environments from one base (examples/environments), through the built CLI: `render` prints
 * each environment's resolved manifests, `plan --emulator` targets each environment's own
 * database and values, and the sources of `${NAME}` keep their precedence (environment <
 * --var-file in order < --var in order). A wrong var file stops the command before anything
 * starts; a variable never prints a secret; one unset variable gives one diagnostic.
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTrees } from '../helpers.js';
import { REPO_ROOT, runBin } from '../support/bin.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'environments');
const tree = tempTrees();

/** A fresh copy of the example (its own emulator state in .kustodian/). */
function example(extra: Record<string, string> = {}): string {
  const dir = tree(extra);
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

interface PlanJson {
  readonly changes: readonly { readonly action: string; readonly target: { readonly database: string; readonly name: string }; readonly after?: { readonly properties: Record<string, unknown> } }[];
  readonly databases: readonly { readonly target: { readonly database: string }; readonly prune: boolean }[];
}

const ENVIRONMENTS = [
  { name: 'dev', database: 'analyticsdb', hub: 'blobevents', table: 'Events', prune: true },
  { name: 'prod', database: 'mykustodatabase', hub: 'telemetry', table: 'Telemetry', prune: false },
] as const;

describe('examples/environments: one base, two environments', () => {
  it.each(ENVIRONMENTS)('render --var-file env/$name.yaml prints $database with its own values, each document naming its source', async (e) => {
    const dir = example();
    const r = await runBin(['render', 'base', '--var-file', `env/${e.name}.yaml`], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^# Source: .*$/gm)).toEqual(['# Source: base/database.yaml:2:1', '# Source: base/telemetry-eventhub.yaml:3:1']);
    expect(r.stdout).toContain(`  database: ${e.database}\n`);
    expect(r.stdout).toContain(`/eventhubs/${e.hub}\n`);
    expect(r.stdout).toContain(`  tableName: ${e.table}\n`);
    expect(r.stdout).toContain(`    environment: ${e.name}\n`);
    expect(r.stdout).toContain(`  prune: ${e.prune}\n`);
    expect(r.stdout).not.toContain('${');

    // The output is a manifest file of its own, and renders to itself.
    writeFileSync(path.join(dir, 'rendered.yaml'), r.stdout);
    const again = await runBin(['render', 'rendered.yaml'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout.replace(/^# Source: .*$/gm, '')).toBe(r.stdout.replace(/^# Source: .*$/gm, ''));
  });

  it('plan --emulator: each environment plans its own database from the same base', async () => {
    const dir = example();
    for (const e of ENVIRONMENTS) {
      const r = await runBin(['plan', 'base', '--var-file', `env/${e.name}.yaml`, '--emulator', '-o', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout) as PlanJson;
      expect(plan.changes.map((c) => [c.action, c.target.database, c.target.name])).toEqual([['create', e.database, 'telemetry-eventhub']]);
      expect(plan.changes[0]?.after?.properties).toMatchObject({
        eventHubResourceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/${e.hub}`,
        consumerGroup: 'adx',
        tableName: e.table,
      });
      expect(plan.databases.map((d) => [d.target.database, d.prune])).toEqual([[e.database, e.prune]]);
    }
  });

  it('apply dev, then dev has no changes and prod still plans its own create', async () => {
    const dir = example();
    const apply = await runBin(['apply', 'base', '--var-file', 'env/dev.yaml', '--emulator', '--auto-approve'], { cwd: dir });
    expect(apply.code, apply.stderr).toBe(0);
    const dev = await runBin(['plan', 'base', '--var-file', 'env/dev.yaml', '--emulator', '--detailed-exitcode'], { cwd: dir });
    expect([dev.code, dev.stdout]).toEqual([0, expect.stringContaining('No changes.')]);
    const prod = await runBin(['plan', 'base', '--var-file', 'env/prod.yaml', '--emulator', '--detailed-exitcode'], { cwd: dir });
    expect(prod.code).toBe(2);
    expect(prod.stdout).toContain('mykustodatabase/telemetry-eventhub will be created');
  });

  it('precedence: the environment, then each --var-file in order, then each --var in order', async () => {
    const dir = example({ 'override.env': 'CONSUMER_GROUP=from-file\nTELEMETRY_TABLE=FromOverride\n' });
    const env = { CONSUMER_GROUP: 'from-env', TELEMETRY_TABLE: 'FromEnv', LOCATION: 'West Europe' };
    const fileOverFile = await runBin(['render', 'base', '--var-file', 'env/prod.yaml', '--var-file', 'override.env'], { cwd: dir, env });
    expect(fileOverFile.code, fileOverFile.stderr).toBe(0);
    expect(fileOverFile.stdout).toContain('  consumerGroup: from-file\n');
    expect(fileOverFile.stdout).toContain('  tableName: FromOverride\n');
    expect(fileOverFile.stdout).toContain('  location: West Europe\n'); // only the environment sets it
    const varOverAll = await runBin(
      ['render', 'base', '--var', 'CONSUMER_GROUP=first', '--var-file', 'override.env', '--var-file', 'env/prod.yaml', '--var', 'CONSUMER_GROUP=last'],
      { cwd: dir, env },
    );
    expect(varOverAll.code, varOverAll.stderr).toBe(0);
    expect(varOverAll.stdout).toContain('  consumerGroup: last\n');
    expect(varOverAll.stdout).toContain('  tableName: Telemetry\n'); // prod.yaml comes after override.env
  });

  it('without a var file: one diagnostic per unset variable, no cascade, nothing printed on stdout', async () => {
    const dir = example();
    const r = await runBin(['render', 'base'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const codes = r.stderr.match(/error KD\d+/g) ?? [];
    const names = (r.stderr.match(/variable (\w+) is not set/g) ?? []).map((m) => m.split(' ')[1]).sort();
    expect(names).toEqual(['CLUSTER', 'DATABASE', 'ENVIRONMENT', 'EVENT_HUB_NAMESPACE', 'RESOURCE_GROUP', 'SUBSCRIPTION_ID', 'TELEMETRY_HUB', 'TELEMETRY_MAPPING', 'TELEMETRY_TABLE']);
    expect(codes).toHaveLength(names.length);
    expect(r.stderr).toContain('base/defaults.yaml:5:19: error KD131: variable SUBSCRIPTION_ID is not set (used as ${SUBSCRIPTION_ID}, also at base/telemetry-eventhub.yaml:8:23)');
    expect(r.stderr).toContain('base/telemetry-eventhub.yaml:8:23: error KD131: variable TELEMETRY_HUB is not set (used as ${TELEMETRY_HUB})');
  });

  it('a wrong var file is reported at file:line:col before anything starts (no emulator state)', async () => {
    const dir = example({ 'bad.env': 'DATABASE=analyticsdb\nno equals sign\nDATABASE=again\n' });
    const r = await runBin(['plan', 'base', '--var-file', 'env/dev.yaml', '--var-file', 'bad.env', '--var', '1X=y', '--emulator'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.env:2:1: error KD136: a line without `=` in a dotenv var file; write NAME=value');
    expect(r.stderr).toContain('bad.env:3:1: error KD134: variable DATABASE is set twice in this file (first at bad.env:1:1)');
    expect(r.stderr).toContain('--var (argument 1): error KD133: `1X` is not a variable name');
    expect(existsSync(path.join(dir, '.kustodian'))).toBe(false);

    const validate = await runBin(['validate', 'base', '--var-file', 'missing.yaml', '-o', 'json'], { cwd: dir });
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout)).toMatchObject({ diagnostics: [{ code: 'KD100', source: { file: 'missing.yaml', line: 1, col: 1 } }] });
  });

  it('secrets are never printed: credential variables are refused unseen, and a secret value is redacted', async () => {
    const secret = 'Sup3rSecretValue-1234';
    const dir = example({ 'creds.yaml': `EVENTHUB_ACCESS_KEY: ${secret}\nCONN: "Endpoint=sb://x/;SharedAccessKey=${secret}"\n` });
    const refused = await runBin(['render', 'base', '--var-file', 'env/dev.yaml', '--var-file', 'creds.yaml', '--var', `DB_PASSWORD=${secret}`], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr.match(/error KD130/g)).toHaveLength(3);
    expect(refused.stdout + refused.stderr).not.toContain(secret);

    // A value that happens to be the client secret is printed as [REDACTED], as everywhere.
    const redacted = await runBin(['render', 'base', '--var-file', 'env/dev.yaml', '--var', `TELEMETRY_TABLE=${secret}`], {
      cwd: dir,
      env: { AZURE_CLIENT_SECRET: secret },
    });
    expect(redacted.code, redacted.stderr).toBe(0);
    expect(redacted.stdout).toContain('tableName: [REDACTED]');
    expect(redacted.stdout + redacted.stderr).not.toContain(secret);
  });
});
