/**
 * Every stable api-version that defines data connections is served, each with its own property
 * set per kind (src/emulator/kusto/api-versions.generated.ts, derived from the REST specs): a round
 * trip per version and kind over HTTPS, the view rule (unknown properties ignored, newer values
 * kept, answers trimmed to the version), and the table against its derivation script.
 */
import { execFileSync } from 'node:child_process';
// @ts-expect-error: a plain ESM script without type declarations
import { deriveVersion as deriveUntyped } from '../../scripts/derive-api-versions.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_API_VERSIONS } from '../../src/emulator/kusto/api-versions.generated.js';
import { SUPPORTED_API_VERSIONS } from '../../src/emulator/kusto/api-versions.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Kind } from '../../src/emulator/kusto/kinds.js';
import { DC_PATH, IDS, api, armError, raw } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ operationDurationMs: 0, throttle: false });
});
afterAll(() => emu.stop());

const START = '2024-01-01T00:00:00.0000000Z';

/** Every property the newest api-version knows, for each kind: older versions must ignore the rest. */
const FULL: Readonly<Record<Kind, Record<string, unknown>>> = {
  EventHub: {
    eventHubResourceId: IDS.telemetryHub,
    consumerGroup: 'adx',
    tableName: 'Telemetry',
    mappingRuleName: 'Telemetry_JSON_Mapping',
    dataFormat: 'JSON',
    eventSystemProperties: ['x-opt-offset'],
    compression: 'GZip',
    managedIdentityResourceId: IDS.cluster,
    databaseRouting: 'Multi',
    retrievalStartDate: START,
  },
  IotHub: {
    iotHubResourceId: IDS.iotHub,
    consumerGroup: 'kustodian',
    tableName: 'StormEvents',
    mappingRuleName: 'StormEvents_CSV_Mapping',
    dataFormat: 'CSV',
    eventSystemProperties: ['message-id'],
    sharedAccessPolicyName: 'iothubforread',
    databaseRouting: 'Multi',
    retrievalStartDate: START,
  },
  EventGrid: {
    storageAccountResourceId: IDS.storage,
    eventGridResourceId: IDS.eventGrid,
    eventHubResourceId: IDS.blobHub,
    consumerGroup: 'adx',
    tableName: 'BlobLogs',
    mappingRuleName: 'BlobLogs_CSV_Mapping',
    dataFormat: 'CSV',
    ignoreFirstRecord: true,
    blobStorageEventType: 'Microsoft.Storage.BlobRenamed',
    managedIdentityResourceId: IDS.cluster,
    databaseRouting: 'Multi',
  },
  CosmosDb: {
    tableName: 'CosmosChanges',
    mappingRuleName: 'CosmosChanges_JSON_Mapping',
    managedIdentityResourceId: IDS.cluster,
    cosmosDbAccountResourceId: IDS.cosmos,
    cosmosDbDatabase: 'telemetrydb',
    cosmosDbContainer: 'events',
    retrievalStartDate: START,
  },
};

const cases = SUPPORTED_API_VERSIONS.flatMap((version) =>
  (Object.keys(SPEC_API_VERSIONS[version]?.kinds ?? {}) as Kind[]).map((kind) => [version, kind] as const),
);

interface Resource {
  readonly kind: string;
  readonly properties: Record<string, unknown>;
}

