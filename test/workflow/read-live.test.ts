/** Reading the live state: a failed database is a diagnostic; an unreachable endpoint is told once. */
import { describe, expect, it } from 'vitest';
import type { DatabaseAddress } from '../../src/core/address.js';
import { AzureFailure, type AzurePort } from '../../src/core/ports/azure-port.js';
import { readLiveState } from '../../src/workflow/read-live.js';

const db = (database: string): DatabaseAddress => ({ subscriptionId: 's', resourceGroup: 'rg', cluster: 'mycluster', database });

function port(fail: (d: DatabaseAddress) => AzureFailure | undefined): AzurePort {
  return {
    listConnections: async (d) => {
      const f = fail(d);
      if (f) throw f;
      return [];
    },
    putConnection: () => Promise.reject(new Error('no writes')),
    deleteConnection: () => Promise.reject(new Error('no writes')),
    validateConnection: () => Promise.reject(new Error('no writes')),
  };
}

describe('readLiveState', () => {
  it('one KD404 for every database an unreachable endpoint left unread, with the hint the failure carries', async () => {
    const refused = new AzureFailure('network', '127.0.0.1:9 refused the connection', { code: 'ECONNREFUSED', hint: 'check --endpoint' });
    const read = await readLiveState(port((d) => (d.database === 'ok' ? undefined : refused)), [db('a'), db('b'), db('ok'), db('c')]);
    expect(read.live.map((l) => l.address.database)).toEqual(['ok']);
    expect(read.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'KD404',
        address: 's/rg/mycluster/a',
        message: 'Azure Resource Manager could not be reached (ECONNREFUSED: 127.0.0.1:9 refused the connection); 2 other databases could not be read for the same reason',
        hint: 'check --endpoint',
      },
    ]);
  });

  it('other failures stay one per database', async () => {
    const read = await readLiveState(port(() => new AzureFailure('not-found', 'no such database', { status: 404, code: 'ResourceNotFound' })), [db('a'), db('b')]);
    expect(read.diagnostics.map((d) => [d.code, d.address])).toEqual([
      ['KD401', 's/rg/mycluster/a'],
      ['KD401', 's/rg/mycluster/b'],
    ]);
  });
});
