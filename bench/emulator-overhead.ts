/**
 * Benchmark 6: the emulator's own CPU per request with 10,000 connections in 1,000 databases,
 * measured in its own process (TLS, HTTP, routing, lookup and JSON included), for list and get.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:https';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connections, type EstateSpec } from './estate.js';

export interface OverheadResult {
  readonly connections: number;
  readonly databases: number;
  readonly requests: number;
  readonly listMicros: number;
  readonly getMicros: number;
}

export async function emulatorOverhead(spec: EstateSpec, requests: number): Promise<OverheadResult> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./emulator-child.js', import.meta.url)), String(spec.connections), String(spec.databases)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const next = (): Promise<string> => new Promise((resolve) => lines.once('line', resolve));
  const { endpoint, ca } = JSON.parse(await next()) as { endpoint: string; ca: string };
  const agent = new Agent({ ca, keepAlive: true, maxSockets: 4 });
  const get = (path: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(`${endpoint}${path}?api-version=2023-08-15`, { agent, headers: { authorization: 'Bearer bench' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode} for ${path}`))));
      });
      req.on('error', reject);
      req.end();
    });
  const cpu = async (): Promise<number> => {
    child.stdin.write('cpu\n');
    return (JSON.parse(await next()) as { cpuMicros: number }).cpuMicros;
  };
  const conns = connections(spec);
  const dbPath = (i: number): string => {
    const c = conns[i % conns.length];
    if (!c) throw new Error('empty estate');
    return `/subscriptions/${c.db.subscriptionId}/resourceGroups/${c.db.resourceGroup}/providers/Microsoft.Kusto/clusters/${c.db.cluster}/databases/${c.db.database}/dataConnections`;
  };
  const measure = async (path: (i: number) => string): Promise<number> => {
    for (let i = 0; i < 200; i++) await get(path(i)); // warm-up
    const before = await cpu();
    for (let i = 0; i < requests; i += 4) await Promise.all([0, 1, 2, 3].map((k) => get(path(i + k))));
    return ((await cpu()) - before) / requests;
  };
  try {
    const listMicros = await measure(dbPath);
    const getMicros = await measure((i) => `${dbPath(i)}/${conns[i % conns.length]?.name ?? ''}`);
    return { connections: spec.connections, databases: spec.databases, requests, listMicros, getMicros };
  } finally {
    agent.destroy();
    child.stdin.write('stop\n');
  }
}
