/**
 * A place in Azure Resource Manager's hierarchy above data connections: a subscription, a
 * resource group, a Kusto cluster or one database. `kustodian export` reads the databases a
 * scope holds.
 */
import { type DatabaseAddress, formatDatabaseAddress } from './address.js';

export type ArmScope =
  | { readonly level: 'subscription'; readonly subscriptionId: string }
  | { readonly level: 'resourceGroup'; readonly subscriptionId: string; readonly resourceGroup: string }
  | { readonly level: 'cluster'; readonly subscriptionId: string; readonly resourceGroup: string; readonly cluster: string }
  | { readonly level: 'database'; readonly database: DatabaseAddress };

export type ScopeLevel = ArmScope['level'];

export function scopeSubscription(scope: ArmScope): string {
  return scope.level === 'database' ? scope.database.subscriptionId : scope.subscriptionId;
}

/** `subscription[/resourceGroup[/cluster[/database]]]`, as addresses are shown everywhere. */
export function formatScope(scope: ArmScope): string {
  switch (scope.level) {
    case 'subscription':
      return scope.subscriptionId;
    case 'resourceGroup':
      return `${scope.subscriptionId}/${scope.resourceGroup}`;
    case 'cluster':
      return `${scope.subscriptionId}/${scope.resourceGroup}/${scope.cluster}`;
    case 'database':
      return formatDatabaseAddress(scope.database);
  }
}
