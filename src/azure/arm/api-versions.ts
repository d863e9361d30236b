/**
 * The Microsoft.Kusto api-versions the reconciler can talk with (`--api-version`), and since
 * which one each kind and each writable property exists. Read from the REST specs
 * (specification/azure-kusto/resource-manager/Microsoft.Kusto/stable/<version>/kusto.json):
 * properties are only ever added, so "the first version with it" says everything. The
 * reconciler's own copy: the emulator keeps its table apart (src/emulator), and
 * test/azure/api-versions.test.ts compares the two.
 *
 * A manifest that uses a kind or property the chosen api-version lacks is refused before
 * anything is read: an older api-version ignores what it does not know, so the write would
 * silently drop the field and every plan after it would show the same drift.
 */
import { formatConnectionAddress } from '../../core/address.js';
import { ANNOTATIONS, type ReplaceStrategy } from '../../core/annotations.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { type ConnectionKind, KIND_SPECS } from '../../core/kinds.js';
import type { DesiredState } from '../../core/model.js';

/** Every stable api-version with data connections, oldest first. */
export const KUSTO_API_VERSIONS = [
  '2019-01-21', '2019-05-15', '2019-09-07', '2019-11-09', '2020-02-15', '2020-06-14', '2020-09-18', '2021-01-01',
  '2021-08-27', '2022-02-01', '2022-07-07', '2022-11-11', '2022-12-29', '2023-05-02', '2023-08-15', '2024-04-13',
] as const;

/** The api-version each kind first appears in. */
export const KIND_SINCE: Readonly<Record<ConnectionKind, string>> = {
  EventHub: '2019-01-21',
  IotHub: '2019-05-15',
  EventGrid: '2019-01-21',
  CosmosDb: '2022-11-11',
};

/** The api-version each property of a kind first appears in, where later than the kind itself. */
export const PROPERTY_SINCE: Readonly<Record<ConnectionKind, Readonly<Record<string, string>>>> = {
  EventHub: {
    eventSystemProperties: '2019-05-15',
    compression: '2019-11-09',
    managedIdentityResourceId: '2021-01-01',
    databaseRouting: '2022-02-01',
    retrievalStartDate: '2022-07-07',
  },
  IotHub: {
    databaseRouting: '2022-02-01',
    retrievalStartDate: '2022-07-07',
  },
  EventGrid: {
    ignoreFirstRecord: '2020-06-14',
    blobStorageEventType: '2020-06-14',
    eventGridResourceId: '2022-02-01',
    managedIdentityResourceId: '2022-02-01',
    databaseRouting: '2022-02-01',
  },
  CosmosDb: {},
};

/** The code of a manifest that needs more than the chosen api-version has (AZURE_CODES.apiVersionLacks). */
export const API_VERSION_CODE = 'KD408';

const NEWEST = KUSTO_API_VERSIONS[KUSTO_API_VERSIONS.length - 1] ?? '';

/** The first api-version that knows this kind and property (the kind's own when the property came with it). */
export function sinceOf(kind: ConnectionKind, property?: string): string {
  return (property === undefined ? undefined : PROPERTY_SINCE[kind][property]) ?? KIND_SINCE[kind];
}

function versionsFrom(since: string): string {
  const from = KUSTO_API_VERSIONS.filter((v) => v >= since);
  return from.length > 3 ? `${since} and later (${from.length} versions, up to ${NEWEST})` : from.join(', ');
}

/**
 * What the manifests use that the api-version lacks: one error per connection and field, at the
 * field's source, naming the connection, the field and the api-versions that have it. A gap-free
 * replacement counts as using retrievalStartDate (it sets it). An api-version newer than the
 * newest known is taken to know everything; an unknown older one is an error of its own.
 */
export function apiVersionProblems(desired: DesiredState, apiVersion: string, defaultReplaceStrategy?: ReplaceStrategy): Diagnostic[] {
  const known = (KUSTO_API_VERSIONS as readonly string[]).includes(apiVersion);
  if (!known && /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion) && apiVersion > NEWEST) return [];
  if (!known) {
    return [
      {
        severity: 'error',
        code: API_VERSION_CODE,
        message: `--api-version ${apiVersion} is not a stable Microsoft.Kusto api-version with data connections`,
        hint: `use one of ${KUSTO_API_VERSIONS.join(', ')} (or leave --api-version out for the SDK's default, 2023-08-15)`,
      },
    ];
  }
  const problems: Diagnostic[] = [];
  for (const c of desired.connections) {
    const address = formatConnectionAddress(c.address);
    const kindSince = sinceOf(c.kind);
    if (apiVersion < kindSince) {
      problems.push({
        severity: 'error',
        code: API_VERSION_CODE,
        message: `${address}: kind ${c.kind} does not exist in api-version ${apiVersion}; it exists in ${versionsFrom(kindSince)}`,
        hint: `run with --api-version ${kindSince} or later, or leave --api-version out`,
        source: c.source,
        address,
      });
      continue;
    }
    for (const property of Object.keys(c.properties)) {
      const since = sinceOf(c.kind, property);
      if (apiVersion >= since) continue;
      problems.push({
        severity: 'error',
        code: API_VERSION_CODE,
        message:
          `${address}: ${property} does not exist for ${c.kind} in api-version ${apiVersion}; the service would ignore it. ` +
          `It exists in ${versionsFrom(since)}`,
        hint: `run with --api-version ${since} or later, or remove ${property} from the manifest`,
        source: c.fieldSources[property] ?? c.source,
        address,
      });
    }
    const strategy = c.annotations[ANNOTATIONS.replaceStrategy] ?? defaultReplaceStrategy;
    // EventGrid has no retrievalStartDate: the planner never replaces it gap-free.
    const startSince = sinceOf(c.kind, 'retrievalStartDate');
    const gapFree = strategy === 'gap-free' && KIND_SPECS[c.kind].properties['retrievalStartDate'] !== undefined;
    if (gapFree && apiVersion < startSince && c.properties['retrievalStartDate'] === undefined) {
      problems.push({
        severity: 'error',
        code: API_VERSION_CODE,
        message:
          `${address}: a gap-free replacement sets retrievalStartDate, which ${c.kind} does not have in api-version ${apiVersion}; ` +
          `the service would ignore it and events sent during the replacement would be lost. It exists in ${versionsFrom(startSince)}`,
        hint: `run with --api-version ${startSince} or later, or use ${ANNOTATIONS.replaceStrategy}: default (and accept the gap)`,
        source: c.source,
        address,
      });
    }
  }
  return problems;
}
