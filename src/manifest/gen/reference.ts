/**
 * The reference tables of docs/manifests.md and docs/diagnostics.md, generated from the kinds
 * table, the annotations and the diagnostic codes, so the documentation cannot fall behind them.
 */
import { ANNOTATION_SPECS, type AnnotationValues, KNOWN_ANNOTATIONS } from '../../core/annotations.js';
import { CONNECTION_KINDS, KIND_SPECS, type PropertySpec } from '../../core/kinds.js';
import { NAME_RULES } from '../../core/names.js';
import { manifestCodeTable } from '../codes.js';
import { LOCATION_DESCRIPTION } from '../documents.js';
import { LABEL_KEY, NAME_GLOB } from '../schema/formats.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => `\`${s}\``;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function typeText(p: PropertySpec): string {
  switch (p.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'stringArray':
      return 'list of strings';
    case 'dateTime':
      return 'ISO-8601 date-time';
    case 'enum': {
      const aliases = Object.keys(p.aliases ?? {});
      return `one of ${p.values.join(', ')}${aliases.length > 0 ? ` (or ${aliases.join(', ')})` : ''}; any letter case`;
    }
    case 'resourceId':
      return `resource ID of ${p.resourceTypes.join(' or ')}${p.extensionOf ? ` on a ${p.extensionOf.join(' or ')}` : ''}`;
  }
}

function defaultText(p: PropertySpec): string {
  if (p.serverDefault !== undefined) return code(JSON.stringify(p.serverDefault));
  return p.serverComputed === true ? 'set by the service' : '';
}

function kindTable(kind: (typeof CONNECTION_KINDS)[number]): string {
  const spec = KIND_SPECS[kind];
  const rows: string[][] = [
    [code('location'), 'string', 'yes', '', 'replace', LOCATION_DESCRIPTION],
    ...Object.entries(spec.properties).map(([name, p]) => [
      code(name),
      typeText(p),
      p.required ? 'yes' : '',
      defaultText(p),
      p.onChange,
      p.description,
    ]),
  ];
  const pair = spec.exclusivePair
    ? `\n\nOne (${code(spec.exclusivePair.hub)}, ${code(spec.exclusivePair.consumerGroup)}) pair feeds one connection only.`
    : '';
  return `#### ${code(spec.manifestKind)} (Azure kind ${code(kind)})\n\n${table(
    ['spec field', 'type', 'required', 'default', 'on change', 'description'],
    rows,
  )}${pair}`;
}

function metadataTable(): string {
  return table(
    ['metadata field', 'required', 'description'],
    [
      [code('name'), 'yes', `The data connection's name in Azure: ${NAME_RULES.connection.explain}.`],
      [code('subscriptionId'), 'yes (or Defaults)', `The cluster's subscription: ${NAME_RULES.subscriptionId.explain}.`],
      [code('resourceGroup'), 'yes (or Defaults)', `The cluster's resource group: ${NAME_RULES.resourceGroup.explain}.`],
      [code('cluster'), 'yes (or Defaults)', `The cluster: ${NAME_RULES.cluster.explain}.`],
      [code('database'), 'yes (or Defaults)', `The database: ${NAME_RULES.database.explain}.`],
      [code('labels'), '', `Free key/value strings for selection; keys ${LABEL_KEY.explain}. Merged with the Defaults' labels.`],
      [code('annotations'), '', 'Key/value strings; the kustodian.io/ keys are below, other keys are free. Merged with the Defaults\' annotations.'],
    ],
  );
}

function managedDatabaseTable(): string {
  return table(
    ['field', 'type', 'default', 'description'],
    [
      [code('metadata.subscriptionId'), 'string', '', 'With resourceGroup, cluster and database: the database (each may come from Defaults).'],
      [code('spec.prune'), 'boolean', code('false'), 'Delete live connections that no manifest declares.'],
      [code('spec.ignore'), 'list of name globs', code('[]'), `Connections never touched (not even read into a plan): ${NAME_GLOB.explain}; any letter case.`],
      [code('spec.protect'), 'list of name globs', code('[]'), 'Connections never deleted or replaced.'],
      [code('spec.allowEmpty'), 'boolean', code('false'), 'Allow a prune that would delete every connection of the database.'],
    ],
  );
}

function annotationValues(accepts: AnnotationValues): string {
  switch (accepts.type) {
    case 'enum':
      return accepts.values.map((v) => code(`"${v}"`)).join(', ');
    case 'field-list':
      return `property names of the kind, comma-separated: ${code('"mappingRuleName, tableName"')}`;
  }
}

function annotationsTable(): string {
  return table(
    ['annotation', 'values', 'meaning'],
    KNOWN_ANNOTATIONS.map((k) => [code(k), annotationValues(ANNOTATION_SPECS[k].accepts), ANNOTATION_SPECS[k].description]),
  );
}

function codesTable(): string {
  return table(
    ['code', 'severity', 'problem'],
    manifestCodeTable().map((c) => [c.code, c.severity, c.title]),
  );
}

/** Page (relative to the package root) → its generated sections: section name → markdown. */
export function REFERENCE_SECTIONS(): Record<string, Record<string, string>> {
  return {
    'docs/manifests.md': {
      metadata: metadataTable(),
      kinds: CONNECTION_KINDS.map(kindTable).join('\n\n'),
      'managed-database': managedDatabaseTable(),
      annotations: annotationsTable(),
    },
    'docs/diagnostics.md': { codes: codesTable() },
  };
}
