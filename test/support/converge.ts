/**
 * Whether the live estate matches a manifest tree: the real loader, the real SDK reading the
 * emulator, the real planner — in process, so a test can check convergence without starting
 * the CLI once more.
 */
import { expect } from 'vitest';
import { createKustoPort } from '../../src/azure/arm/kusto-port.js';
import { DEFAULT_SETTINGS } from '../../src/azure/settings.js';
import type { AzurePort } from '../../src/core/ports/azure-port.js';
import { formatDiagnostic, hasErrors } from '../../src/core/diagnostics.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { loadManifests } from '../../src/manifest/load.js';
import type { Plan } from '../../src/plan/model.js';
import { planChanges } from '../../src/plan/planner.js';
import { readLiveState, referencedDatabases } from '../../src/workflow/read-live.js';

export function emulatorPort(emu: RunningEmulator): AzurePort {
  return createKustoPort({ ...DEFAULT_SETTINGS, endpoint: emu.endpoint, ca: emu.ca, credential: 'emulator', pollIntervalMs: 10 });
}

/** The plan `kustodian plan` would make for the manifests under `dir/paths`. */
export async function planFor(emu: RunningEmulator, dir: string, paths: readonly string[] = ['manifests']): Promise<Plan> {
  const loaded = await loadManifests(paths, { cwd: dir, env: {} });
  if (hasErrors(loaded.diagnostics)) throw new Error(`the manifests are invalid:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`);
  const read = await readLiveState(emulatorPort(emu), referencedDatabases(loaded.state));
  if (read.diagnostics.length > 0) throw new Error(`the live state cannot be read:\n${read.diagnostics.map(formatDiagnostic).join('\n')}`);
  const planned = planChanges(loaded.state, read.live, { now: new Date().toISOString() });
  if (hasErrors(planned.diagnostics)) throw new Error(`the plan has errors:\n${planned.diagnostics.map(formatDiagnostic).join('\n')}`);
  return planned.plan;
}

/** The estate matches the manifests: nothing to change, nothing still running. */
export async function expectConverged(emu: RunningEmulator, dir: string, paths: readonly string[] = ['manifests']): Promise<Plan> {
  const plan = await planFor(emu, dir, paths);
  expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([]);
  expect(plan.inProgress.map((r) => r.address)).toEqual([]);
  return plan;
}
