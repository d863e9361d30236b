/**
 * The template's azure-pipelines.yml run as written: the Plan stage (install, validate, plan,
 * markdown summary, publish) and then the Apply stage with the published plan, every script
 * step in order, against the standalone emulator.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSteps, runPipelineJob, type PipelineJobOptions } from '../support/ci/azure-pipelines.js';
import { startStandalone, type Standalone } from '../support/ci/standalone.js';
import { cleanEnv, copyTemplate, packedKustodian } from '../support/packed.js';

/**
 * Each job runs its steps as written, `npm ci` of the template included (twice in the Apply
 * test): 26-28 s alone on two quiet cores, past the suite's 30 s on a busy machine. A guard
 * against a hang, not a timing figure (those are in npm run bench).
 */
const INSTALLING_MS = 120_000;

let azure: Standalone;
let repo: string;
let options: PipelineJobOptions;
let pipeline: Record<string, unknown>;

beforeAll(async () => {
  repo = copyTemplate(await packedKustodian());
  azure = await startStandalone();
  const agent = mkdtempSync(path.join(tmpdir(), 'kustodian-agent-'));
  const staging = path.join(agent, 'a');
  mkdirSync(staging);
  options = {
    cwd: repo,
    // AzureCLI@2 signs the Azure CLI in through the service connection; here the environment
    // points kustodian at the emulator instead.
    env: cleanEnv({ ...azure.env, npm_config_offline: 'true' }),
    variables: { 'Build.ArtifactStagingDirectory': staging, 'Pipeline.Workspace': path.join(agent, 'w'), azureServiceConnection: 'kustodian-azure' },
    artifacts: path.join(agent, 'artifacts'),
  };
  mkdirSync(options.artifacts);
  pipeline = parse(readFileSync(path.join(repo, 'azure-pipelines.yml'), 'utf8')) as Record<string, unknown>;
}, 300_000);

afterAll(async () => {
  await azure?.stop();
});

function job(stage: string, name: string): Record<string, unknown> {
  const s = (pipeline['stages'] as Record<string, unknown>[]).find((x) => x['stage'] === stage);
  const j = ((s?.['jobs'] ?? []) as Record<string, unknown>[]).find((x) => x['job'] === name || x['deployment'] === name);
  if (j === undefined) throw new Error(`no job ${stage}.${name}`);
  return j;
}

describe('the template’s Azure Pipelines file', () => {
  it('Plan stage: installs, validates, plans, uploads the markdown summary, publishes the plan', () => {
    const run = runPipelineJob(jobSteps(job('Plan', 'plan')), options);
    expect(run.failed, run.log).toBe(false);
    expect(run.log).toMatch(/valid: 6 documents in 6 files/);
    expect(run.outputs['plan.hasChanges']).toBe('true');
    expect(run.summaries[0]).toContain('**Plan: 3 to create, 1 to update, 0 to replace, 0 to delete.**');
    expect(JSON.parse(readFileSync(path.join(options.artifacts, 'kustodian-plan', 'plan.json'), 'utf8'))).toMatchObject({ plan: { summary: { create: 3 } } });
  }, INSTALLING_MS);

  it('Apply stage: applies the published plan; a new Plan stage then has nothing to do', () => {
    const run = runPipelineJob(jobSteps(job('Apply', 'apply')), options);
    expect(run.failed, run.log).toBe(false);
    expect(run.log).toMatch(/Apply complete|4 of 4 succeeded/);
    const again = runPipelineJob(jobSteps(job('Plan', 'plan')), options);
    expect(again.outputs['plan.hasChanges']).toBe('false');
    expect(again.log).toContain('No changes.');
  }, INSTALLING_MS);
});
