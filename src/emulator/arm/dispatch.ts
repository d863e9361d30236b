/** Picks the handler for a routed request: inventory reads, data connections, Resource Graph, the event sources' reads, role assignments, or a cluster's metrics. */
import type { ApiRequest, ApiResponse } from './api-types.js';
import type { EmulatorCore } from '../state/core.js';
import { handleResourceGraph } from '../graph/handler.js';
import { handleCheckName, handleConnection, handleList, handleOperationStatus, handleValidation } from './data-connections.js';
import { handleInventory } from './inventory.js';
import { resolveDatabase } from './resolve.js';
import { handleSource } from '../sources/handler.js';
import { handleAuthorization } from '../rbac/handler.js';
import { handleMetrics } from '../dataplane/metrics.js';

export async function handleApi(core: EmulatorCore, req: ApiRequest): Promise<ApiResponse> {
  const { route } = req;
  switch (route.type) {
    case 'clusterList':
    case 'cluster':
    case 'databaseList':
    case 'database':
      return handleInventory(core, route, req.baseUrl);
    case 'list':
      return handleList(core, req, route.db);
    case 'connection':
      return handleConnection(core, req, route.db, route.name);
    case 'validate':
      return handleValidation(core, req, route.db);
    case 'checkName':
      return handleCheckName(core, req, resolveDatabase(core, route.db));
    case 'operation':
      return handleOperationStatus(core, req, route);
    case 'resourceGraph':
      return handleResourceGraph(core, req.body);
    case 'source':
      return handleSource(core, route.route);
    case 'authorization':
      return handleAuthorization(core, route.route, req.query);
    case 'metrics':
      return handleMetrics(core, route.cluster, req.query);
  }
}
