/**
 * The emulator in a process of its own, for measuring its CPU alone: seeded with a generated
 * estate, it prints its endpoint and CA as one JSON line, then answers each line on stdin with
 * its CPU time so far (user + system, in microseconds).
 *   node dist-bench/bench/emulator-child.js <connections> <databases>
 */
import { createInterface } from 'node:readline';
import { startEmulator } from '../src/emulator/index.js';
import { connections, seed, type EstateSpec } from './estate.js';

const spec: EstateSpec = { connections: Number(process.argv[2]), databases: Number(process.argv[3]), subscriptions: 1 };
const emu = await startEmulator({ seed: seed(spec), throttle: false, operationDurationMs: 0 });
for (const c of connections(spec)) emu.control.putDataConnection({ ...c.db, name: c.name }, { kind: c.kind, properties: c.properties });
process.stdout.write(`${JSON.stringify({ endpoint: emu.endpoint, ca: emu.ca })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'stop') {
    lines.close();
    void emu.stop().then(() => process.exit(0));
    return;
  }
  const u = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMicros: u.user + u.system })}\n`);
});
