/** Which RBAC action a refused request needed, told by the request itself. */
import { describe, expect, it } from 'vitest';
import { requiredActionOf } from '../../src/azure/failures.js';

const DB = 'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kusto/clusters/c/databases/d';

describe('requiredActionOf', () => {
  it.each([
    ['GET', `${DB}/dataConnections?api-version=2023-08-15`, 'Microsoft.Kusto/clusters/databases/dataConnections/read'],
    ['PUT', `${DB}/dataConnections/x?api-version=2023-08-15`, 'Microsoft.Kusto/clusters/databases/dataConnections/write'],
    ['PATCH', `${DB}/DataConnections/x`, 'Microsoft.Kusto/clusters/databases/dataConnections/write'],
    ['DELETE', `${DB}/dataConnections/x`, 'Microsoft.Kusto/clusters/databases/dataConnections/delete'],
    ['POST', `${DB}/dataConnectionValidation?api-version=2023-08-15`, 'Microsoft.Kusto/clusters/databases/dataConnectionValidation/action'],
    ['GET', 'https://management.azure.com/subscriptions/s/providers/Microsoft.Kusto/locations/centralus/operationResults/1?api-version=2023-08-15', 'Microsoft.Kusto/locations/operationResults/read'],
    ['GET', 'https://management.azure.com/subscriptions/s/resourceGroups/rg', undefined],
  ])('%s %s needs %s', (method, url, action) => {
    expect(requiredActionOf({ method, url })).toBe(action);
  });

  it('knows nothing without a request', () => {
    expect(requiredActionOf(undefined)).toBeUndefined();
  });
});
