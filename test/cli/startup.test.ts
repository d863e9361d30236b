/**
 * What a command loads: the Azure SDK, the emulator's server and the live apply view are loaded
 * by the commands that use them, not when the CLI starts, so `validate` (a pre-commit hook, an
 * editor task) starts in a fraction of the time, and `plan` (start-up bound on a small estate,
 * issue 17) loads only what its run uses. Checked on the built CLI with a module hook that
 * records every module the process loads (ES modules and the required CommonJS SDK); the
 * bundle's chunks are read as the modules bundled into them (dist/bundle/modules.json).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, emulatorEnv, runCli, workspace } from '../support/cli.js';
import { withEmulator } from '../support/emulator.js';
import { CATALOG } from '../../src/cli/command-catalog.js';

const REGISTER = pathToFileURL(join(ROOT, 'test/support/module-log/register.mjs')).href;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the CLI in a copy of the examples; the URLs of the modules it resolved, and its exit code. */
async function modulesOf(args: readonly string[], env: (dir: string) => Record<string, string> = () => ({})): Promise<{ code: number | null; modules: string[] }> {
  const dir = workspace();
  dirs.push(dir);
  const log = join(dir, 'modules.log');
  const run = await runCli(args, { cwd: dir, env: { ...env(dir), NODE_OPTIONS: `--import=${REGISTER}`, KUSTODIAN_MODULE_LOG: log } });
  const loaded = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  // bin/kustodian.js runs the bundle (scripts/bundle.mjs): each chunk stands for the modules in it.
  if (!loaded.some((m) => m.endsWith('/dist/bundle/main.js'))) throw new Error(`the CLI did not run dist/bundle/main.js: ${loaded.slice(0, 5).join(', ')}`);
  return { code: run.code, modules: loaded.flatMap(unbundled) };
}

const CHUNKS = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/modules.json'), 'utf8')) as Record<string, string[]>;

/** A loaded chunk of the bundle as the URLs of the modules bundled into it; any other URL as it is. */
function unbundled(url: string): string[] {
  const chunk = /\/dist\/bundle\/([^/]+\.js)$/.exec(url)?.[1];
  if (chunk === undefined) return [url];
  const ids = CHUNKS[chunk];
  if (ids === undefined) throw new Error(`dist/bundle/${chunk} is not in dist/bundle/modules.json: rebuild (npm run build)`);
  return ids.map((id) => pathToFileURL(join(ROOT, id)).href);
}

const loads = (modules: readonly string[], part: string): boolean => modules.some((m) => m.includes(part));

/** Command modules the process loaded (the loader and the catalog of names and summaries live beside the folder). */
const commandModules = (modules: readonly string[]): string[] => modules.filter((m) => /\/dist\/cli\/commands\/[^/]+\.js$/.test(m));

describe('what the CLI loads', () => {
  it('--version and --help: no command module, no manifest loader, no Azure SDK; the help still lists every command', async () => {
    for (const flag of ['--version', '--help']) {
      const { code, modules } = await modulesOf([flag]);
      expect(code, flag).toBe(0);
      expect(commandModules(modules), flag).toEqual([]);
      const heavy = modules.filter((m) => /\/dist\/(?:manifest|plan|render|azure|emulator)\/|node_modules\/@azure\/|node_modules\/yaml\//.test(m));
      expect(heavy, `${flag}: ${heavy.join(", ")}`).toEqual([]);
    }
    const help = await runCli(['--help'], { cwd: ROOT });
    for (const { name } of CATALOG) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('a command loads its own module and no other command\'s', async () => {
    const { code, modules } = await modulesOf(['validate']);
    expect(code).toBe(0);
    expect(commandModules(modules).map((m) => m.replace(/.*\/commands\//, ''))).toEqual(['validate.js']);
  });

  it('validate: the manifest loader, and neither the Azure SDK, the emulator, the live view nor the saved plan validator', async () => {
    const { code, modules } = await modulesOf(['validate']);
    expect(code).toBe(0);
    expect(loads(modules, '/dist/manifest/load.js')).toBe(true);
    expect(loads(modules, '/dist/plan/contract/plan-validator.generated.js')).toBe(false);
    expect(modules.filter((m) => /node_modules\/@azure\/|node_modules\/log-update\/|\/dist\/emulator\/index\.js|\/dist\/azure\/(?:arm\/kusto-port|graph\/port|identity\/credentials)\.js/.test(m))).toEqual([]);
  });

  it('plan against the embedded emulator: the ARM pipeline and the emulator, and Resource Graph only when asked', async () => {
    const arm = await modulesOf(['plan', '--emulator']);
    expect(arm.code).toBe(0);
    expect(loads(arm.modules, 'node_modules/@azure/core-client/')).toBe(true);
    expect(loads(arm.modules, '/dist/emulator/index.js')).toBe(true);
    expect(loads(arm.modules, 'node_modules/@azure/arm-resourcegraph/')).toBe(false);

    const graph = await modulesOf(['plan', '--emulator', '--inventory', 'resource-graph']);
    expect(graph.code).toBe(0);
    expect(loads(graph.modules, 'node_modules/@azure/arm-resourcegraph/')).toBe(true);
  });

  it('plan against a standalone emulator, as the benchmark runs it: the ARM pipeline, and nothing the run does not use', async () => {
    const { code, modules } = await withEmulator({}, (emu) => modulesOf(['plan', '--detailed-exitcode'], (dir) => emulatorEnv(emu, dir)));
    expect(code).toBe(2);
    expect(loads(modules, 'node_modules/@azure/core-client/')).toBe(true);
    expect(loads(modules, '/dist/manifest/load.js')).toBe(true);
    // A plan lists and reads with requests of its own: @azure/arm-kusto (and the poller under it)
    // only for the inventory walk and --validate-remote. The emulator's static credential needs
    // no identity library; Resource Graph only with --inventory resource-graph; the prerequisite
    // SDKs only with --check-prerequisites; the JSON and markdown renderers only with -o; apply's
    // progress, export and the emulator not at all.
    const unused = modules.filter((m) =>
      /node_modules\/@azure\/(?:arm-kusto|core-lro|identity|msal-node|arm-resourcegraph|arm-eventhub|arm-iothub|arm-cosmosdb|arm-authorization)\/|node_modules\/log-update\/|\/dist\/(?:emulator|export|drift|reconcile|apply)\/|\/dist\/render\/(?:json|markdown\/markdown|apply-output)\.js|\/dist\/plan\/contract\/(?:to-public|plan-file)\.js|\/dist\/workflow\/(?:prerequisite-job|read-graph)\.js|\/dist\/azure\/(?:graph\/port|prerequisites\/)|\/dist\/cli\/output\/progress\.js/.test(m),
    );
    expect(unused).toEqual([]);
  });

  it('plan -o json and -o markdown load their own renderer', async () => {
    for (const [format, renderer] of [['json', '/dist/render/json.js'], ['markdown', '/dist/render/markdown/markdown.js']] as const) {
      const { code, modules } = await modulesOf(['plan', '--emulator', '-o', format]);
      expect(code, format).toBe(0);
      expect(loads(modules, renderer), format).toBe(true);
    }
  });
});
