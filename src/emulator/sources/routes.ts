/**
 * The event sources' read routes under a resource group: Event Hubs namespaces, event hubs
 * and their consumer groups; IoT hubs, their event hub endpoint's consumer groups and shared
 * access policies (listkeys / getkeys); Cosmos DB accounts, SQL databases, containers and
 * SQL role assignments/definitions; storage accounts; user-assigned identities. Literal segments match
 * case-insensitively, as ARM does. Paths as the REST specs write them (api-versions below).
 */

export type SourceProvider = 'Microsoft.EventHub' | 'Microsoft.Devices' | 'Microsoft.DocumentDB' | 'Microsoft.Storage' | 'Microsoft.ManagedIdentity';

interface Base {
  readonly subscription: string;
  readonly resourceGroup: string;
}

export type SourceRoute = Base &
  (
    | { readonly kind: 'eventHubNamespace'; readonly namespace: string }
    | { readonly kind: 'eventHub'; readonly namespace: string; readonly hub: string }
    | { readonly kind: 'eventHubConsumerGroups'; readonly namespace: string; readonly hub: string }
    | { readonly kind: 'eventHubConsumerGroup'; readonly namespace: string; readonly hub: string; readonly group: string }
    | { readonly kind: 'iotHub'; readonly hub: string }
    | { readonly kind: 'iotHubConsumerGroups'; readonly hub: string; readonly endpoint: string }
    | { readonly kind: 'iotHubConsumerGroup'; readonly hub: string; readonly endpoint: string; readonly group: string }
    | { readonly kind: 'iotHubListKeys'; readonly hub: string }
    | { readonly kind: 'iotHubGetKey'; readonly hub: string; readonly key: string }
    | { readonly kind: 'cosmosAccount'; readonly account: string }
    | { readonly kind: 'cosmosSqlDatabase'; readonly account: string; readonly database: string }
    | { readonly kind: 'cosmosSqlContainer'; readonly account: string; readonly database: string; readonly container: string }
    | { readonly kind: 'cosmosSqlRoleAssignments'; readonly account: string }
    | { readonly kind: 'cosmosSqlRoleAssignment'; readonly account: string; readonly id: string }
    | { readonly kind: 'cosmosSqlRoleDefinition'; readonly account: string; readonly id: string }
    | { readonly kind: 'storageAccount'; readonly account: string }
    | { readonly kind: 'userAssignedIdentity'; readonly identity: string }
  );

/** Stable api-versions each provider's clients send (the SDK defaults among them). */
export const SOURCE_API_VERSIONS: Readonly<Record<SourceProvider, readonly string[]>> = {
  // @azure/arm-eventhub 5.x: 2024-01-01
  'Microsoft.EventHub': ['2017-04-01', '2021-11-01', '2022-10-01-preview', '2024-01-01', '2024-05-01-preview'],
  // @azure/arm-iothub 6.x: 2023-06-30
  'Microsoft.Devices': ['2018-04-01', '2020-03-01', '2021-03-31', '2021-07-02', '2022-04-30-preview', '2023-06-30', '2023-06-30-preview'],
  // @azure/arm-cosmosdb 16.x: 2025-10-15
  'Microsoft.DocumentDB': ['2021-04-15', '2021-10-15', '2022-05-15', '2022-08-15', '2023-04-15', '2023-09-15', '2023-11-15', '2024-05-15', '2024-08-15', '2024-11-15', '2025-04-15', '2025-10-15'],
  'Microsoft.Storage': ['2021-09-01', '2022-09-01', '2023-01-01', '2023-05-01', '2024-01-01', '2025-01-01'],
  // @azure/arm-msi 2.x: 2023-01-31
  'Microsoft.ManagedIdentity': ['2018-11-30', '2021-09-30-preview', '2022-01-31-preview', '2023-01-31', '2023-07-31-preview', '2024-11-30'],
};

export function sourceProvider(route: SourceRoute): SourceProvider {
  switch (route.kind) {
    case 'eventHubNamespace':
    case 'eventHub':
    case 'eventHubConsumerGroups':
    case 'eventHubConsumerGroup':
      return 'Microsoft.EventHub';
    case 'iotHub':
    case 'iotHubConsumerGroups':
    case 'iotHubConsumerGroup':
    case 'iotHubListKeys':
    case 'iotHubGetKey':
      return 'Microsoft.Devices';
    case 'cosmosAccount':
    case 'cosmosSqlDatabase':
    case 'cosmosSqlContainer':
    case 'cosmosSqlRoleAssignments':
    case 'cosmosSqlRoleAssignment':
    case 'cosmosSqlRoleDefinition':
      return 'Microsoft.DocumentDB';
    case 'storageAccount':
      return 'Microsoft.Storage';
    case 'userAssignedIdentity':
      return 'Microsoft.ManagedIdentity';
  }
}

