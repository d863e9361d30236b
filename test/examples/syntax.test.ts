/**
 * The CI examples are written in each platform's own syntax: every key of the GitHub Actions
 * workflows and of the Azure Pipelines file is one the platform's documented workflow / YAML
 * schema reference defines at that place, each step does one thing (`uses` or `run`; one of
 * Azure's step kinds), and values have the shape the platform expects. The rules below are only
 * the parts of those references the examples touch, written out here by hand; a typo such as
 * `run-on`, `cancel-in-progres` or `displayname` fails this test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/bin.js';

/** A rule for a value: anything, a scalar, a list, a mapping with known keys, or a mapping of any keys. */
type Rule =
  | { readonly t: 'any' }
  | { readonly t: 'scalar'; readonly values?: readonly string[] }
  | { readonly t: 'list'; readonly item: Rule }
  | { readonly t: 'map'; readonly keys: Readonly<Record<string, Rule>>; readonly check?: (v: Record<string, unknown>) => string | undefined }
  | { readonly t: 'mapOf'; readonly value: Rule; readonly keys?: readonly string[] }
  | { readonly t: 'oneOf'; readonly rules: readonly Rule[] };

const any: Rule = { t: 'any' };
const scalar: Rule = { t: 'scalar' };
const list = (item: Rule): Rule => ({ t: 'list', item });
const map = (keys: Record<string, Rule>, check?: (v: Record<string, unknown>) => string | undefined): Rule => ({ t: 'map', keys, ...(check ? { check } : {}) });
const mapOf = (value: Rule, keys?: readonly string[]): Rule => ({ t: 'mapOf', value, ...(keys ? { keys } : {}) });
const oneOf = (...rules: Rule[]): Rule => ({ t: 'oneOf', rules });
const strings = oneOf(scalar, list(scalar));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where `value` breaks `rule`, as `path: problem` lines. */
function problems(value: unknown, rule: Rule, at: string): string[] {
  switch (rule.t) {
    case 'any':
      return [];
    case 'scalar':
      if (isRecord(value) || Array.isArray(value)) return [`${at}: a single value was expected`];
      if (rule.values && !rule.values.includes(String(value))) return [`${at}: ${String(value)} is not one of ${rule.values.join(', ')}`];
      return [];
    case 'list':
      return Array.isArray(value) ? value.flatMap((v, i) => problems(v, rule.item, `${at}[${i}]`)) : [`${at}: a list was expected`];
    case 'map': {
      if (!isRecord(value)) return [`${at}: a mapping was expected`];
      const own = Object.entries(value).flatMap(([k, v]) => {
        const r = rule.keys[k];
        return r === undefined ? [`${at}.${k}: not a key here`] : problems(v, r, `${at}.${k}`);
      });
      const whole = rule.check?.(value);
      return whole === undefined ? own : [...own, `${at}: ${whole}`];
    }
    case 'mapOf':
      if (!isRecord(value)) return [`${at}: a mapping was expected`];
      return Object.entries(value).flatMap(([k, v]) =>
        rule.keys && !rule.keys.includes(k) ? [`${at}.${k}: not a key here`] : problems(v, rule.value, `${at}.${k}`),
      );
    case 'oneOf':
      return rule.rules.some((r) => problems(value, r, at).length === 0) ? [] : [`${at}: matches none of its allowed shapes`];
  }
}

/** Exactly one of `keys` is set. */
const exactlyOne = (keys: readonly string[]) => (v: Record<string, unknown>): string | undefined => {
  const set = keys.filter((k) => k in v);
  return set.length === 1 ? undefined : `needs exactly one of ${keys.join(', ')} (has ${set.length === 0 ? 'none' : set.join(', ')})`;
};

// GitHub Actions: "Workflow syntax for GitHub Actions" and "Events that trigger workflows".
const branchFilter = { branches: strings, 'branches-ignore': strings, paths: strings, 'paths-ignore': strings };
const GH_PERMISSION_SCOPES = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'packages', 'pages',
  'pull-requests', 'repository-projects', 'security-events', 'statuses',
];
const ghPermissions = oneOf({ t: 'scalar', values: ['read-all', 'write-all'] }, mapOf({ t: 'scalar', values: ['read', 'write', 'none'] }, GH_PERMISSION_SCOPES));
const ghConcurrency = oneOf(scalar, map({ group: scalar, 'cancel-in-progress': scalar }));
const ghStep = map(
  {
    id: scalar, if: scalar, name: scalar, uses: scalar, run: scalar, 'working-directory': scalar, shell: scalar,
    with: mapOf(scalar), env: mapOf(scalar), 'continue-on-error': scalar, 'timeout-minutes': scalar,
  },
  exactlyOne(['uses', 'run']),
);
const ghJob = map({
  name: scalar, permissions: ghPermissions, needs: strings, if: scalar, 'runs-on': strings, environment: oneOf(scalar, map({ name: scalar, url: scalar })),
  concurrency: ghConcurrency, outputs: mapOf(scalar), env: mapOf(scalar), defaults: any, steps: list(ghStep), 'timeout-minutes': scalar,
  strategy: any, 'continue-on-error': scalar, container: any, services: any,
});
const GITHUB_WORKFLOW = map({
  name: scalar,
  'run-name': scalar,
  on: map({
    pull_request: oneOf({ t: 'scalar', values: [''] }, map({ ...branchFilter, types: strings })),
    push: oneOf({ t: 'scalar', values: [''] }, map({ ...branchFilter, tags: strings, 'tags-ignore': strings })),
    schedule: list(map({ cron: scalar })),
    workflow_dispatch: oneOf({ t: 'scalar', values: ['null'] }, map({ inputs: any })),
    workflow_run: map({ workflows: strings, types: strings, branches: strings, 'branches-ignore': strings }),
  }),
  permissions: ghPermissions,
  env: mapOf(scalar),
  defaults: any,
  concurrency: ghConcurrency,
  jobs: mapOf(ghJob),
});

