/**
 * The GitHub Actions workflows of the manifests-repository template, run as written: a pull
 * request's plan.yml, the merge's apply.yml of the reviewed plan, a stale plan refused, and the
 * scheduled drift.yml, each job's steps in order through kustodian's own action (action.yml),
 * which installs the packed kustodian with `npm ci` from the template's lock. Azure is the
 * standalone emulator; GitHub's side (artifacts, gh, github-script) is stood in for.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bin.js';
import { type GithubJobOptions, type GithubJobRun, runGithubJob } from '../support/ci/github.js';
import { invocationsInScript } from './invocations.js';
import { platform, type Platform } from '../support/ci/platform.js';
import { startStandalone, type Standalone } from '../support/ci/standalone.js';
import { cleanEnv, copyTemplate, packedKustodian } from '../support/packed.js';

const REPOSITORY = 'your-org/kusto-gitops';
let azure: Standalone;
let github: Platform;
let repo: string;
let options: GithubJobOptions;

beforeAll(async () => {
  const packed = await packedKustodian();
  repo = copyTemplate(packed);
  azure = await startStandalone();
  github = platform([
    [['api', `repos/${REPOSITORY}/commits/merge-sha/pulls`], '7\n'],
    [['api', `repos/${REPOSITORY}/pulls/7`], 'head-sha\n'],
    [['run', 'list', '--workflow', 'plan.yml', '--commit', 'head-sha'], '1234\n'],
    [['issue', 'list'], ''],
  ]);
  options = {
    cwd: repo,
    env: cleanEnv({
      ...azure.env,
      npm_config_offline: 'true',
      PATH: `${github.bin}${path.delimiter}${process.env['PATH'] ?? ''}`,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_SHA: 'merge-sha',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '99',
    }),
    vars: { AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't', AZURE_SUBSCRIPTION_ID: 's' },
    github: { repository: REPOSITORY, token: 'gh-token' },
    standIns: github.standIns,
    actionRoot: REPO_ROOT,
  };
}, 300_000);

afterAll(async () => {
  await azure?.stop();
});

const workflow = (name: string): string => path.join(repo, '.github', 'workflows', name);

/** Steps that ran in some test of this file, as `file#index`. */
const ranSteps = new Set<string>();
function runJob(file: string, job: string): GithubJobRun {
  const result = runGithubJob(workflow(file), job, options);
  for (const n of result.ran) ranSteps.add(`${file}#${n}`);
  return result;
}

function editManifest(from: string, to: string): void {
  const file = path.join(repo, 'manifests', 'mykustodatabase', 'telemetry-eventhub.yaml');
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`telemetry-eventhub.yaml has no "${from}"`);
  writeFileSync(file, text.replace(from, to));
}

