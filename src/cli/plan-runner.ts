/** Runs the plan job with the real loader and the CLI's options; the plan comes back redacted. */
import { hasErrors } from '../core/diagnostics.js';
import { loadManifests } from '../manifest/load.js';
import type { Plan } from '../plan/model.js';
import { redactPlan } from '../plan/redact-plan.js';
import { runPlanJob, type PlanJobResult } from '../workflow/plan-job.js';
import type { AzurePort, GraphPort } from '../core/ports/azure-port.js';
import type { PrerequisitePort } from '../core/ports/prerequisite-port.js';
import type { Planning } from './options/common-options.js';
import type { CliIO } from './process/io.js';
import { printDiagnostics } from './output/output.js';

export async function planFromManifests(
  paths: readonly string[],
  planning: Planning,
  port: AzurePort,
  io: CliIO,
  signal?: AbortSignal,
  graph?: GraphPort,
  prerequisites?: PrerequisitePort,
): Promise<PlanJobResult> {
  const { selection, strategy } = planning;
  const result = await runPlanJob({
    paths,
    cwd: io.cwd,
    // `${NAME}` reads --var, --var-file and the environment; redaction below reads the environment.
    env: planning.variables ?? io.env,
    load: loadManifests,
    port,
    ...(graph ? { graph } : {}),
    selection,
    now: new Date().toISOString(),
    ...(strategy ? { defaultReplaceStrategy: strategy } : {}),
    ...(planning.validateRemote ? { validateRemote: true } : {}),
    ...(planning.apiVersion ? { apiVersion: planning.apiVersion } : {}),
    ...(planning.optIns ? { optIns: planning.optIns } : {}),
    ...(prerequisites ? { prerequisites } : {}),
    ...(signal ? { signal } : {}),
  });
  // What is shown, saved with --out and applied is the same redacted plan (see redact-plan.ts).
  return result.plan ? { ...result, plan: redactPlan(result.plan, io.env) } : result;
}

/**
 * Plans and prints what went wrong on stderr: the plan, or undefined when an error made it
 * unusable (the command then exits 1). Warnings travel in the plan.
 */
export async function planOrReport(
  paths: readonly string[],
  planning: Planning,
  port: AzurePort,
  io: CliIO,
  graph?: GraphPort,
  prerequisites?: PrerequisitePort,
): Promise<Plan | undefined> {
  const result = await planFromManifests(paths, planning, port, io, undefined, graph, prerequisites);
  printDiagnostics(io, result.diagnostics.filter((d) => d.severity === 'error' || !result.plan));
  return result.plan && !hasErrors(result.diagnostics) ? result.plan : undefined;
}