// Azure Pipelines: "YAML schema reference for Azure Pipelines".
const azInclude = oneOf(strings, map({ include: strings, exclude: strings }));
const azTrigger = oneOf(strings, { t: 'scalar', values: ['none'] }, map({ batch: scalar, branches: azInclude, paths: azInclude, tags: azInclude }));
const azPr = oneOf(strings, { t: 'scalar', values: ['none'] }, map({ autoCancel: scalar, branches: azInclude, paths: azInclude, drafts: scalar }));
const azStepCommon = { displayName: scalar, name: scalar, condition: scalar, continueOnError: scalar, enabled: scalar, env: mapOf(scalar), timeoutInMinutes: scalar, retryCountOnTaskFailure: scalar };
const AZ_STEP_KINDS = ['script', 'bash', 'pwsh', 'powershell', 'task', 'checkout', 'download', 'publish', 'template'];
const azStep = map(
  {
    ...azStepCommon, script: scalar, bash: scalar, pwsh: scalar, powershell: scalar, workingDirectory: scalar, failOnStderr: scalar,
    task: scalar, inputs: mapOf(scalar), checkout: scalar, clean: scalar, fetchDepth: scalar, persistCredentials: scalar,
    download: scalar, artifact: scalar, patterns: scalar, publish: scalar, template: scalar, parameters: any,
  },
  exactlyOne(AZ_STEP_KINDS),
);
const azPool = oneOf(scalar, map({ name: scalar, vmImage: scalar, demands: strings }));
const azJobCommon = { displayName: scalar, dependsOn: strings, condition: scalar, pool: azPool, variables: any, timeoutInMinutes: scalar, continueOnError: scalar, workspace: any, container: any };
const azJob = map({ job: scalar, ...azJobCommon, steps: list(azStep), strategy: any, services: any });
const azDeployment = map({
  deployment: scalar,
  ...azJobCommon,
  environment: oneOf(scalar, map({ name: scalar, resourceName: scalar, resourceType: scalar })),
  strategy: map({ runOnce: map({ preDeploy: map({ steps: list(azStep) }), deploy: map({ steps: list(azStep) }), routeTraffic: any, postRouteTraffic: any, on: any }) }),
});
const azJobs = list(oneOf(azJob, azDeployment));
const AZURE_PIPELINE = map({
  name: scalar, trigger: azTrigger, pr: azPr, schedules: any, resources: any, parameters: any, variables: any, pool: azPool,
  stages: list(map({ stage: scalar, displayName: scalar, dependsOn: strings, condition: scalar, variables: any, pool: azPool, jobs: azJobs })),
  jobs: azJobs, steps: list(azStep),
});

const read = (file: string): unknown => parse(readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'));

describe('the CI examples are written in their platform syntax', () => {
  it.each(['github-actions/plan.yml', 'github-actions/apply.yml', 'github-actions/drift.yml'])('%s: every key, step and value is one GitHub Actions defines', (file) => {
    expect(problems(read(file), GITHUB_WORKFLOW, file)).toEqual([]);
  });

  it('azure-pipelines/azure-pipelines.yml: every key, step and value is one Azure Pipelines defines', () => {
    expect(problems(read('azure-pipelines/azure-pipelines.yml'), AZURE_PIPELINE, 'azure-pipelines.yml')).toEqual([]);
  });

  it('the rules catch what a slip of the keyboard does', () => {
    const plan = read('github-actions/plan.yml') as { jobs: { plan: Record<string, unknown> & { steps: Record<string, unknown>[] } }; concurrency: Record<string, unknown> };
    const typo = structuredClone(plan);
    typo.jobs.plan['run-on'] = typo.jobs.plan['runs-on'];
    delete typo.jobs.plan['runs-on'];
    const step = typo.jobs.plan.steps[2];
    if (step) step['uses'] = 'actions/checkout@v4'; // a step that both runs and uses
    typo.concurrency['cancel-in-progres'] = true;
    expect(problems(typo, GITHUB_WORKFLOW, 'plan.yml')).toEqual([
      'plan.yml.concurrency: matches none of its allowed shapes',
      'plan.yml.jobs.plan.steps[2]: needs exactly one of uses, run (has uses, run)',
      'plan.yml.jobs.plan.run-on: not a key here',
    ]);

    const pipeline = structuredClone(read('azure-pipelines/azure-pipelines.yml')) as { stages: { jobs: Record<string, unknown>[] }[] };
    const job = pipeline.stages[0]?.jobs[0];
    if (job) job['displayname'] = 'lower-cased';
    expect(problems(pipeline, AZURE_PIPELINE, 'azure-pipelines.yml')).toEqual(['azure-pipelines.yml.stages[0].jobs[0]: matches none of its allowed shapes']);
  });
});
