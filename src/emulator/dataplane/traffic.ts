/**
 * Which event sources have something flowing through them. A data connection receives data only
 * when its source does: an event hub nobody sends to, an IoT hub whose devices are silent, a
 * storage account nobody writes blobs to, a Cosmos DB account whose items do not change give it
 * nothing to ingest — no rows, and no failures either (a failure needs data to fail on). Every
 * source sends unless the seed marks it `idle: true` or the control API sets it idle.
 *
 * Sources are known by resource ID, compared lower-cased without trailing slashes.
 */
import type { EmulatorSeed } from '../state/seed.js';
import type { StoredConnection } from '../state/store.js';

export function sourceKey(id: string): string {
  return id.replace(/\/+$/, '').toLowerCase();
}

/** The resource IDs of the seed's sources marked `idle: true`. */
export function idleSourcesOf(seed: EmulatorSeed): string[] {
  const ids: string[] = [];
  for (const sub of seed.subscriptions) {
    for (const rg of sub.resourceGroups ?? []) {
      const base = `/subscriptions/${sub.id}/resourceGroups/${rg.name}/providers`;
      for (const ns of rg.eventHubNamespaces ?? []) {
        for (const hub of ns.eventHubs ?? []) if (hub.idle === true) ids.push(`${base}/Microsoft.EventHub/namespaces/${ns.name}/eventhubs/${hub.name}`);
      }
      for (const hub of rg.iotHubs ?? []) if (hub.idle === true) ids.push(`${base}/Microsoft.Devices/IotHubs/${hub.name}`);
      for (const sa of rg.storageAccounts ?? []) if (sa.idle === true) ids.push(`${base}/Microsoft.Storage/storageAccounts/${sa.name}`);
      for (const acc of rg.cosmosDbAccounts ?? []) if (acc.idle === true) ids.push(`${base}/Microsoft.DocumentDB/databaseAccounts/${acc.name}`);
    }
  }
  return ids.map(sourceKey);
}

const SOURCE_PROPERTIES = ['eventHubResourceId', 'iotHubResourceId', 'storageAccountResourceId', 'cosmosDbAccountResourceId'] as const;

/** Every source a connection reads from (an Event Grid connection: the storage account and the event hub of its notifications). */
export function sourcesOf(conn: StoredConnection): string[] {
  return SOURCE_PROPERTIES.flatMap((p) => {
    const v = conn.properties[p];
    return typeof v === 'string' && v !== '' ? [sourceKey(v)] : [];
  });
}

export class Traffic {
  private idle = new Set<string>();

  reset(ids: readonly string[]): void {
    this.idle = new Set(ids.map(sourceKey));
  }

  set(id: string, idle: boolean): void {
    if (idle) this.idle.add(sourceKey(id));
    else this.idle.delete(sourceKey(id));
  }

  /** Whether something flows to the connection: none of its sources is idle. */
  flowsTo(conn: StoredConnection): boolean {
    return sourcesOf(conn).every((s) => !this.idle.has(s));
  }

  idleSources(): string[] {
    return [...this.idle].sort();
  }
}
