/**
 * The GitHub Actions workflows of the manifests-repository template, run as written: a pull
 * request's plan.yml, the merge's apply.yml of the reviewed plan, a stale plan refused, and the
 * scheduled drift.yml, each job's steps in order through kustodian's own action (action.yml),
 * which installs the packed kustodian with `npm ci` from the template's lock. Azure is the
 * standalone emulator; GitHub's side (artifacts, gh, github-script) is stood in for.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bin.js';
import { runGithubJob, type GithubJobOptions } from '../support/ci/github.js';
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
    const run = runGithubJob(workflow('plan.yml'), 'plan', options);
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
    const run = runGithubJob(workflow('apply.yml'), 'apply', options);
    expect(run.failed, run.log).toBe(false);
    expect(run.steps['apply']?.outputs['exitcode']).toBe('0');
    expect(github.ghCalls()).toContainEqual(['run', 'download', '1234', '--name', 'kustodian-plan', '--dir', 'reviewed']);
    const again = runGithubJob(workflow('plan.yml'), 'plan', options);
    expect(again.steps['plan']?.outputs).toMatchObject({ exitcode: '0', 'has-changes': 'false' });
    expect(again.log).toContain('No changes.');
  });

  it('a reviewed plan that went stale before the merge: apply.yml changes nothing and says what to do', () => {
    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]');
    const planned = runGithubJob(workflow('plan.yml'), 'plan', options);
    expect(planned.steps['plan']?.outputs['has-changes']).toBe('true');
    // Someone changes the same connection by other means before the merge.
    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]');
    editManifest('dataFormat: JSON', 'dataFormat: MULTIJSON');
    expect(npx('apply', '--auto-approve').code).toBe(0);
    editManifest('dataFormat: MULTIJSON', 'dataFormat: JSON');
    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]');

    const run = runGithubJob(workflow('apply.yml'), 'apply', options);
    expect(run.failed).toBe(true);
    expect(run.steps['apply']?.outputs['exitcode']).toBe('1');
    expect(run.log).toContain('KD301');
    expect(run.log).toContain('::error title=Stale plan::The live data connections changed after pull request #7 was planned (run 1234)');
    // What the merged manifests say is applied by the next reviewed plan.
    expect(runGithubJob(workflow('plan.yml'), 'plan', options).failed).toBe(false);
    const merged = runGithubJob(workflow('apply.yml'), 'apply', options);
    expect(merged.failed, merged.log).toBe(false);
  });

  it('schedule: drift.yml in sync closes no issue; after a change outside git it opens one with the report', () => {
    const calm = runGithubJob(workflow('drift.yml'), 'drift', options);
    expect(calm.failed, calm.log).toBe(false);
    expect(calm.steps['drift']?.outputs['has-changes']).toBe('false');
    expect(github.ghCalls().some((c) => c[0] === 'issue' && c[1] === 'create')).toBe(false);

    editManifest('eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number, x-opt-offset]', 'eventSystemProperties: [x-opt-enqueued-time, x-opt-sequence-number]');
    const drifted = runGithubJob(workflow('drift.yml'), 'drift', options);
    expect(drifted.failed, drifted.log).toBe(false);
    expect(drifted.steps['drift']?.outputs['has-changes']).toBe('true');
    const create = github.ghCalls().find((c) => c[0] === 'issue' && c[1] === 'create');
    expect(create).toBeDefined();
    const body = readFileSync(create?.[create.indexOf('--body-file') + 1] ?? '', 'utf8');
    expect(body).toMatch(/^<!-- kustodian:drift -->\n/);
    expect(body).toContain('1 drifted');
    expect(drifted.summary).toContain('1 drifted');
  });
});
