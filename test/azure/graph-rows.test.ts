/** Resource Graph rows → live connections: the address from the ID, properties as the ARM client gives them. */
import { describe, expect, it } from 'vitest';
import { liveFromGraphRow, rowsOf } from '../../src/azure/graph/rows.js';
import { AzureFailure } from '../../src/core/ports/azure-port.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const ID = `/SUBSCRIPTIONS/${SUB}/resourcegroups/TestRG/providers/microsoft.kusto/clusters/KustoOne/databases/Sales DB/dataconnections/Ingest-1`;

describe('liveFromGraphRow', () => {
  it('reads the address from the ID whatever its casing, keeps the answer as it is', () => {
    const live = liveFromGraphRow({
      id: ID,
      name: 'KustoOne/Sales DB/Ingest-1',
      type: 'microsoft.kusto/clusters/databases/dataconnections',
      kind: 'eventhub',
      location: 'westeurope',
      properties: { consumerGroup: '$Default', eventSystemProperties: ['x-opt-offset'], retrievalStartDate: '2024-01-01T00:00:00.0000000Z', provisioningState: 'Succeeded', nested: { a: 1 }, none: null, count: 3 },
    });
    expect(live).toEqual({
      address: { subscriptionId: SUB, resourceGroup: 'TestRG', cluster: 'kustoone', database: 'Sales DB', name: 'Ingest-1' },
      id: ID,
      kind: 'EventHub',
      location: 'westeurope',
      properties: { consumerGroup: '$Default', eventSystemProperties: ['x-opt-offset'], retrievalStartDate: '2024-01-01T00:00:00.000Z', provisioningState: 'Succeeded', count: '3' },
    });
  });

  it('a kind kustodian does not know stays as answered', () => {
    expect(liveFromGraphRow({ id: ID, kind: 'FutureKind', location: 'westeurope', properties: { retrievalStartDate: 'yesterday' } })).toMatchObject({
      kind: 'FutureKind',
      properties: { retrievalStartDate: 'yesterday' },
    });
  });

  it.each([
    ['not an object', 'row'],
    ['no id', { kind: 'EventHub' }],
    ['not a data connection ID', { id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kusto/clusters/c`, kind: 'EventHub' }],
    ['no kind', { id: ID }],
  ])('a row it cannot read fails the read (%s)', (why, row) => {
    expect(() => liveFromGraphRow(row)).toThrow(AzureFailure);
    expect(() => liveFromGraphRow(row)).toThrow(why);
  });
});

describe('rowsOf', () => {
  it('objectArray rows, or the index-keyed object the SDK makes of them, in order', () => {
    expect(rowsOf([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(rowsOf({ 10: 'k', 2: 'c', 0: 'a' })).toEqual(['a', 'c', 'k']);
    expect(rowsOf({})).toEqual([]);
  });

  it('the table format is refused', () => {
    expect(() => rowsOf({ columns: [], rows: [] })).toThrow(/not objectArray/);
  });
});
