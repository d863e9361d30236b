/**
 * A user's working directory for end-to-end CLI tests against the emulator: a copy of the
 * example manifests (the tests' own, test/fixtures/manifests), the emulator's CA certificate on disk, the flags that point kustodian at
 * the emulator, and the real @azure/arm-kusto client for out-of-band changes (what a person
 * clicking in the portal or running the SDK would do).
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KustoManagementClient } from '@azure/arm-kusto';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../helpers.js';
import { DB, SUB } from './builders.js';
import { FIXTURE_MANIFESTS } from './fixtures.js';
import type { EmulatorFixture } from './emulator.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface Workspace {
  readonly dir: string;
  /**
   * The KUSTODIAN_* variables that point a subprocess at the emulator. In process, commander
   * reads variables from process.env, so `run` passes the same settings as flags instead.
   */
  readonly env: NodeJS.ProcessEnv;
  /** `kustodian ...args` in process (an Azure command), with the workspace as cwd. */
  run(...args: string[]): Promise<CliRun>;
  /** The real SDK, for out-of-band changes. */
  readonly sdk: KustoManagementClient;
}

/** `dir` (an empty temporary directory) gets manifests/ and ca.pem. */
export function workspace(fx: EmulatorFixture, dir: string): Workspace {
  cpSync(FIXTURE_MANIFESTS, path.join(dir, 'manifests'), { recursive: true });
  writeFileSync(path.join(dir, 'ca.pem'), fx.emu().ca);
  const env: NodeJS.ProcessEnv = {
    NO_COLOR: '1',
    KUSTODIAN_ENDPOINT: fx.emu().endpoint,
    KUSTODIAN_CA_FILE: 'ca.pem',
    KUSTODIAN_CREDENTIAL: 'emulator',
  };
  const credential = { getToken: async () => ({ token: 'out-of-band', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const sdk = new KustoManagementClient(credential, SUB, { endpoint: fx.emu().endpoint, tlsOptions: { ca: fx.emu().ca } });
  return {
    dir,
    env,
    sdk,
    async run(...args) {
      const io = captureIO(dir, { NO_COLOR: '1' });
      const flags = ['--endpoint', fx.emu().endpoint, '--ca-file', 'ca.pem', '--credential', 'emulator', '--poll-interval', '10ms'];
      const code = await main(['node', 'kustodian', ...args, ...flags], io);
      return { code, out: io.out(), err: io.err() };
    },
  };
}

/** A workspace whose example manifests are applied to the emulator, reset first. */
export async function appliedWorkspace(fx: EmulatorFixture, dir: string): Promise<Workspace> {
  fx.emu().control.reset();
  const ws = workspace(fx, dir);
  const applied = await ws.run('apply', '--auto-approve');
  if (applied.code !== 0) throw new Error(`applying the example manifests failed (exit ${applied.code}):\n${applied.err}`);
  return ws;
}

/** The example database's path segments for the SDK: resource group, cluster, database. */
export const SDK_DB = [DB.resourceGroup, DB.cluster, DB.database] as const;

/** ISO timestamps (which differ run to run) as `<time>`, for golden files. */
export function withoutTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<time>');
}
