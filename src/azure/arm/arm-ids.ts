/**
 * Reading the ARM IDs of subscriptions, resource groups, Kusto clusters and databases: those
 * people pass on the command line and those the service answers. Keywords and types compare
 * case-insensitively, as ARM does (`/SUBSCRIPTIONS/…/Providers/microsoft.kusto/Clusters/…`).
 * Cluster names are lower case in Azure, so a cluster written in another case is lowered.
 *
 * Besides the ID, the short address form kustodian prints is accepted:
 * `subscription/resourceGroup/cluster/database`.
 */
import { isValidName, NAME_RULES, type NameRuleId } from '../../core/names.js';
import type { ArmScope, ScopeLevel } from '../../core/scope.js';

export type ParsedScope = { readonly ok: true; readonly scope: ArmScope } | { readonly ok: false; readonly problem: string };

/** The segments of each level, in order, with the ARM keyword that precedes each. */
const LEVELS: readonly { readonly level: ScopeLevel; readonly keyword: readonly string[]; readonly rule: NameRuleId }[] = [
  { level: 'subscription', keyword: ['subscriptions'], rule: 'subscriptionId' },
  { level: 'resourceGroup', keyword: ['resourceGroups'], rule: 'resourceGroup' },
  { level: 'cluster', keyword: ['providers', 'Microsoft.Kusto', 'clusters'], rule: 'cluster' },
  { level: 'database', keyword: ['databases'], rule: 'database' },
];

/** What an ID and an address of `level` look like, for messages. */
export function scopeShapes(level: ScopeLevel): { readonly id: string; readonly address: string } {
  const upTo = LEVELS.slice(0, LEVELS.findIndex((l) => l.level === level) + 1);
  return {
    id: upTo.map((l) => `/${l.keyword.join('/')}/{${l.rule}}`).join(''),
    address: upTo.map((l) => `{${l.rule}}`).join('/'),
  };
}

/** The names of each level, from an ARM ID or a short address; undefined when neither shape fits. */
function names(text: string, depth: number): string[] | undefined {
  if (!text.startsWith('/')) {
    const parts = text.split('/');
    return parts.length === depth ? parts : undefined;
  }
  const segs = text.slice(1).split('/');
  const out: string[] = [];
  let i = 0;
  for (const l of LEVELS.slice(0, depth)) {
    for (const k of l.keyword) {
      if (segs[i]?.toLowerCase() !== k.toLowerCase()) return undefined;
      i += 1;
    }
    const name = segs[i];
    if (name === undefined) return undefined;
    out.push(name);
    i += 1;
  }
  return i === segs.length ? out : undefined;
}

/** Reads `text` as a scope of `level`: an ARM ID or a short address, checked against Azure's naming rules. */
export function parseScope(level: ScopeLevel, text: string): ParsedScope {
  const depth = LEVELS.findIndex((l) => l.level === level) + 1;
  const trimmed = text.trim().replace(/(.)\/$/, '$1');
  const found = names(trimmed, depth);
  const shapes = scopeShapes(level);
  if (found === undefined) {
    return { ok: false, problem: `"${text}" is not a ${describe(level)} ID: expected ${shapes.id} or ${shapes.address}` };
  }
  const [subscriptionId = '', resourceGroup = '', rawCluster = '', database = ''] = found;
  const cluster = rawCluster.toLowerCase();
  const values = [subscriptionId, resourceGroup, cluster, database];
  for (const [i, l] of LEVELS.slice(0, depth).entries()) {
    const value = values[i] ?? '';
    if (!isValidName(l.rule, value)) {
      return { ok: false, problem: `"${text}": the ${describe(l.level)} name "${value}" is not valid: it must be ${NAME_RULES[l.rule].explain}` };
    }
  }
  switch (level) {
    case 'subscription':
      return { ok: true, scope: { level, subscriptionId } };
    case 'resourceGroup':
      return { ok: true, scope: { level, subscriptionId, resourceGroup } };
    case 'cluster':
      return { ok: true, scope: { level, subscriptionId, resourceGroup, cluster } };
    case 'database':
      return { ok: true, scope: { level, database: { subscriptionId, resourceGroup, cluster, database } } };
  }
}

function describe(level: ScopeLevel): string {
  switch (level) {
    case 'subscription':
      return 'subscription';
    case 'resourceGroup':
      return 'resource group';
    case 'cluster':
      return 'Kusto cluster';
    case 'database':
      return 'Kusto database';
  }
}
