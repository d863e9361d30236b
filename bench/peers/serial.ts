/**
 * Peer 1: the serial script of Microsoft's article "Create an IoT Hub data connection with SDKs"
 * (and its Event Hub, Event Grid and Cosmos DB siblings), applied to many connections: one
 * `beginCreateOrUpdateAndWait` after another, SDK defaults throughout.
 *   node dist-bench/bench/peers/serial.js <connections.json> [limit]
 * Environment: PEER_ENDPOINT, PEER_CA_FILE.
 */
import { clientFactory, errorText, readConnections, report, sdkModel } from './common.js';

const all = readConnections(process.argv[2] ?? '');
const limit = process.argv[3] !== undefined ? Number(process.argv[3]) : all.length;
const client = clientFactory();
let created = 0;
let failed = 0;
let firstError: string | undefined;
const startupMs = performance.now();
for (const c of all.slice(0, limit)) {
  try {
    await client(c.subscriptionId).dataConnections.beginCreateOrUpdateAndWait(c.resourceGroup, c.cluster, c.database, c.name, sdkModel(c));
    created += 1;
  } catch (e) {
    failed += 1;
    firstError ??= errorText(e);
  }
}
report({ startupMs, created, unchanged: 0, failed, ...(firstError !== undefined ? { firstError } : {}) });
