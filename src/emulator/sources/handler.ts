/** Answers the event sources' read routes (routes.ts) from the world, with each service's 404s. */
import type { ApiResponse } from '../arm/api-types.js';
import { resolveResourceGroup } from '../arm/resolve.js';
import type { EmulatorCore } from '../state/core.js';
import type { ResourceGroupNode } from '../state/world.js';
import type { SourceRoute } from './routes.js';
import { cosmosNotFound, iotHubNotFound, messagingEntityNotFound, parentNotFound, resourceNotFound } from './not-found.js';
import * as r from './render.js';

const ok = (body: unknown): ApiResponse => ({ status: 200, body });

type RouteOf<K extends SourceRoute['kind']> = Extract<SourceRoute, { readonly kind: K }>;
type EventHubRoute = RouteOf<'eventHubNamespace' | 'eventHub' | 'eventHubConsumerGroups' | 'eventHubConsumerGroup'>;
type IotHubRoute = RouteOf<'iotHub' | 'iotHubConsumerGroups' | 'iotHubConsumerGroup' | 'iotHubListKeys' | 'iotHubGetKey'>;
type CosmosRoute = RouteOf<'cosmosAccount' | 'cosmosSqlDatabase' | 'cosmosSqlContainer' | 'cosmosSqlRoleAssignments' | 'cosmosSqlRoleAssignment' | 'cosmosSqlRoleDefinition'>;

export function handleSource(core: EmulatorCore, route: SourceRoute): ApiResponse {
  const rg = resolveResourceGroup(core, route.subscription, route.resourceGroup);
  const place: r.Place = { subscription: route.subscription, resourceGroup: rg.name };
  const now = new Date(core.clock.now());
  switch (route.kind) {
    case 'eventHubNamespace':
    case 'eventHub':
    case 'eventHubConsumerGroups':
    case 'eventHubConsumerGroup':
      return eventHubSource(rg, place, route, now);
    case 'iotHub':
    case 'iotHubConsumerGroups':
    case 'iotHubConsumerGroup':
    case 'iotHubListKeys':
    case 'iotHubGetKey':
      return iotHubSource(rg, place, route);
    case 'cosmosAccount':
    case 'cosmosSqlDatabase':
    case 'cosmosSqlContainer':
    case 'cosmosSqlRoleAssignments':
    case 'cosmosSqlRoleAssignment':
    case 'cosmosSqlRoleDefinition':
      return cosmosSource(rg, place, route);
    case 'userAssignedIdentity': {
      const identity = rg.identities.get(route.identity.toLowerCase());
      if (identity === undefined) throw resourceNotFound(`Microsoft.ManagedIdentity/userAssignedIdentities/${route.identity}`, route.resourceGroup);
      return ok(r.renderIdentity(place, identity));
    }
    case 'storageAccount': {
      const sa = rg.storageAccounts.get(route.account.toLowerCase());
      if (sa === undefined) throw resourceNotFound(`Microsoft.Storage/storageAccounts/${route.account}`, route.resourceGroup);
      return ok(r.renderStorageAccount(place, sa));
    }
  }
  throw new Error('unhandled source route');
}

/** An Event Hubs namespace, one of its hubs, or their consumer groups. */
function eventHubSource(rg: ResourceGroupNode, place: r.Place, route: EventHubRoute, now: Date): ApiResponse {
  const ns = rg.eventHubNamespaces.get(route.namespace.toLowerCase());
  if (ns === undefined) {
    throw route.kind === 'eventHubNamespace' ? resourceNotFound(`Microsoft.EventHub/namespaces/${route.namespace}`, route.resourceGroup) : parentNotFound(route.namespace);
  }
  if (route.kind === 'eventHubNamespace') return ok(r.renderNamespace(place, ns));
  const hub = ns.hubs.get(route.hub.toLowerCase());
  if (hub === undefined) throw messagingEntityNotFound(ns.name, route.hub, now);
  if (route.kind === 'eventHub') return ok(r.renderEventHub(place, ns, hub));
  if (route.kind === 'eventHubConsumerGroups') return ok({ value: [...hub.members.values()].map((g) => r.renderConsumerGroup(place, ns, hub, g)) });
  const group = hub.members.get(route.group.toLowerCase());
  if (group === undefined) throw messagingEntityNotFound(ns.name, `${hub.name}|${route.group}`, now);
  return ok(r.renderConsumerGroup(place, ns, hub, group));
}

