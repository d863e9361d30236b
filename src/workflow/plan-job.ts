/**
 * The plan job: all the reading (manifests, then the live state of every referenced database:
 * one ARM list each, or — for reports — one Resource Graph query for all), then the pure
 * planner, then — if asked — the service's own validation of each write.
 */
import { apiVersionProblems } from '../azure/arm/api-versions.js';
import type { AzurePort, GraphPort } from '../core/ports/azure-port.js';
import { createLimiter } from '../core/concurrency.js';
import { type Diagnostic, hasErrors } from '../core/diagnostics.js';
import type { DesiredState } from '../core/model.js';
import { PLAN_CODES } from '../plan/codes.js';
import type { Change, Plan, ReplaceStrategy } from '../plan/model.js';
import { planChanges } from '../plan/planner.js';
import { checkSafety, type SafetyOptions } from '../plan/rules/safety.js';
import { shardState } from '../plan/rules/shard.js';
import type { Selection } from '../plan/rules/select.js';
import type { PrerequisitePort } from '../core/ports/prerequisite-port.js';
import type { ManifestLoader } from './loader.js';
import { readLiveState, referencedDatabases } from './read-live.js';

export interface PlanJobInput {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly load: ManifestLoader;
  readonly port: AzurePort;
  /**
   * Read the live state from Azure Resource Graph instead of one list per database. For
   * reports only: Resource Graph lags behind ARM; the plan carries warnings that say so.
   */
  readonly graph?: GraphPort;
  readonly selection?: Selection;
  readonly now: string;
  readonly defaultReplaceStrategy?: ReplaceStrategy;
  /** Ask the service's dataConnectionValidation about every create, update and replace. */
  readonly validateRemote?: boolean;
  /** The Microsoft.Kusto api-version the port calls (`--api-version`): the manifests must fit it. */
  readonly apiVersion?: string;
  /**
   * The safety opt-ins the plan is made with: the plan then says what apply will refuse with
   * them (its readiness), and a saved plan carries them to `apply --plan`.
   */
  readonly optIns?: SafetyOptions;
  /** Check what each written connection depends on (`--check-prerequisites`), through this port. */
  readonly prerequisites?: PrerequisitePort;
  readonly signal?: AbortSignal;
}

export interface PlanJobResult {
  /** Absent when an error made planning impossible. */
  readonly plan?: Plan;
  readonly desired?: DesiredState;
  readonly diagnostics: readonly Diagnostic[];
}

export async function runPlanJob(input: PlanJobInput): Promise<PlanJobResult> {
  const loaded = await input.load(input.paths, { cwd: input.cwd, env: input.env });
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics };
  // Every manifest is loaded and validated (cross-document rules see them all); a shard then
  // plans only its databases, and reads only those.
  const desired = shardState(loaded.state, input.selection?.shard);
  // Refused before any read: an api-version that lacks a field would silently drop it.
  const versionProblems = input.apiVersion === undefined ? [] : apiVersionProblems(desired, input.apiVersion, input.defaultReplaceStrategy);
  if (hasErrors(versionProblems)) return { desired, diagnostics: [...loaded.diagnostics, ...versionProblems] };
  const databases = referencedDatabases(desired);
  // Resource Graph and the prerequisite checks are loaded only by the runs that ask for them.
  const read = input.graph
    ? await (await import('./read-graph.js')).readLiveFromGraph(input.graph, databases, input.signal)
    : await readLiveState(input.port, databases, input.signal);
  if (hasErrors(read.diagnostics)) return { desired, diagnostics: [...loaded.diagnostics, ...read.diagnostics] };
  const planned = planChanges(desired, read.live, {
    now: input.now,
    ...(input.selection ? { selection: input.selection } : {}),
    ...(input.defaultReplaceStrategy ? { defaultReplaceStrategy: input.defaultReplaceStrategy } : {}),
  });
  const diagnostics = [...loaded.diagnostics, ...read.diagnostics, ...planned.diagnostics];
  if (hasErrors(planned.diagnostics)) return { desired, diagnostics };
  // What the read could not promise travels with the plan, as the planner's warnings do.
  const withReadWarnings: Plan = read.diagnostics.length > 0 ? { ...planned.plan, warnings: [...read.diagnostics, ...planned.plan.warnings] } : planned.plan;
  const validated = input.validateRemote ? await validateRemotely(withReadWarnings, input.port, input.signal) : withReadWarnings;
  const checked = input.prerequisites
    ? { ...validated, prerequisites: await (await import('./prerequisite-job.js')).checkPrerequisites(validated, input.prerequisites, input.signal) }
    : validated;
  const plan = input.optIns ? { ...checked, readiness: { optIns: input.optIns, refusals: checkSafety(checked, input.optIns) } } : checked;
  return { plan, desired, diagnostics };
}

/**
 * The service's answers land on each change (`remoteValidation`: what it refuses, so the
 * `service-refuses` rule holds the change back); a validation that could not be asked is a
 * warning of the plan, not a refusal. Creates and updates are asked; deletes have nothing to
 * validate, and a replacement cannot be asked: the service validates a write against what is
 * live now, where the connection still holds the old values and the (hub, consumer group)
 * pair that its delete frees first, so it answers that the fields cannot change in place.
 */
async function validateRemotely(plan: Plan, port: AzurePort, signal?: AbortSignal): Promise<Plan> {
  const limiter = createLimiter(4);
  const unasked: Diagnostic[] = [];
  const changes = await Promise.all(
    plan.changes.map((c): Promise<Change> => {
      if (c.action === 'delete' || c.action === 'replace') return Promise.resolve(c);
      return limiter.run(async () => {
        try {
          const answers = await port.validateConnection(c.target, c.after, signal);
          return { ...c, remoteValidation: answers };
        } catch (e) {
          unasked.push({
            severity: 'warning',
            code: PLAN_CODES.validationNotAsked,
            address: c.address,
            message: `the service's validation could not be asked: ${e instanceof Error ? e.message : String(e)}`,
            hint: 'the plan stands; apply may still fail where the service would have said so',
          });
          return c;
        }
      });
    }),
  );
  return { ...plan, changes, warnings: [...plan.warnings, ...unasked] };
}
