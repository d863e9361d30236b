/**
 * Runs the steps of one Azure Pipelines job here, as an agent would: `script:` and `bash:`
 * steps, and AzureCLI@2's `inlineScript`, as bash scripts with `$(macro)` variables replaced;
 * `##vso[task.setvariable ...]` and `##vso[task.uploadsummary]` read from their output;
 * `publish:` and `download:` through a local artifact folder. Tasks that only prepare the agent
 * (NodeTool, checkout) are not ours to run and do nothing here; any other task fails the run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Step = Readonly<Record<string, unknown>>;

export interface PipelineJobOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** `$(Name)` values: pipeline variables and predefined ones. */
  readonly variables: Readonly<Record<string, string>>;
  /** Artifacts by name, a folder each. */
  readonly artifacts: string;
}

export interface PipelineJobRun {
  readonly failed: boolean;
  /** Output variables set with `##vso[task.setvariable ...;isOutput=true]`, as `step.name`. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly summaries: readonly string[];
  readonly log: string;
}

const NOTHING_TO_DO = new Set(['NodeTool@0', 'UseNode@1']);

function macros(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\(([\w.]+)\)/g, (whole, name: string) => variables[name] ?? whole);
}

/** The steps of a job, a deployment job's `runOnce.deploy` included. */
export function jobSteps(job: Readonly<Record<string, unknown>>): Step[] {
  if (Array.isArray(job['steps'])) return job['steps'] as Step[];
  const deploy = (((job['strategy'] as Record<string, unknown> | undefined)?.['runOnce'] as Record<string, unknown> | undefined)?.['deploy'] as Record<string, unknown> | undefined)?.['steps'];
  if (Array.isArray(deploy)) return deploy as Step[];
  throw new Error('the job has no steps');
}

export function runPipelineJob(steps: readonly Step[], options: PipelineJobOptions): PipelineJobRun {
  const temp = mkdtempSync(path.join(tmpdir(), 'kustodian-agent-'));
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  let log = '';
  for (const [n, step] of steps.entries()) {
    let script: string | undefined;
    if (typeof step['script'] === 'string') script = step['script'];
    else if (typeof step['bash'] === 'string') script = step['bash'];
    else if (step['task'] === 'AzureCLI@2') script = String((step['inputs'] as Record<string, unknown>)['inlineScript']);
    else if (typeof step['task'] === 'string' && NOTHING_TO_DO.has(step['task'])) continue;
    else if (step['checkout'] !== undefined) continue;
    else if (typeof step['publish'] === 'string') {
      cpSync(macros(step['publish'], options.variables), path.join(options.artifacts, String(step['artifact'])), { recursive: true });
      continue;
    } else if (step['download'] === 'current') {
      const name = String(step['artifact']);
      const into = path.join(options.variables['Pipeline.Workspace'] ?? temp, name);
      mkdirSync(into, { recursive: true });
      cpSync(path.join(options.artifacts, name), into, { recursive: true });
      continue;
    } else throw new Error(`step ${n}: ${JSON.stringify(step)} is not one this runner knows`);
    const file = path.join(temp, `step-${n}.sh`);
    writeFileSync(file, macros(script, options.variables));
    const r = spawnSync('bash', ['--noprofile', '--norc', file], { cwd: options.cwd, env: options.env, encoding: 'utf8', timeout: 240_000 });
    log += `$ ${script.trim().split('\n')[0] ?? ''}\n${r.stdout}${r.stderr}`;
    for (const m of r.stdout.matchAll(/^##vso\[task\.setvariable variable=([^;\]]+)(;[^\]]*)?\](.*)$/gm)) {
      outputs[`${String(step['name'] ?? n)}.${m[1] ?? ''}`] = m[3] ?? '';
    }
    for (const m of r.stdout.matchAll(/^##vso\[task\.uploadsummary\](.*)$/gm)) summaries.push(readFileSync(m[1] ?? '', 'utf8'));
    if (r.status !== 0) return { failed: true, outputs, summaries, log };
  }
  return { failed: false, outputs, summaries, log };
}