/** An IoT hub, its keys, or the consumer groups of its built-in `events` endpoint. */
function iotHubSource(rg: ResourceGroupNode, place: r.Place, route: IotHubRoute): ApiResponse {
  const hub = rg.iotHubs.get(route.hub.toLowerCase());
  if (hub === undefined) {
    throw route.kind === 'iotHub' || route.kind === 'iotHubListKeys'
      ? resourceNotFound(`Microsoft.Devices/IotHubs/${route.hub}`, route.resourceGroup)
      : parentNotFound(route.hub);
  }
  switch (route.kind) {
    case 'iotHub':
      return ok(r.renderIotHub(place, hub));
    case 'iotHubListKeys':
      return ok({ value: [...hub.sharedAccessPolicies.values()].map((p) => r.renderPolicyKeys(place, hub, p)) });
    case 'iotHubGetKey': {
      const policy = hub.sharedAccessPolicies.get(route.key.toLowerCase());
      if (policy === undefined) throw iotHubNotFound(`The key name '${route.key}' was not found on IotHub '${hub.name}'.`);
      return ok(r.renderPolicyKeys(place, hub, policy));
    }
    case 'iotHubConsumerGroups':
    case 'iotHubConsumerGroup': {
      if (route.endpoint.toLowerCase() !== 'events') throw iotHubNotFound(`The event hub endpoint '${route.endpoint}' was not found on IotHub '${hub.name}'; the built-in endpoint is 'events'.`);
      if (route.kind === 'iotHubConsumerGroups') return ok({ value: [...hub.consumerGroups.values()].map((g) => r.renderIotConsumerGroup(place, hub, 'events', g)) });
      const group = hub.consumerGroups.get(route.group.toLowerCase());
      if (group === undefined) throw iotHubNotFound(`The consumer group '${route.group}' was not found on endpoint 'events' of IotHub '${hub.name}'.`);
      return ok(r.renderIotConsumerGroup(place, hub, 'events', group));
    }
  }
}

/** A Cosmos DB account, its SQL databases and containers, or its SQL role assignments and definitions. */
function cosmosSource(rg: ResourceGroupNode, place: r.Place, route: CosmosRoute): ApiResponse {
  const acc = rg.cosmosDbAccounts.get(route.account.toLowerCase());
  if (acc === undefined) {
    throw route.kind === 'cosmosAccount' ? resourceNotFound(`Microsoft.DocumentDB/databaseAccounts/${route.account}`, route.resourceGroup) : parentNotFound(route.account);
  }
  switch (route.kind) {
    case 'cosmosAccount':
      return ok(r.renderCosmosAccount(place, acc));
    case 'cosmosSqlRoleAssignments':
      return ok({ value: acc.sqlRoleAssignments.map((ra) => r.renderSqlRoleAssignment(place, acc, ra)) });
    case 'cosmosSqlRoleAssignment': {
      const ra = acc.sqlRoleAssignments.find((a) => a.name.toLowerCase() === route.id.toLowerCase());
      if (ra === undefined) throw cosmosNotFound();
      return ok(r.renderSqlRoleAssignment(place, acc, ra));
    }
    case 'cosmosSqlRoleDefinition': {
      const def = r.renderSqlRoleDefinition(place, acc, route.id);
      if (def === undefined) throw cosmosNotFound();
      return ok(def);
    }
    case 'cosmosSqlDatabase':
    case 'cosmosSqlContainer': {
      const db = acc.databases.get(route.database.toLowerCase());
      if (db === undefined) throw cosmosNotFound();
      if (route.kind === 'cosmosSqlDatabase') return ok(r.renderSqlDatabase(place, acc, db));
      const container = db.members.get(route.container.toLowerCase());
      if (container === undefined) throw cosmosNotFound();
      return ok(r.renderSqlContainer(place, acc, db, container));
    }
  }
}
