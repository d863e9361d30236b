/**
 * The Kusto data-plane client: the v1 answer read by column name, names that cannot leave their
 * quotes, the token asked for the cluster's own audience, and every failure fast and loud.
 */
import type { AccessToken } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { createKustoDataPlane, kustoName, v1Rows } from '../../src/azure/prerequisites/kusto-data-plane.js';
import { DEFAULT_SETTINGS } from '../../src/azure/settings.js';
import { AzureFailure } from '../../src/core/ports/azure-port.js';
import { useEmulator } from '../support/emulator.js';
import { failureOf } from '../support/failure.js';

const fx = useEmulator();

/** A credential that records the scopes it is asked for. */
function recordingCredential(): { getToken: (scopes: string | string[]) => Promise<AccessToken>; scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    getToken: async (s) => {
      scopes.push(...[s].flat());
      return { token: 'kustodian-emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

describe('kusto data plane', () => {
  it('reads the first table of a v1 answer by column name, whatever the column order', () => {
    const body = { Tables: [{ TableName: 'Table_0', Columns: [{ ColumnName: 'DatabaseName' }, { ColumnName: 'TableName' }], Rows: [['db1', 'Events'], ['db1', 'Other']] }] };
    expect(v1Rows(body, 'c1').map((r) => r['TableName'])).toEqual(['Events', 'Other']);
    expect(() => v1Rows({ Tables: [] }, 'c1')).toThrow(/c1 answered something that is not a Kusto v1 result/);
    expect(() => v1Rows('<html>', 'c1')).toThrow(AzureFailure);
  });

  it('quotes table names as bracketed identifiers and refuses any that could leave the quotes', () => {
    expect(kustoName('My Table-1.x')).toBe("['My Table-1.x']");
    for (const hostile of ["a']; .drop table T; ['", 'a\nb', 'a"b', '', 'a\\b']) {
      expect(() => kustoName(hostile), hostile).toThrow(/is not a Kusto entity name/);
    }
  });

  it('refuses a cluster URI that is not https, before any token is asked for', async () => {
    const cred = recordingCredential();
    const plane = createKustoDataPlane(DEFAULT_SETTINGS, cred);
    const failure = await failureOf(plane.mgmt('http://127.0.0.1:9', 'db1', '.show tables'));
    expect(failure.message).toMatch(/is not https: no token is sent to it/);
    expect(cred.scopes).toEqual([]);
  });

  it('a refused port fails fast, naming the cluster host and that its URI comes from ARM', async () => {
    const plane = createKustoDataPlane({ ...DEFAULT_SETTINGS, maxRetries: 1, requestTimeoutMs: 5_000 }, recordingCredential());
    const started = Date.now();
    const failure = await failureOf(plane.mgmt('https://127.0.0.1:1', 'db1', '.show tables'));
    expect(failure.kind).toBe('network');
    expect(failure.message).toMatch(/127\.0\.0\.1:1 refused the connection/);
    expect(failure.details.hint).toMatch(/the cluster's data plane 127\.0\.0\.1:1 \(its properties\.uri in ARM\)/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a certificate it does not trust is a TLS failure, not retried', async () => {
    const plane = createKustoDataPlane({ ...DEFAULT_SETTINGS, maxRetries: 3 }, recordingCredential());
    const failure = await failureOf(plane.mgmt(fx.emu().endpoint, 'db1', '.show tables'));
    expect(failure.kind).toBe('network');
    expect(failure.message).toMatch(/TLS connection .* failed/);
  });

  it('asks for a token of the cluster audience and reads .show tables from the cluster the URI names', async () => {
    const cred = recordingCredential();
    const plane = createKustoDataPlane({ ...DEFAULT_SETTINGS, ca: fx.emu().ca, maxRetries: 0 }, cred);
    const uri = `${fx.emu().endpoint}/kusto/mykustocluster`;
    fx.emu().control.clearRequests();
    const rows = await plane.mgmt(`${uri}/`, 'mykustodatabase', '.show tables');
    expect(rows.map((r) => r['TableName'])).toEqual(expect.arrayContaining(['StormEvents', 'Telemetry']));
    expect(cred.scopes).toEqual([`${uri}/.default`]);
    expect(fx.emu().control.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /kusto/mykustocluster/v1/rest/mgmt']);
  });

  it("a command the service refuses is an AzureFailure with Kusto's own message", async () => {
    const plane = createKustoDataPlane({ ...DEFAULT_SETTINGS, ca: fx.emu().ca, maxRetries: 0 }, recordingCredential());
    const failure = await failureOf(plane.mgmt(`${fx.emu().endpoint}/kusto/mykustocluster`, 'nosuchdb', '.show tables'));
    expect(failure.kind).toBe('bad-request');
    expect(failure.message).toMatch(/\(\.show tables\): 400 .*nosuchdb/);
  });
});
