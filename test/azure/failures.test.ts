import { describe, expect, it } from 'vitest';
import { requiredActionOf, toAzureFailure } from '../../src/azure/arm/failures.js';

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('failures from the SDK', () => {
  it.each(['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationError'])('%s is unauthenticated (KD403), not a failed listing', (name) => {
    const f = toAzureFailure(named(name, 'DefaultAzureCredential failed to retrieve a token from the included credentials.\nmore'));
    expect(f.kind).toBe('unauthenticated');
    expect(f.message).toBe('no credential could get a token: DefaultAzureCredential failed to retrieve a token from the included credentials.');
  });

  it('a failed long-running operation keeps the service code and message', () => {
    const f = toAzureFailure(new Error('The long-running operation has failed. EventHubValidationErorFound. table does not exist'));
    expect([f.kind, f.details.code, f.message]).toEqual(['operation-failed', 'EventHubValidationErorFound', 'table does not exist']);
  });

  it('secrets in service messages are redacted', () => {
    const e = Object.assign(new Error('bad Authorization: Bearer abc.def.ghi and sig=SECRETSIG'), { name: 'RestError', statusCode: 400, code: 'BadRequest' });
    const f = toAzureFailure(e);
    expect(f.message).not.toMatch(/abc\.def\.ghi|SECRETSIG/);
    expect(f.kind).toBe('bad-request');
  });
});

describe('requiredActionOf: the RBAC action a refused request needed, told by the request itself', () => {
  const DB = 'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kusto/clusters/c/databases/d';
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