/** kustodian as a colleague runs it in the same repository, outside the workflows. */
function npx(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync('npx', ['kustodian', ...args], { cwd: repo, env: options.env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('the template’s GitHub workflows, in the order a team meets them', () => {
  it('pull request: plan.yml validates, plans once, writes the summary, comments and keeps the plan', () => {
    const run = runJob('plan.yml', 'plan');
    expect(run.failed, run.log).toBe(false);
    expect(run.steps['plan']?.outputs).toMatchObject({ exitcode: '2', 'has-changes': 'true' });
    expect(run.summary).toContain('**Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.**');
    expect(run.log).toMatch(/valid: 6 documents in 6 files/);
    const kept = path.join(github.artifacts, 'kustodian-plan');
    expect(JSON.parse(readFileSync(path.join(kept, 'plan.json'), 'utf8'))).toMatchObject({ kind: expect.any(String), plan: { summary: { create: 3, update: 1 } } });
    expect(readFileSync(path.join(kept, 'plan.md'), 'utf8')).toMatch(/^<!-- kustodian:plan -->\n/);
    expect(github.comments()).toEqual([readFileSync(path.join(kept, 'plan.md'), 'utf8')]);
  });

  it('merge: apply.yml finds the pull request’s plan run and applies exactly that plan', () => {
    const run = runJob('apply.yml', 'apply');
    expect(run.failed, run.log).toBe(false);
    expect(run.steps['apply']?.outputs['exitcode']).toBe('0');
    expect(github.ghCalls()).toContainEqual(['run', 'download', '1234', '--name', 'kustodian-plan', '--dir', 'reviewed']);
    const again = runJob('plan.yml', 'plan');
    expect(again.steps['plan']?.outputs).toMatchObject({ exitcode: '0', 'has-changes': 'false' });
    expect(again.log).toContain('No changes.');
  });

  it('a reviewed plan that went stale before the merge: apply.yml changes nothing and says what to do', () => {
    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]');
    const planned = runJob('plan.yml', 'plan');
    expect(planned.steps['plan']?.outputs['has-changes']).toBe('true');
    // Someone changes the same connection by other means before the merge.
    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]');
    editManifest('dataFormat: JSON', 'dataFormat: MULTIJSON');
    expect(npx('apply', '--auto-approve').code).toBe(0);
    editManifest('dataFormat: MULTIJSON', 'dataFormat: JSON');
    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]');

    const run = runJob('apply.yml', 'apply');
    expect(run.failed).toBe(true);
    expect(run.steps['apply']?.outputs['exitcode']).toBe('1');
    expect(run.log).toContain('KD301');
    expect(run.log).toContain('::error title=Stale plan::The live data connections changed after pull request #7 was planned (run 1234)');
    // What the merged manifests say is applied by the next reviewed plan.
    expect(runJob('plan.yml', 'plan').failed).toBe(false);
    const merged = runJob('apply.yml', 'apply');
    expect(merged.failed, merged.log).toBe(false);
  });

  it('schedule: drift.yml in sync closes no issue; after a change outside git it opens one with the report', () => {
    const calm = runJob('drift.yml', 'drift');
    expect(calm.failed, calm.log).toBe(false);
    expect(calm.steps['drift']?.outputs['has-changes']).toBe('false');
    expect(github.ghCalls().some((c) => c[0] === 'issue' && c[1] === 'create')).toBe(false);

    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]');
    const drifted = runJob('drift.yml', 'drift');
    expect(drifted.failed, drifted.log).toBe(false);
    expect(drifted.steps['drift']?.outputs['has-changes']).toBe('true');
    const create = github.ghCalls().find((c) => c[0] === 'issue' && c[1] === 'create');
    expect(create).toBeDefined();
    const body = readFileSync(create?.[create.indexOf('--body-file') + 1] ?? '', 'utf8');
    expect(body).toMatch(/^<!-- kustodian:drift -->\n/);
    expect(body).toContain('1 drifted');
    expect(drifted.summary).toContain('1 drifted');
  });

  it('a pull request apply would refuse: the plan check fails and says why, before anything is merged', () => {
    editManifest('compression: None', 'compression: GZip');
    const run = runJob('plan.yml', 'plan');
    expect(run.steps['plan']?.outputs['exitcode'], run.log).toBe('3');
    expect(run.failed).toBe(true);
    expect(run.summary).toContain('**Apply will refuse this plan** (made with `--allow-delete`, `--max-deletes 5`)');
    expect(run.summary).toContain('telemetry-eventhub: a replacement deletes and re-creates the connection; pass --allow-replace, or annotate the manifest with kustodian.io/allow-replace: "true"');
    expect(github.comments().at(-1)).toContain('Apply will refuse this plan');
    editManifest('compression: GZip', 'compression: None');
  });

  it('a pull request that deletes a connection: the reviewed plan is applied after the merge, deletion included', () => {
    rmSync(path.join(repo, 'manifests', 'mykustodatabase', 'cosmos-changes.yaml'));
    const planned = runJob('plan.yml', 'plan');
    expect(planned.failed, planned.log).toBe(false);
    expect(planned.summary).toMatch(/1 to delete/);
    const saved = JSON.parse(readFileSync(path.join(github.artifacts, 'kustodian-plan', 'plan.json'), 'utf8')) as { plan: { readiness: unknown } };
    expect(saved.plan.readiness).toEqual({ optIns: { allowReplace: false, allowDelete: true, maxDeletes: 5, allowEmptyDatabase: false }, refusals: [] });

    const merged = runJob('apply.yml', 'apply');
    expect(merged.failed, merged.log).toBe(false);
    expect(merged.log).toMatch(/cosmos-changes +(succeeded|deleted)|delete .*cosmos-changes.*succeeded/);
    const after = npx('plan', '--detailed-exitcode');
    expect(after.out).toContain('No changes.');
    expect(after.code).toBe(0);
  });

  it('every step that runs kustodian (its action, or kustodian in a script) ran in a test above', () => {
    const kustodianSteps = ['plan.yml', 'apply.yml', 'drift.yml'].flatMap((file) => {
      const jobs = (parse(readFileSync(workflow(file), 'utf8')) as { jobs: Record<string, { steps: Record<string, unknown>[] }> }).jobs;
      return Object.values(jobs).flatMap((job) =>
        job.steps.flatMap((step, n) => {
          const viaAction = typeof step['uses'] === 'string' && /^[\w.-]+\/kustodian@/.test(step['uses']);
          const viaScript = typeof step['run'] === 'string' && invocationsInScript(step['run'], file).length > 0;
          return viaAction || viaScript ? [`${file}#${n}`] : [];
        }),
      );
    });
    expect(kustodianSteps.length).toBeGreaterThanOrEqual(4);
    expect(kustodianSteps.filter((s) => !ranSteps.has(s))).toEqual([]);
  });
});
