/**
 * Finding the resource a request names, walking down the world as ARM does: a missing level
 * answers that level's 404 (SubscriptionNotFound, ResourceGroupNotFound, ResourceNotFound).
 */
import type { EmulatorCore } from '../state/core.js';
import { resourceGroupNotFound, resourceNotFound, subscriptionNotFound } from './errors.js';
import type { ClusterAddress, DatabaseAddress } from './ids.js';
import type { ClusterNode, DatabaseNode, ResourceGroupNode, SubscriptionNode } from '../state/world.js';

export function resolveSubscription(core: EmulatorCore, subscription: string): SubscriptionNode {
  const sub = core.world.subscriptions.get(subscription.toLowerCase());
  if (sub === undefined) throw subscriptionNotFound(subscription);
  return sub;
}

export function resolveResourceGroup(core: EmulatorCore, subscription: string, resourceGroup: string): ResourceGroupNode {
  const rg = resolveSubscription(core, subscription).resourceGroups.get(resourceGroup.toLowerCase());
  if (rg === undefined) throw resourceGroupNotFound(resourceGroup);
  return rg;
}

export function resolveCluster(core: EmulatorCore, addr: ClusterAddress): ClusterNode {
  const cluster = resolveResourceGroup(core, addr.subscription, addr.resourceGroup).clusters.get(addr.cluster.toLowerCase());
  if (cluster === undefined) throw resourceNotFound(`Microsoft.Kusto/clusters/${addr.cluster}`, addr.resourceGroup);
  return cluster;
}

export function resolveDatabase(core: EmulatorCore, addr: DatabaseAddress): DatabaseNode {
  const db = resolveCluster(core, addr).databases.get(addr.database.toLowerCase());
  if (db === undefined) throw resourceNotFound(`Microsoft.Kusto/clusters/${addr.cluster}/databases/${addr.database}`, addr.resourceGroup);
  return db;
}
