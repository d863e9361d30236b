/** Picks the handler for a routed request: inventory reads, data connections, or Resource Graph. */
import type { ApiRequest, ApiResponse } from './api-types.js';
import type { EmulatorCore } from '../state/core.js';
import { handleResourceGraph } from '../graph/handler.js';
import { handleCheckName, handleConnection, handleList, handleOperationStatus, handleValidation } from './data-connections.js';
import { handleInventory } from './inventory.js';
import { resolveDatabase } from './resolve.js';

export async function handleApi(core: EmulatorCore, req: ApiRequest): Promise<ApiResponse> {
  const { route } = req;
  switch (route.type) {
    case 'clusterList':
    case 'cluster':
    case 'databaseList':
    case 'database':
      return handleInventory(core, route);
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
  }
}