/** The one method each source route answers (listkeys and getkeys are POSTs, as in the spec). */
export function sourceMethod(route: SourceRoute): 'GET' | 'POST' {
  return route.kind === 'iotHubListKeys' || route.kind === 'iotHubGetKey' ? 'POST' : 'GET';
}

export function isSourceList(route: SourceRoute): boolean {
  return route.kind === 'eventHubConsumerGroups' || route.kind === 'iotHubConsumerGroups' || route.kind === 'cosmosSqlRoleAssignments';
}

/**
 * Matches `/subscriptions/{s}/resourceGroups/{rg}/providers/{provider}/...`; undefined when the
 * path is not one of these routes (the caller answers its own 404).
 */
export function matchSourceRoute(segs: readonly string[]): SourceRoute | undefined {
  const lit = (i: number, v: string) => segs[i]?.toLowerCase() === v;
  if (!(lit(0, 'subscriptions') && lit(2, 'resourcegroups') && lit(4, 'providers'))) return undefined;
  const base: Base = { subscription: segs[1] ?? '', resourceGroup: segs[3] ?? '' };
  const rest = segs.slice(6);
  const at = (i: number) => rest[i] ?? '';
  const is = (i: number, v: string) => rest[i]?.toLowerCase() === v;
  const n = rest.length;
  switch (segs[5]?.toLowerCase()) {
    case 'microsoft.eventhub':
      if (!is(0, 'namespaces') || n < 2) return undefined;
      if (n === 2) return { ...base, kind: 'eventHubNamespace', namespace: at(1) };
      if (!is(2, 'eventhubs') || n < 4) return undefined;
      if (n === 4) return { ...base, kind: 'eventHub', namespace: at(1), hub: at(3) };
      if (!is(4, 'consumergroups')) return undefined;
      if (n === 5) return { ...base, kind: 'eventHubConsumerGroups', namespace: at(1), hub: at(3) };
      if (n === 6) return { ...base, kind: 'eventHubConsumerGroup', namespace: at(1), hub: at(3), group: at(5) };
      return undefined;
    case 'microsoft.devices':
      if (!is(0, 'iothubs') || n < 2) return undefined;
      if (n === 2) return { ...base, kind: 'iotHub', hub: at(1) };
      if (n === 3 && is(2, 'listkeys')) return { ...base, kind: 'iotHubListKeys', hub: at(1) };
      if (n === 5 && is(2, 'iothubkeys') && is(4, 'listkeys')) return { ...base, kind: 'iotHubGetKey', hub: at(1), key: at(3) };
      if (is(2, 'eventhubendpoints') && is(4, 'consumergroups')) {
        if (n === 5) return { ...base, kind: 'iotHubConsumerGroups', hub: at(1), endpoint: at(3) };
        if (n === 6) return { ...base, kind: 'iotHubConsumerGroup', hub: at(1), endpoint: at(3), group: at(5) };
      }
      return undefined;
    case 'microsoft.documentdb':
      if (!is(0, 'databaseaccounts') || n < 2) return undefined;
      if (n === 2) return { ...base, kind: 'cosmosAccount', account: at(1) };
      if (n === 3 && is(2, 'sqlroleassignments')) return { ...base, kind: 'cosmosSqlRoleAssignments', account: at(1) };
      if (n === 4 && is(2, 'sqlroleassignments')) return { ...base, kind: 'cosmosSqlRoleAssignment', account: at(1), id: at(3) };
      if (n === 4 && is(2, 'sqlroledefinitions')) return { ...base, kind: 'cosmosSqlRoleDefinition', account: at(1), id: at(3) };
      if (!is(2, 'sqldatabases') || n < 4) return undefined;
      if (n === 4) return { ...base, kind: 'cosmosSqlDatabase', account: at(1), database: at(3) };
      if (n === 6 && is(4, 'containers')) return { ...base, kind: 'cosmosSqlContainer', account: at(1), database: at(3), container: at(5) };
      return undefined;
    case 'microsoft.storage':
      if (n === 2 && is(0, 'storageaccounts')) return { ...base, kind: 'storageAccount', account: at(1) };
      return undefined;
    case 'microsoft.managedidentity':
      if (n === 2 && is(0, 'userassignedidentities')) return { ...base, kind: 'userAssignedIdentity', identity: at(1) };
      return undefined;
    default:
      return undefined;
  }
}
