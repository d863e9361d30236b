/**
 * Resource Graph's rows as the domain's live connections, the same as one list per database
 * would give: the address read from the resource ID (case-insensitively), the properties
 * flattened as the ARM answer's, dates in the spelling the ARM client gives them. Resource
 * Graph answers `location` as the programmatic name (`centralus`), which the planner compares
 * like ARM's display name. A row kustodian cannot read fails the read: a plan must not be made
 * against a part of the estate.
 */
import { AzureFailure } from '../../core/ports/azure-port.js';
import { CONNECTION_KINDS } from '../../core/kinds.js';
import type { LiveConnection, PropertyValue } from '../../core/model.js';
import { parseScope } from '../arm/arm-ids.js';
import { propertyFromWire } from '../arm/convert.js';

/**
 * The rows of an answer's `data`: an array (objectArray), or, as @azure/arm-resourcegraph
 * 5.0.0-beta.4 hands it over (its mapper types `data` as a dictionary), an object keyed by index.
 */
export function rowsOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (typeof data !== 'object' || data === null) return [];
  const entries = Object.entries(data);
  if (!entries.every(([k]) => /^\d+$/.test(k))) {
    throw new AzureFailure('unknown', 'Resource Graph answered rows in a shape kustodian cannot read (not objectArray)');
  }
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, row]) => row);
}

const DATA_CONNECTION_ID = /^(.+)\/dataConnections\/([^/]+)$/i;

function unreadable(why: string, row: unknown): AzureFailure {
  return new AzureFailure('unknown', `Resource Graph answered a data connection kustodian cannot read (${why}): ${JSON.stringify(row).slice(0, 300)}`);
}

/** The kind in its Azure spelling when it is one kustodian knows (Resource Graph may lower-case it). */
function canonicalKind(kind: string): string {
  return CONNECTION_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind;
}

export function liveFromGraphRow(row: unknown): LiveConnection {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw unreadable('not an object', row);
  const { id, kind, location, properties } = row as Record<string, unknown>;
  if (typeof id !== 'string') throw unreadable('no id', row);
  const match = DATA_CONNECTION_ID.exec(id);
  const database = match === null ? undefined : parseScope('database', match[1] ?? '');
  if (match === null || database === undefined || !database.ok || database.scope.level !== 'database') throw unreadable('not a data connection ID', row);
  if (typeof kind !== 'string') throw unreadable('no kind', row);
  const canonical = canonicalKind(kind);
  const flat: Record<string, PropertyValue> = {};
  if (typeof properties === 'object' && properties !== null && !Array.isArray(properties)) {
    for (const [key, value] of Object.entries(properties)) {
      const v = propertyFromWire(canonical, key, value);
      if (v !== undefined) flat[key] = v;
    }
  }
  return {
    address: { ...database.scope.database, name: match[2] ?? '' },
    id,
    kind: canonical,
    location: typeof location === 'string' ? location : '',
    properties: flat,
  };
}
