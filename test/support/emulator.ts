/** Starting the emulator for a test file, and a port of the real SDK pointed at it. */
import { afterAll, beforeAll } from 'vitest';
import { createKustoPort, type KustoPort } from '../../src/azure/arm/kusto-port.js';
import { DEFAULT_SETTINGS, type AzureSettings } from '../../src/azure/settings.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export interface EmulatorFixture {
  readonly emu: () => RunningEmulator;
  readonly port: (overrides?: Partial<AzureSettings>) => KustoPort;
  readonly settings: (overrides?: Partial<AzureSettings>) => AzureSettings;
}

/** One emulator for the test file: started before, stopped after; `reset()` it between tests. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await startEmulator({ operationDurationMs: 20, ...options });
  });
  afterAll(async () => {
    await running?.stop();
  });
  const emu = (): RunningEmulator => {
    if (!running) throw new Error('the emulator is not running');
    return running;
  };
  const settings = (overrides: Partial<AzureSettings> = {}): AzureSettings => ({
    ...DEFAULT_SETTINGS,
    endpoint: emu().endpoint,
    ca: emu().ca,
    credential: 'emulator',
    pollIntervalMs: 10,
    ...overrides,
  });
  return { emu, settings, port: (overrides) => createKustoPort(settings(overrides)) };
}

/** An emulator of its own for one test (so tests can run concurrently), stopped when it ends. */
export async function withEmulator<T>(options: EmulatorOptions, run: (emu: RunningEmulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ operationDurationMs: 20, ...options });
  try {
    return await run(emu);
  } finally {
    await emu.stop();
  }
}
