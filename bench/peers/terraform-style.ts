/**
 * Peer 2: what Terraform's azurerm provider does for the same connections, on the same SDK.
 * Refresh: one GET per declared connection, 10 at a time (Terraform's default -parallelism).
 * Apply (unless `plan`): each connection missing or different is created or updated with the
 * SDK's poller (`beginCreateOrUpdateAndWait`: 2 s polls, then a GET of the result), then read
 * back with one more GET (the provider's Read after Create), 10 at a time.
 *   node dist-bench/bench/peers/terraform-style.js <connections.json> plan|apply
 * Environment: PEER_ENDPOINT, PEER_CA_FILE.
 */
import { type PeerConnection, clientFactory, errorText, pool, readConnections, report, sdkModel } from './common.js';

const PARALLELISM = 10;
const all = readConnections(process.argv[2] ?? '');
const apply = process.argv[3] === 'apply';
const client = clientFactory();
const startupMs = performance.now();

function same(c: PeerConnection, live: Record<string, unknown>): boolean {
  return Object.entries(c.properties).every(([k, v]) => String(live[k] ?? '').toLowerCase() === String(v).toLowerCase());
}

const changes: PeerConnection[] = [];
let failed = 0;
let firstError: string | undefined;
await pool(all, PARALLELISM, async (c) => {
  try {
    const live = await client(c.subscriptionId).dataConnections.get(c.resourceGroup, c.cluster, c.database, c.name);
    if (!same(c, live as unknown as Record<string, unknown>)) changes.push(c);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) changes.push(c);
    else {
      failed += 1;
      firstError ??= errorText(e);
    }
  }
});
let created = 0;
if (apply) {
  await pool(changes, PARALLELISM, async (c) => {
    try {
      const dc = client(c.subscriptionId).dataConnections;
      await dc.beginCreateOrUpdateAndWait(c.resourceGroup, c.cluster, c.database, c.name, sdkModel(c));
      await dc.get(c.resourceGroup, c.cluster, c.database, c.name);
      created += 1;
    } catch (e) {
      failed += 1;
      firstError ??= errorText(e);
    }
  });
}
report({ startupMs, created, unchanged: all.length - changes.length, failed, ...(firstError !== undefined ? { firstError } : {}) });
