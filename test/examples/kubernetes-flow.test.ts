/**
 * The template's Kubernetes examples run as written: each pod's containers in order (git-sync
 * stood in for by the checkout it would make), the `install` init container's `npm ci` of the
 * pinned kustodian, then the reconcile container's script with its flags, against the
 * standalone emulator. The workload identity a pod would get is replaced by the emulator's
 * credential (KUSTODIAN_CREDENTIAL and the endpoint), npm's registry by its cache, and the
 * Deployment's metrics port by a free one; nothing else is changed.
 */
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Container, pod, type Pod, podTemplate, start } from '../support/ci/kubernetes.js';
import { startStandalone, type Standalone } from '../support/ci/standalone.js';
import { cleanEnv, copyTemplate, packedKustodian } from '../support/packed.js';

let azure: Standalone;
let repo: string;

beforeAll(async () => {
  repo = copyTemplate(await packedKustodian());
  azure = await startStandalone();
}, 300_000);

afterAll(async () => {
  await azure?.stop();
});

function workload(file: string, kind: string): Record<string, unknown> {
  const docs = parseAllDocuments(readFileSync(path.join(repo, 'kubernetes', file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
  const doc = docs.find((d) => d['kind'] === kind);
  if (doc === undefined) throw new Error(`${file} has no ${kind}`);
  return doc;
}

/** The pod, with git-sync's checkout in place and kustodian installed by its init containers. */
async function ready(file: string, kind: string): Promise<Pod> {
  const running = pod(podTemplate(workload(file, kind)), cleanEnv(), {
    ...azure.env,
    npm_config_offline: 'true',
    npm_config_cache: process.env['npm_config_cache'] ?? path.join(process.env['HOME'] ?? '', '.npm'),
  });
  const git = running.volumes['git'];
  if (git === undefined) throw new Error('the pod has no git volume');
  cpSync(repo, path.join(git, 'checkout'), { recursive: true });
  symlinkSync(path.join(git, 'checkout'), path.join(git, 'current'));
  for (const c of running.initContainers) {
    if (c.image.includes('git-sync')) continue;
    const init = start(c);
    expect(await init.exited, `${c.name}:\n${init.output()}`).toBe(0);
  }
  return running;
}

function main(p: Pod, name: string): Container {
  const c = p.containers.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no container ${name}`);
  return c;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe('the template’s Kubernetes examples', () => {
  it('cronjob.yaml: a run installs the pinned kustodian, reconciles, and writes its report; the next run has nothing to do', async () => {
    const p = await ready('cronjob.yaml', 'CronJob');
    const reconcile = main(p, 'reconcile');
    const first = start(reconcile);
    expect(await first.exited, first.output()).toBe(0);
    const report = JSON.parse(readFileSync(path.join(p.volumes['reports'] ?? '', 'last-reconcile.json'), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ result: 'changed', plan: { summary: { create: 3, update: 1 } } });
    const second = start(reconcile);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('"result":"converged"');
  }, 120_000);

  it('cronjob.yaml with a change the guards refuse: every other fix is applied, the refusal reported (exit 3)', async () => {
    const p = await ready('cronjob.yaml', 'CronJob');
    const checkout = path.join(p.volumes['git'] ?? '', 'checkout', 'manifests', 'mykustodatabase');
    const edit = (file: string, from: string, to: string): void => {
      const text = readFileSync(path.join(checkout, file), 'utf8');
      if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
      writeFileSync(path.join(checkout, file), text.replace(from, to));
    };
    edit('telemetry-eventhub.yaml', 'compression: None', 'compression: GZip'); // a replacement, no allow-replace annotation
    edit('storm-events-iothub.yaml', 'dataFormat: CSV', 'dataFormat: JSON'); // an update in place
    const run = start(main(p, 'reconcile'));
    expect(await run.exited, run.output()).toBe(3);
    const report = JSON.parse(readFileSync(path.join(p.volumes['reports'] ?? '', 'last-reconcile.json'), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({
      result: 'changed',
      changes: [{ address: expect.stringMatching(/storm-events-iothub$/), action: 'update', status: 'succeeded' }],
      refusals: [{ rule: 'replace-not-allowed', address: expect.stringMatching(/telemetry-eventhub$/) }],
    });
  }, 120_000);

  it('deployment.yaml: reconciles round after round, serves /healthz and /metrics, and stops on SIGTERM', async () => {
    const p = await ready('deployment.yaml', 'Deployment');
    const port = await freePort();
    const c = main(p, 'reconcile');
    const reconcile = start({ ...c, script: c.script.replace(/--metrics-port 9464/, `--metrics-port ${port}`) });
    const report = path.join(p.volumes['tmp'] ?? '', 'last-reconcile.json');
    for (let i = 0; i < 200 && !existsSync(report); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(report), reconcile.output()).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('kustodian_reconcile_total');
    expect(metrics).toMatch(/^kustodian_refused_changes 0$/m);
    reconcile.child.kill('SIGTERM');
    const code = await Promise.race([reconcile.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
    expect(code, reconcile.output()).toBe(0);
    expect(reconcile.output()).toContain('{"type":"stopped","rounds":1}');
  }, 120_000);
});
