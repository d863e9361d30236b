/**
 * What both peers share, and nothing of kustodian's: the connections to converge (read from a
 * JSON file the benchmark writes), an @azure/arm-kusto client per subscription pointed at the
 * emulator, and a pool of N tasks at a time. The peers use the SDK as its documentation shows:
 * default retry policy, default poller.
 */
import { readFileSync } from 'node:fs';
import { KustoManagementClient, type DataConnectionUnion } from '@azure/arm-kusto';

export interface PeerConnection {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly database: string;
  readonly name: string;
  readonly kind: string;
  readonly location: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface PeerReport {
  /** ms from the process's start to its first request: its start-up. */
  readonly startupMs: number;
  readonly created: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly firstError?: string;
}

export function readConnections(file: string): PeerConnection[] {
  return JSON.parse(readFileSync(file, 'utf8')) as PeerConnection[];
}

export function clientFactory(): (subscriptionId: string) => KustoManagementClient {
  const endpoint = process.env['PEER_ENDPOINT'] ?? '';
  const ca = readFileSync(process.env['PEER_CA_FILE'] ?? '', 'utf8');
  // The emulator accepts any bearer token; a real run would use DefaultAzureCredential.
  const credential = { getToken: () => Promise.resolve({ token: 'peer-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const clients = new Map<string, KustoManagementClient>();
  return (subscriptionId) => {
    let c = clients.get(subscriptionId);
    if (c === undefined) {
      c = new KustoManagementClient(credential, subscriptionId, { endpoint, tlsOptions: { ca } });
      clients.set(subscriptionId, c);
    }
    return c;
  };
}

/** The SDK's model of a connection: kind, location and the properties flattened beside them. */
export function sdkModel(c: PeerConnection): DataConnectionUnion {
  return { kind: c.kind, location: c.location, ...c.properties } as unknown as DataConnectionUnion;
}

export async function pool<T>(items: readonly T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

export function report(r: PeerReport): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