describe('a round trip per api-version and kind (create, get, list, update, delete)', () => {
  it('serves 16 stable api-versions, from 2019-01-21 to 2024-04-13, and 2022-11-11 (the Debian Python SDK default) among them', () => {
    expect(SUPPORTED_API_VERSIONS).toHaveLength(16);
    expect(SUPPORTED_API_VERSIONS[0]).toBe('2019-01-21');
    expect(SUPPORTED_API_VERSIONS.at(-1)).toBe('2024-04-13');
    expect(SUPPORTED_API_VERSIONS).toEqual(expect.arrayContaining(['2022-11-11', '2022-12-29', '2023-05-02', '2023-08-15']));
  });

  it.each(cases)('%s %s', async (version, kind) => {
    const spec = SPEC_API_VERSIONS[version]?.kinds[kind];
    if (spec === undefined) throw new Error('no spec');
    const name = `rt-${kind}-${version}`.toLowerCase();
    const path = `${DC_PATH}/${name}`;
    const body = { kind, location: 'Central US', properties: FULL[kind] };

    const created = await raw(emu, 'PUT', api(path, version), { body: JSON.stringify(body) });
    expect(created.status, created.text).toBe(201);
    expect(String(created.headers['azure-asyncoperation'])).toContain(`api-version=${version}`);

    const got = await raw(emu, 'GET', api(path, version));
    expect(got.status).toBe(200);
    const resource = got.json as Resource;
    expect(resource.kind).toBe(kind);
    // Exactly the properties this api-version knows: every writable one was sent, the rest ignored.
    const expected = [...spec.properties, ...spec.readOnly].sort();
    expect(Object.keys(resource.properties).sort()).toEqual(expected);
    for (const key of spec.properties) expect(resource.properties[key]).toEqual(FULL[kind][key]);

    const listed = (await raw(emu, 'GET', api(DC_PATH, version))).json as { value: Resource[] };
    const inList = listed.value.find((r) => (r as unknown as { name: string }).name.endsWith(`/${name}`));
    expect(inList).toEqual(resource);

    // Cosmos DB connections change nothing in place: its PATCH resends a value unchanged.
    const change = kind === 'CosmosDb' ? { tableName: 'CosmosChanges' } : { mappingRuleName: '' };
    const patched = await raw(emu, 'PATCH', api(path, version), { body: JSON.stringify({ kind, properties: change }) });
    expect(patched.status, patched.text).toBe(200);
    const afterPatch = (await raw(emu, 'GET', api(path, version))).json as Resource;
    expect(afterPatch.properties).toMatchObject(change);

    const deleted = await raw(emu, 'DELETE', api(path, version));
    expect(deleted.status).toBe(202);
    expect((await raw(emu, 'GET', api(path, version))).status).toBe(404);
  });
});

describe('one resource, a view per api-version', () => {
  it('answers the same connection with each version’s own properties', async () => {
    const path = `${DC_PATH}/views`;
    const body = { kind: 'EventHub', location: 'Central US', properties: FULL.EventHub };
    expect((await raw(emu, 'PUT', api(path, '2024-04-13'), { body: JSON.stringify(body) })).status).toBe(201);
    const oldest = (await raw(emu, 'GET', api(path, '2019-01-21'))).json as Resource;
    expect(oldest.properties).toEqual({
      eventHubResourceId: IDS.telemetryHub,
      consumerGroup: 'adx',
      tableName: 'Telemetry',
      mappingRuleName: 'Telemetry_JSON_Mapping',
      dataFormat: 'JSON',
    });
    const mid = (await raw(emu, 'GET', api(path, '2021-01-01'))).json as Resource;
    expect(Object.keys(mid.properties)).toContain('managedIdentityResourceId');
    expect(Object.keys(mid.properties)).not.toContain('managedIdentityObjectId');
    expect(Object.keys(mid.properties)).not.toContain('databaseRouting');
    expect(mid.properties['provisioningState']).toBe('Succeeded');
    expect((await raw(emu, 'DELETE', api(path, '2019-01-21'))).status).toBe(202);
  });

  it('a PUT at an older version keeps what only newer versions know; what it does not know is ignored', async () => {
    const path = `${DC_PATH}/keeps`;
    expect((await raw(emu, 'PUT', api(path), { body: JSON.stringify({ kind: 'EventHub', properties: FULL.EventHub }) })).status).toBe(201);
    const old = { kind: 'EventHub', properties: { ...FULL.EventHub, tableName: 'StormEvents', mappingRuleName: 'StormEvents_CSV_Mapping', dataFormat: 'CSV', databaseRouting: 'Single' } };
    const answer = await raw(emu, 'PUT', api(path, '2019-05-15'), { body: JSON.stringify(old) });
    expect(answer.status, answer.text).toBe(200);
    expect(Object.keys((answer.json as Resource).properties)).not.toContain('databaseRouting');
    const now = (await raw(emu, 'GET', api(path))).json as Resource;
    // databaseRouting is unknown to 2019-05-15: its 'Single' was ignored, the stored 'Multi' kept.
    expect(now.properties).toMatchObject({ tableName: 'StormEvents', dataFormat: 'CSV', databaseRouting: 'Multi', compression: 'GZip', retrievalStartDate: START });
    expect((await raw(emu, 'DELETE', api(path))).status).toBe(202);
  });

  it('fills the defaults of properties a version does not know, as the service stores them', async () => {
    const path = `${DC_PATH}/old-create`;
    const body = { kind: 'EventHub', properties: { eventHubResourceId: IDS.telemetryHub, consumerGroup: 'adx', tableName: 'Telemetry', dataFormat: 'JSON' } };
    expect((await raw(emu, 'PUT', api(path, '2019-01-21'), { body: JSON.stringify(body) })).status).toBe(201);
    const latest = (await raw(emu, 'GET', api(path))).json as Resource;
    expect(latest.properties).toMatchObject({ compression: 'None', databaseRouting: 'Single', eventSystemProperties: [] });
    expect((await raw(emu, 'DELETE', api(path))).status).toBe(202);
  });

  it('refuses a kind the api-version does not know, naming the first version that does', async () => {
    const cosmos = await raw(emu, 'PUT', api(`${DC_PATH}/cosmos-old`, '2022-07-07'), { body: JSON.stringify({ kind: 'CosmosDb', properties: FULL.CosmosDb }) });
    expect(cosmos.status).toBe(400);
    expect(armError(cosmos.json)).toMatchObject({ target: 'kind' });
    expect(String(armError(cosmos.json).message)).toContain("'2022-11-11'");
    const iot = await raw(emu, 'PUT', api(`${DC_PATH}/iot-old`, '2019-01-21'), { body: JSON.stringify({ kind: 'IotHub', properties: FULL.IotHub }) });
    expect(iot.status).toBe(400);
    expect(String(armError(iot.json).message)).toContain("'2019-05-15'");
  });

  it('requires what each version requires: EventGrid needed tableName and dataFormat until 2020-06-14', async () => {
    const { tableName: _t, dataFormat: _d, ...rest } = FULL.EventGrid;
    const body = JSON.stringify({ kind: 'EventGrid', properties: rest });
    const old = await raw(emu, 'PUT', api(`${DC_PATH}/eg-req`, '2020-02-15'), { body });
    expect(old.status).toBe(400);
    expect(old.text).toContain('tableName');
    expect((await raw(emu, 'PUT', api(`${DC_PATH}/eg-req`, '2020-06-14'), { body })).status).toBe(201);
    expect((await raw(emu, 'DELETE', api(`${DC_PATH}/eg-req`))).status).toBe(202);
  });
});

