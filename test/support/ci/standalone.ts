/**
 * `kustodian emulator` as its own process, the Azure that the CI examples talk to in tests, and
 * the environment that points kustodian at it (what a sign-in step leaves behind in real CI).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startBin } from '../bin.js';

export interface Standalone {
  readonly endpoint: string;
  readonly caFile: string;
  /** KUSTODIAN_ENDPOINT, KUSTODIAN_CA_FILE, KUSTODIAN_CREDENTIAL=emulator. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startStandalone(): Promise<Standalone> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kustodian-azure-'));
  const caFile = path.join(dir, 'ca.pem');
  const running = startBin(['emulator', '--port', '0', '--operation-duration', '100ms', '--ca-file', caFile, '--state', path.join(dir, 'state.json')], { cwd: REPO_ROOT });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start:\n${running.stderr()}`)), 30_000);
    const look = (): void => {
      const m = /listening on (https:\/\/\S+)/.exec(running.stdout());
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    running.child.stdout?.on('data', look);
    void running.exited.then((r) => reject(new Error(`the emulator exited (${String(r.code)}):\n${r.stderr}`)));
  });
  return {
    endpoint,
    caFile,
    env: { KUSTODIAN_ENDPOINT: endpoint, KUSTODIAN_CA_FILE: caFile, KUSTODIAN_CREDENTIAL: 'emulator' },
    stop: async () => {
      running.child.kill('SIGTERM');
      await running.exited;
    },
  };
}
