/** Runs the plan job with the real loader and the CLI's options. */
import { loadManifests } from '../manifest/load.js';
import { runPlanJob, type PlanJobResult } from '../workflow/plan-job.js';
import type { AzurePort } from '../core/azure-port.js';
import { replaceStrategyOf, selectionOf, type SelectionValues } from './common-options.js';
import type { CliIO } from './io.js';

export function planFromManifests(
  paths: readonly string[],
  values: SelectionValues & { readonly validateRemote?: boolean },
  port: AzurePort,
  io: CliIO,
  signal?: AbortSignal,
): Promise<PlanJobResult> {
  const strategy = replaceStrategyOf(values);
  return runPlanJob({
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
}
