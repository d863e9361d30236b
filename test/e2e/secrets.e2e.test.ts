/**
 * No secret is ever printed or saved: the CLI runs its flows (plan in every format, a saved
 * plan, apply with its events, report and JSON log, a failed read) with secrets in its
 * environment, in live values (a resource ID carrying a SAS signature, a property equal to an
 * environment secret) and in the service's error messages, and every output is searched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorEnv, runCli, workspace, type CliRun } from '../support/cli.js';
import { withEmulator } from '../support/emulator.js';

const DB = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'testrg', cluster: 'mykustocluster', database: 'mykustodatabase' };
const EH = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/testrg/providers/Microsoft.EventHub/namespaces/myeventhubns/eventhubs/telemetry';

const SECRETS = {
  AZURE_CLIENT_SECRET: 'Pl4ceholder-Client-Secret-9f3a',
  AZURE_CLIENT_CERTIFICATE_PASSWORD: 'Pl4ceholder"Cert\\Password-77',
  AZURE_PASSWORD: 'Pl4ceholder-User-Password-51',
};
const JWT_PAYLOAD = 'eyJzdWIiOiJwbGFjZWhvbGRlci1zdWJqZWN0In0';
const JWT = `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${JWT_PAYLOAD}.c2lnbmF0dXJlLXBsYWNlaG9sZGVy`;
const SIG = 'PlaceholderSasSignature0123456789';
const LEAKS = [...Object.values(SECRETS), JSON.stringify(SECRETS.AZURE_CLIENT_CERTIFICATE_PASSWORD).slice(1, -1), JWT_PAYLOAD, SIG];
/** What a hostile or careless service error message could echo. */
const HOSTILE =
  `request with Authorization: Bearer ${JWT} refused; see https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=${SIG}; ` +
  `client secret ${SECRETS.AZURE_CLIENT_SECRET}, password ${SECRETS.AZURE_CLIENT_CERTIFICATE_PASSWORD}` +
  // and what would act on a terminal or forge a CI log line
  '\u001b]0;title\u0007\u001b[2K\n::error file=manifests/x.yaml::forged';

/** Live values that carry secrets: a property equal to an environment secret, a SAS in a resource ID. */
function plantSecrets(emu: RunningEmulator): void {
  const storm = emu.control.getDataConnection({ ...DB, name: 'storm-events-iothub' });
  emu.control.putDataConnection({ ...DB, name: 'storm-events-iothub' }, { kind: 'IotHub', properties: { ...storm?.properties, tableName: SECRETS.AZURE_PASSWORD } });
  emu.control.putDataConnection({ ...DB, name: 'stray' }, { kind: 'EventHub', properties: { eventHubResourceId: `${EH}?sv=2022-11-02&sig=${SIG}`, consumerGroup: 'stray', tableName: 'Telemetry' } });
}

/** Each test with its own emulator, secrets planted, so the tests run concurrently. */
function secretTest(name: string, body: (emu: RunningEmulator) => Promise<void>): void {
  it.concurrent(name, () =>
    withEmulator({}, async (emu) => {
      plantSecrets(emu);
      await body(emu);
    }),
  );
}

function expectNoSecret(what: string, text: string): void {
  for (const leak of LEAKS) expect(text.includes(leak), `${what} contains ${leak}`).toBe(false);
  expect(text.includes('\u001b]'), `${what} has a terminal control sequence from the service`).toBe(false);
  expect(/^::error/m.test(text), `${what} has a forged CI workflow command`).toBe(false);
}

