/**
 * The manifests of the live contract suite, written into a fresh directory from the target's
 * coordinates: a Defaults document naming the database, and the suite's one EventHub connection
 * in the shape a step wants (or a pruning ManagedDatabase and no connection, to delete).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Coordinates } from './target.js';

/** What a step changes in the connection; everything else is the same in every step. */
export interface ConnectionShape {
  readonly dataFormat: 'JSON' | 'MULTIJSON' | 'CSV';
  readonly compression: 'None' | 'GZip';
  readonly eventSystemProperties?: readonly string[];
  readonly allowReplace?: boolean;
  /** Another table than the target's (a missing one, for a prerequisite check that fails). */
  readonly table?: string;
}

function defaults(c: Coordinates): string {
  return [
    'apiVersion: kustodian.io/v1',
    'kind: Defaults',
    'metadata:',
    `  subscriptionId: ${JSON.stringify(c.subscription)}`,
    `  resourceGroup: ${JSON.stringify(c.resourceGroup)}`,
    `  cluster: ${JSON.stringify(c.cluster)}`,
    `  database: ${JSON.stringify(c.database)}`,
    'spec:',
    `  location: ${JSON.stringify(c.location)}`,
    '',
  ].join('\n');
}

function connection(c: Coordinates, name: string, shape: ConnectionShape): string {
  return [
    'apiVersion: kustodian.io/v1',
    'kind: EventHubDataConnection',
    'metadata:',
    `  name: ${JSON.stringify(name)}`,
    ...(shape.allowReplace === true ? ['  annotations:', '    kustodian.io/allow-replace: "true"'] : []),
    'spec:',
    `  eventHubResourceId: ${JSON.stringify(c.eventHubId)}`,
    `  consumerGroup: ${JSON.stringify(c.consumerGroup)}`,
    `  tableName: ${JSON.stringify(shape.table ?? c.table)}`,
    `  mappingRuleName: ${JSON.stringify(c.mapping)}`,
    `  dataFormat: ${shape.dataFormat}`,
    `  compression: ${shape.compression}`,
    ...(shape.eventSystemProperties === undefined ? [] : [`  eventSystemProperties: ${JSON.stringify(shape.eventSystemProperties)}`]),
    '',
  ].join('\n');
}

/**
 * A ManagedDatabase that prunes. It is only ever planned with `--target <prefix>-*` (the planner
 * never deletes a connection the selection leaves out), and the plan is checked before it is applied.
 */
function pruning(c: Coordinates): string {
  return ['apiVersion: kustodian.io/v1', 'kind: ManagedDatabase', 'metadata:', `  database: ${JSON.stringify(c.database)}`, 'spec:', '  prune: true', ''].join('\n');
}

function tree(parent: string, label: string, files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(parent, `${label}-`));
  mkdirSync(path.join(dir, 'manifests'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'manifests', name), text);
  return path.join(dir, 'manifests');
}

/** A manifests directory declaring the one connection `name` in this shape. */
export function connectionManifests(parent: string, c: Coordinates, name: string, shape: ConnectionShape): string {
  return tree(parent, 'declared', { 'defaults.yaml': defaults(c), 'connection.yaml': connection(c, name, shape) });
}

/** A manifests directory declaring no connection in a database that prunes. */
export function pruningManifests(parent: string, c: Coordinates): string {
  return tree(parent, 'prune', { 'defaults.yaml': defaults(c), 'database.yaml': pruning(c) });
}
