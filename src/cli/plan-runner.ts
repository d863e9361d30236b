/** Runs the plan job with the real loader and the CLI's options; the plan comes back redacted. */
import { loadManifests } from '../manifest/load.js';
import { redactPlan } from '../plan/redact-plan.js';
import { runPlanJob, type PlanJobResult } from '../workflow/plan-job.js';
import type { AzurePort } from '../core/azure-port.js';
import { replaceStrategyOf, selectionOf, type SelectionValues } from './common-options.js';
import type { CliIO } from './io.js';

export async function planFromManifests(
  paths: readonly string[],
  values: SelectionValues & { readonly validateRemote?: boolean },
  port: AzurePort,
  io: CliIO,
  signal?: AbortSignal,
): Promise<PlanJobResult> {
  const strategy = replaceStrategyOf(values);
  const result = await runPlanJob({
    paths,
    cwd: io.cwd,
    env: io.env,
    load: loadManifests,
    port,
    selection: selectionOf(values),
    now: new Date().toISOString(),
    ...(strategy ? { defaultReplaceStrategy: strategy } : {}),
    ...(values.validateRemote ? { validateRemote: true } : {}),
    ...(signal ? { signal } : {}),
  });
  // What is shown, saved with --out and applied is the same redacted plan (see redact-plan.ts).
  return result.plan ? { ...result, plan: redactPlan(result.plan, io.env) } : result;
}