describe('secrets never appear in any output (e2e)', () => {
  secretTest('plan in text, JSON and markdown, with the service validation, and the saved plan', async (emu) => {
    const dir = workspace();
    const env = { ...emulatorEnv(emu, dir), ...SECRETS };
    emu.control.injectFault({ method: 'POST', path: 'dataConnectionValidation$', action: { type: 'status', status: 400, code: 'BadRequest', message: HOSTILE } });
    const runs: Record<string, CliRun> = {
      text: await runCli(['plan', '--validate-remote', '--allow-delete', '--out', 'plan.json'], { cwd: dir, env }),
      json: await runCli(['plan', '-o', 'json'], { cwd: dir, env }),
      markdown: await runCli(['plan', '-o', 'markdown'], { cwd: dir, env }),
    };
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      expectNoSecret(`plan ${name} stdout`, run.stdout);
      expectNoSecret(`plan ${name} stderr`, run.stderr);
    }
    // The secret-bearing values were there to show, and were shown redacted.
    expect(runs['text']?.stdout).toMatch(/~ tableName +=+ "\[REDACTED\]" -> "StormEvents"/);
    expect(runs['text']?.stdout).toMatch(/eventHubResourceId += ".*sig=\[REDACTED\]"/);
    expect(`${runs['text']?.stdout ?? ''}${runs['text']?.stderr ?? ''}`).toMatch(/KD206: the service's validation could not be asked: .*Bearer \[REDACTED\]/);
    expect(runs['json']?.stdout).toContain('"tableName": "[REDACTED]"');
    const saved = readFileSync(join(dir, 'plan.json'), 'utf8');
    expectNoSecret('saved plan', saved);
    expect(saved).toContain('[REDACTED]');

    // The redacted saved plan is still a valid plan: apply accepts it and writes the declared values.
    const applied = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--poll-interval', '10ms'], { cwd: dir, env });
    expectNoSecret('apply --plan stdout', applied.stdout);
    expect(applied.code, applied.stderr).toBe(0);
    expect(emu.control.getDataConnection({ ...DB, name: 'storm-events-iothub' })?.properties['tableName']).toBe('StormEvents');
    expect(emu.control.getDataConnection({ ...DB, name: 'stray' })).toBeUndefined();
  });

  secretTest('apply: events, failures echoing secrets, the report, and the JSON log', async (emu) => {
    const dir = workspace();
    const env = { ...emulatorEnv(emu, dir), ...SECRETS };
    emu.control.injectFault({ method: 'PUT', path: 'telemetry-eventhub$', action: { type: 'status', status: 400, code: 'BadRequest', message: HOSTILE } });
    emu.control.injectFault({ method: 'PUT', path: 'cosmos-changes$', action: { type: 'failOperation', code: 'Denied', message: HOSTILE } });
    const text = await runCli(['apply', '--auto-approve', '--allow-delete', '--poll-interval', '10ms'], { cwd: dir, env });
    const json = await runCli(['apply', '--auto-approve', '--allow-delete', '--poll-interval', '10ms', '-o', 'json'], { cwd: dir, env });
    for (const [name, run] of Object.entries({ text, json })) {
      expect(run.code, name).toBe(1);
      expectNoSecret(`apply ${name} stdout`, run.stdout);
      expectNoSecret(`apply ${name} stderr`, run.stderr);
    }
    expect(text.stdout).toMatch(/telemetry-eventhub +failed \(create\) 400 BadRequest: request with Authorization: Bearer \[REDACTED\]/);
    expect(text.stdout).toMatch(/cosmos-changes +failed \(create\) Denied: .*sig=\[REDACTED\]/);
    const failed = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; error?: { message: string } }).filter((r) => r.type === 'failed');
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.error?.message).toContain('[REDACTED]');
    // Only the two refused connections are missing; everything else was carried out.
    const names = emu.control.listDataConnections(DB).map((c) => c.name.split('/').pop()).sort();
    expect(names).toEqual(['blob-logs-eventgrid', 'legacy-import', 'storm-events-iothub']);
  });

  secretTest('a failed read: the service message in the diagnostic', async (emu) => {
    const dir = workspace();
    const env = { ...emulatorEnv(emu, dir), ...SECRETS };
    emu.control.injectFault({ method: 'GET', path: 'dataConnections$', action: { type: 'status', status: 403, code: 'AuthorizationFailed', message: HOSTILE } });
    const run = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/KD402: permission denied .*Bearer \[REDACTED\]/);
    expectNoSecret('apply stderr', run.stderr);
    expectNoSecret('apply stdout', run.stdout);
  });
});
