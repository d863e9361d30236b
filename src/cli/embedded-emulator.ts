/**
 * `--emulator`: the in-process emulator, seeded from the repo's example world, its state kept
 * in a file (default .kustodian/emulator-state.json) so successive runs see what earlier
 * ones did — run apply twice and the second says "No changes." One process at a time serves
 * a state file (state-lock.ts).
 */
import { resolve } from 'node:path';
import { DEFAULT_SEED_FILE, startEmulator } from '../emulator/index.js';
import { lockStateFile } from './process/state-lock.js';

export const DEFAULT_EMULATOR_STATE = '.kustodian/emulator-state.json';

export interface EmbeddedEmulator {
  readonly endpoint: string;
  readonly ca: string;
  stop(): Promise<void>;
}

export async function startEmbeddedEmulator(cwd: string, stateFile: string | undefined, seedFile: string | undefined): Promise<EmbeddedEmulator> {
  const state = resolve(cwd, stateFile ?? DEFAULT_EMULATOR_STATE);
  const lock = lockStateFile(state, stateFile ?? DEFAULT_EMULATOR_STATE);
  try {
    const running = await startEmulator({ seed: seedFile ? resolve(cwd, seedFile) : DEFAULT_SEED_FILE, stateFile: state });
    return {
      endpoint: running.endpoint,
      ca: running.ca,
      stop: async () => {
        try {
          await running.stop();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
