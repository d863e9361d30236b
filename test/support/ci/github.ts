/**
 * Runs one job of a GitHub Actions workflow here, as a runner would: each `run:` step as a bash
 * script (`bash --noprofile --norc -eo pipefail`, GitHub's default), with `${{ }}` expressions
 * substituted, `if:` conditions, step outputs through $GITHUB_OUTPUT, the job summary through
 * $GITHUB_STEP_SUMMARY, and kustodian's own action (`kustodian/kustodian@...` or `./`) run from
 * its action.yml, composite steps and all. Other actions (checkout, setup-node, azure/login,
 * artifacts, github-script) are not ours to run: a test gives a stand-in for each one the job
 * uses, and a job that uses one without a stand-in fails.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, type Context, interpolate, type Status } from './expressions.js';

type Step = Readonly<Record<string, unknown>>;
export interface StepResult {
  readonly outcome: 'success' | 'failure' | 'skipped';
  readonly outputs: Readonly<Record<string, string>>;
}
export type StandIn = (inputs: Readonly<Record<string, string>>, cwd: string) => Record<string, string> | void;

export interface GithubJobOptions {
  /** The checked-out repository. */
  readonly cwd: string;
  /** The runner's environment (the test's connection to the emulator included). */
  readonly env: NodeJS.ProcessEnv;
  readonly vars?: Readonly<Record<string, string>>;
  readonly github?: Readonly<Record<string, unknown>>;
  /** By action name without its version, e.g. `actions/checkout`. */
  readonly standIns: Readonly<Record<string, StandIn>>;
  /** Where kustodian's action.yml is. */
  readonly actionRoot: string;
}

export interface GithubJobRun {
  readonly steps: Readonly<Record<string, StepResult>>;
  /** The job's steps that ran (were not skipped), by position in the job. */
  readonly ran: readonly number[];
  readonly failed: boolean;
  readonly summary: string;
  readonly log: string;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function strings(v: unknown, ctx: Context, status: Status): Record<string, string> {
  return Object.fromEntries(Object.entries(record(v)).map(([k, x]) => [k, interpolate(String(x), ctx, status)]));
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i] ?? '');
      out[heredoc[1] ?? ''] = body.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

interface Runner {
  readonly temp: string;
  readonly summary: string;
  log: string;
}

interface Ran {
  readonly ok: boolean;
  /** Set even when the step failed, as GitHub keeps what a failing step wrote to $GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>;
}

/** One `run:` script. */
function runScript(runner: Runner, script: string, cwd: string, env: NodeJS.ProcessEnv): Ran {
  const dir = mkdtempSync(path.join(runner.temp, 'step-'));
  const file = path.join(dir, 'script.sh');
  const output = path.join(dir, 'output');
  writeFileSync(file, script);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd,
    env: { ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: runner.summary, RUNNER_TEMP: runner.temp },
    encoding: 'utf8',
    timeout: 240_000,
  });
  runner.log += `$ ${script.trim().split('\n')[0] ?? ''}\n${r.stdout}${r.stderr}`;
  return { ok: r.status === 0, outputs: readOutputs(output) };
}

/** Runs the steps of a job or of a composite action; the context's `steps` is filled as they run. */
function runSteps(runner: Runner, steps: readonly Step[], base: Context, options: GithubJobOptions, cwd: string, env: NodeJS.ProcessEnv): { results: Record<string, StepResult>; failed: boolean; ran: number[] } {
  const results: Record<string, StepResult> = {};
  const ran: number[] = [];
  const status = { failed: false };
  steps.forEach((step, n) => {
    const id = typeof step['id'] === 'string' ? step['id'] : `__step${n}`;
    const ctx: Context = { ...base, steps: results, env: { ...env } };
    if (!condition(step['if'], ctx, status)) {
      results[id] = { outcome: 'skipped', outputs: {} };
      return;
    }
    ran.push(n);
    const stepEnv = { ...env, ...strings(step['env'], ctx, status) };
    const dir = typeof step['working-directory'] === 'string' ? path.resolve(cwd, interpolate(step['working-directory'], ctx, status)) : cwd;
    let result: Ran;
    if (typeof step['run'] === 'string') {
      result = runScript(runner, interpolate(step['run'], ctx, status), dir, stepEnv);
    } else if (typeof step['uses'] === 'string') {
      const uses = step['uses'];
      const inputs = strings(step['with'], ctx, status);
      if (uses === './' || /^[\w.-]+\/kustodian@/.test(uses)) {
        result = runAction(runner, inputs, options, cwd, stepEnv);
      } else {
        const standIn = options.standIns[uses.replace(/@.*$/, '')];
        if (standIn === undefined) throw new Error(`no stand-in for ${uses}: give the test one`);
        runner.log += `[stand-in] ${uses}\n`;
        result = { ok: true, outputs: standIn(inputs, cwd) ?? {} };
      }
    } else {
      throw new Error(`step ${String(step['name'] ?? n)} neither runs nor uses anything`);
    }
    results[id] = { outcome: result.ok ? 'success' : 'failure', outputs: result.outputs };
    if (!result.ok) status.failed = true;
  });
  return { results, failed: status.failed, ran };
}

/** kustodian's composite action, from action.yml. */
function runAction(runner: Runner, given: Record<string, string>, options: GithubJobOptions, cwd: string, env: NodeJS.ProcessEnv): Ran {
  const action = record(parse(readFileSync(path.join(options.actionRoot, 'action.yml'), 'utf8')));
  const declared = record(action['inputs']);
  for (const name of Object.keys(given)) if (!(name in declared)) throw new Error(`action.yml has no input ${name}`);
  const inputs = Object.fromEntries(Object.entries(declared).map(([k, d]) => [k, given[k] ?? String(record(d)['default'] ?? '')]));
  for (const [k, d] of Object.entries(declared)) if (record(d)['required'] === true && inputs[k] === '') throw new Error(`the action's input ${k} is required`);
  const steps = (record(action['runs'])['steps'] ?? []) as Step[];
  const base: Context = { inputs, github: { ...options.github, action_path: options.actionRoot } };
  const ran = runSteps(runner, steps, base, options, cwd, { ...env, GITHUB_ACTION_PATH: options.actionRoot });
  const ctx: Context = { ...base, steps: ran.results };
  const outputs = Object.fromEntries(Object.entries(record(action['outputs'])).map(([k, o]) => [k, interpolate(String(record(o)['value'] ?? ''), ctx, { failed: ran.failed })]));
  return { ok: !ran.failed, outputs };
}

/** Runs `jobId` of the workflow `file`. */
export function runGithubJob(file: string, jobId: string, options: GithubJobOptions): GithubJobRun {
  const workflow = record(parse(readFileSync(file, 'utf8')));
  const job = record(record(workflow['jobs'])[jobId]);
  const temp = mkdtempSync(path.join(tmpdir(), 'kustodian-runner-'));
  const runner: Runner = { temp, summary: path.join(temp, 'summary.md'), log: '' };
  appendFileSync(runner.summary, '');
  const base: Context = { vars: options.vars ?? {}, github: options.github ?? {}, secrets: {} };
  const env = { ...options.env, ...strings(workflow['env'], base, { failed: false }), ...strings(job['env'], base, { failed: false }) };
  const ran = runSteps(runner, (job['steps'] ?? []) as Step[], base, options, options.cwd, env);
  return { steps: ran.results, ran: ran.ran, failed: ran.failed, summary: readFileSync(runner.summary, 'utf8'), log: runner.log };
}