describe('the table and its derivation', () => {
  it('is what scripts/derive-api-versions.mjs prints from the specs of every stable api-version', () => {
    const derived = JSON.parse(execFileSync(process.execPath, ['scripts/derive-api-versions.mjs', 'test/emulator/spec-fixtures', '--json'], { encoding: 'utf8' })) as Record<string, unknown>;
    // 17 spec files; 2019-03-20 defines no data connections, so the table has the other 16.
    expect(readdirSync('test/emulator/spec-fixtures').filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))).toHaveLength(17);
    expect(Object.keys(derived)).toEqual([...SUPPORTED_API_VERSIONS]);
    expect(Object.keys(derived)).not.toContain('2019-03-20');
    const module = execFileSync(process.execPath, ['scripts/derive-api-versions.mjs', 'test/emulator/spec-fixtures'], { encoding: 'utf8' });
    expect(readFileSync('src/emulator/kusto/api-versions.generated.ts', 'utf8')).toBe(module);
  });

  const deriveVersion = deriveUntyped as (swagger: unknown) => { kinds: Partial<Record<Kind, { properties: string[] }>> };

  it('follows the spec files: a property removed from an excerpt leaves the derived table', () => {
    const excerpt = JSON.parse(readFileSync('test/emulator/spec-fixtures/2022-02-01/kusto.json', 'utf8')) as { definitions: Record<string, { properties: Record<string, unknown> }> };
    const eventGrid = excerpt.definitions['EventGridConnectionProperties'];
    expect(deriveVersion(excerpt).kinds.EventGrid?.properties).toContain('databaseRouting');
    if (eventGrid !== undefined) delete eventGrid.properties['databaseRouting'];
    expect(deriveVersion(excerpt).kinds.EventGrid?.properties).not.toContain('databaseRouting');
  });

  it('adds properties over time and never drops one (each version knows what the one before knew)', () => {
    for (let i = 1; i < SUPPORTED_API_VERSIONS.length; i++) {
      const before = SPEC_API_VERSIONS[SUPPORTED_API_VERSIONS[i - 1] ?? ''];
      const after = SPEC_API_VERSIONS[SUPPORTED_API_VERSIONS[i] ?? ''];
      for (const [kind, spec] of Object.entries(before?.kinds ?? {})) {
        const next = after?.kinds[kind as Kind];
        expect(next, `${kind} at ${SUPPORTED_API_VERSIONS[i]}`).toBeDefined();
        expect(next?.properties).toEqual(expect.arrayContaining([...spec.properties]));
      }
    }
  });
});
