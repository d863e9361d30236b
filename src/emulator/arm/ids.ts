/**
 * Azure resource IDs: parsing the ones requests reference (event hubs, storage accounts, ...)
 * and writing the ones the emulator answers, with the service's PascalCase type segments.
 */

export interface ParsedResourceId {
  readonly subscription: string;
  readonly resourceGroup: string;
  /** Provider namespaces and types, lower-cased, e.g. `microsoft.eventhub/namespaces/eventhubs`. */
  readonly chain: string;
  /** The names along the chain, in order, as written. */
  readonly names: readonly string[];
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}|/providers/{ns}/...]*`. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const segs = id.split('/');
  if (segs.length < 9 || segs[0] !== '' || segs.some((s, i) => i > 0 && s === '')) return undefined;
  if (segs[1]?.toLowerCase() !== 'subscriptions' || segs[3]?.toLowerCase() !== 'resourcegroups') return undefined;
  const chain: string[] = [];
  const names: string[] = [];
  let i = 5;
  while (i < segs.length) {
    const seg = segs[i] ?? '';
    if (seg.toLowerCase() === 'providers') {
      const ns = segs[i + 1];
      if (ns === undefined) return undefined;
      if (chain.length > 0) chain.push('providers');
      chain.push(ns.toLowerCase());
      i += 2;
      continue;
    }
    const name = segs[i + 1];
    if (chain.length === 0 || name === undefined) return undefined;
    chain.push(seg.toLowerCase());
    names.push(name);
    i += 2;
  }
  if (names.length === 0) return undefined;
  return { subscription: segs[2] ?? '', resourceGroup: segs[4] ?? '', chain: chain.join('/'), names };
}

export interface ClusterAddress {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly cluster: string;
}

export interface DatabaseAddress extends ClusterAddress {
  readonly database: string;
}

export function clusterId(sub: string, rg: string, cluster: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Kusto/Clusters/${cluster}`;
}

export function databaseId(db: DatabaseAddress): string {
  return `${clusterId(db.subscription, db.resourceGroup, db.cluster)}/Databases/${db.database}`;
}

export function dataConnectionId(db: DatabaseAddress, name: string): string {
  return `${databaseId(db)}/DataConnections/${name}`;
}

/** The key that finds a database whatever the casing of the request. */
export function databaseKey(db: DatabaseAddress): string {
  return `${db.subscription}/${db.resourceGroup}/${db.cluster}/${db.database}`.toLowerCase();
}
