/**
 * The CI examples are written in each platform's own syntax. GitHub's files (the template's
 * workflows and kustodian's own action.yml) are checked by action-validator, a validator built
 * on SchemaStore's published schemas for workflows and actions. Azure Pipelines has no such
 * validator on the registry, so its file is checked against hand-written rules: every key is one
 * the "YAML schema reference for Azure Pipelines" defines at that place, each step is one of
 * its step kinds, and values have the shape the platform expects; a typo such as `displayname`
 * fails.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ValidationError, validateAction, validateWorkflow } from '@action-validator/core';
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

const TEMPLATE = path.join(REPO_ROOT, 'examples', 'manifests-repo');
const text = (...file: string[]): string => readFileSync(path.join(...file), 'utf8');
const read = (file: string): unknown => parse(text(TEMPLATE, file));

/** action-validator's errors as `path: title (detail)` lines, the states of a oneOf flattened. */
function flat(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const line = `${'path' in e ? e.path : ''}: ${e.title}${e.detail ? ` (${e.detail})` : ''}`;
    return 'states' in e && e.states ? [line, ...e.states.flatMap((st) => flat(st.errors))] : [line];
  });
}

/** action-validator warns on stderr that it does not check globs; that is all it prints. */
function quietly<T>(check: () => T): T {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => (/^WARNING: Glob validation/.test(String(chunk)) ? true : write(chunk))) as typeof process.stderr.write;
  try {
    return check();
  } finally {
    process.stderr.write = write;
  }
}

const WORKFLOWS = ['plan.yml', 'apply.yml', 'drift.yml'].map((f) => path.join('.github', 'workflows', f));

describe('the CI examples are written in their platform syntax', () => {
  it.each(WORKFLOWS)('%s: a valid GitHub Actions workflow (action-validator)', (file) => {
    expect(flat(quietly(() => validateWorkflow(text(TEMPLATE, file))).errors)).toEqual([]);
  });

  it('action.yml: a valid GitHub Action (action-validator)', () => {
    expect(flat(quietly(() => validateAction(text(REPO_ROOT, 'action.yml'))).errors)).toEqual([]);
  });

  it('the validator catches what a slip of the keyboard does, in a workflow and in the action', () => {
    const typo = text(TEMPLATE, WORKFLOWS[0] ?? '').replace('runs-on:', 'run-on:').replace('cancel-in-progress:', 'cancel-in-progres:');
    const found = flat(quietly(() => validateWorkflow(typo)).errors).join('\n');
    expect(found).toContain("Additional property 'run-on' is not allowed");
    expect(found).toContain("Additional property 'cancel-in-progres' is not allowed");
    const action = text(REPO_ROOT, 'action.yml').replace('using: composite', 'using: compsite');
    expect(flat(quietly(() => validateAction(action)).errors).join('\n')).toContain('/runs/using');
  });

  it('azure-pipelines.yml: every key, step and value is one Azure Pipelines defines', () => {
    expect(problems(read('azure-pipelines.yml'), AZURE_PIPELINE, 'azure-pipelines.yml')).toEqual([]);
  });

  it('the Azure Pipelines rules catch what a slip of the keyboard does', () => {
    const pipeline = structuredClone(read('azure-pipelines.yml')) as { stages: { jobs: Record<string, unknown>[] }[] };
    const job = pipeline.stages[0]?.jobs[0];
    if (job) job['displayname'] = 'lower-cased';
    expect(problems(pipeline, AZURE_PIPELINE, 'azure-pipelines.yml')).toEqual(['azure-pipelines.yml.stages[0].jobs[0]: matches none of its allowed shapes']);
    const step = structuredClone(read('azure-pipelines.yml')) as { stages: { jobs: { steps: Record<string, unknown>[] }[] }[] };
    const first = step.stages[0]?.jobs[0]?.steps[1];
    if (first) first['bash'] = 'echo both';
    expect(problems(step, AZURE_PIPELINE, 'azure-pipelines.yml')).toEqual(['azure-pipelines.yml.stages[0].jobs[0]: matches none of its allowed shapes']);
  });
});
