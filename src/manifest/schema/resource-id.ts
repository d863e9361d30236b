/**
 * Azure Resource Manager resource IDs: parsing, and checking one against the resource types a
 * property accepts (the kinds table's `resourceTypes` and `extensionOf`). Keywords and types
 * compare case-insensitively, as ARM does.
 *
 *   /subscriptions/{sub}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{type}/{name}...]
 *   ... and, for an extension resource, another /providers/{Namespace}/{type}/{name} block after it.
 */
import { NAME_RULES } from '../../core/names.js';

export interface ResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The type of the resource the ID names (`Microsoft.EventHub/namespaces/eventhubs`). */
  readonly type: string;
  readonly name: string;
  /** For an extension resource, the type of the resource it is attached to. */
  readonly scopeType?: string;
}

export type ParsedResourceId =
  | { readonly ok: true; readonly id: ResourceId }
  | { readonly ok: false; readonly detail: string };

const SUBSCRIPTION_ID = new RegExp(NAME_RULES.subscriptionId.pattern, 'u');

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

export function parseResourceId(text: string): ParsedResourceId {
  const fail = (detail: string): ParsedResourceId => ({ ok: false, detail });
  if (text.trim() !== text) return fail('it starts or ends with white space');
  if (!text.startsWith('/')) return fail('it must start with /subscriptions/');
  if (text.endsWith('/')) return fail('it ends with /');
  const seg = text.slice(1).split('/');
  if (seg.some((s) => s === '')) return fail('it has an empty segment (//)');
  if (seg.some((s) => s === '.' || s === '..')) return fail('it has a . or .. segment');
  if (/[?#%\\\s]/u.test(text)) return fail('it holds ?, #, %, \\ or white space, which no resource ID has (a URL or a query string?)');
  if (!eq(seg[0], 'subscriptions') || seg[1] === undefined) return fail('it must start with /subscriptions/{subscriptionId}');
  const subscriptionId = seg[1];
  if (!SUBSCRIPTION_ID.test(subscriptionId)) {
    return fail('the subscription ID is not a GUID');
  }
  if (!eq(seg[2], 'resourceGroups') || seg[3] === undefined) {
    return fail('/resourceGroups/{resourceGroup} must follow the subscription');
  }
  const resourceGroup = seg[3];
  if (!eq(seg[4], 'providers')) return fail('/providers/{Namespace}/{type}/{name} must follow the resource group');

  const blocks: { type: string; name: string }[] = [];
  let i = 4;
  while (i < seg.length) {
    if (!eq(seg[i], 'providers')) return fail(`expected /providers/ at segment ${i + 1}`);
    const namespace = seg[i + 1];
    if (namespace === undefined || !/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+$/.test(namespace)) {
      return fail('a provider namespace such as Microsoft.EventHub must follow /providers/');
    }
    const types: string[] = [];
    let name: string | undefined;
    i += 2;
    while (i < seg.length && !eq(seg[i], 'providers')) {
      const type = seg[i];
      const value = seg[i + 1];
      if (type === undefined || value === undefined) return fail(`${namespace}/${[...types, type ?? ''].join('/')} has no name after it`);
      types.push(type);
      name = value;
      i += 2;
    }
    if (types.length === 0 || name === undefined) return fail(`no resource type and name after ${namespace}`);
    blocks.push({ type: `${namespace}/${types.join('/')}`, name });
  }
  const last = blocks[blocks.length - 1];
  if (last === undefined) return fail('no resource type and name');
  const scope = blocks[blocks.length - 2];
  return {
    ok: true,
    id: {
      subscriptionId,
      resourceGroup,
      type: last.type,
      name: last.name,
      ...(scope === undefined ? {} : { scopeType: scope.type }),
    },
  };
}

/** The documented shape of an ID of `type`, for hints: `/subscriptions/{subscriptionId}/...`. */
export function resourceIdShape(type: string, extensionOf?: readonly string[]): string {
  const block = (t: string): string => {
    const [namespace, ...types] = t.split('/');
    return `/providers/${namespace ?? ''}${types.map((x) => `/${x}/{name}`).join('')}`;
  };
  const scope = extensionOf?.[0];
  return `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}${scope === undefined ? '' : block(scope)}${block(type)}`;
}

export type ResourceIdCheck =
  | { readonly ok: true; readonly id: ResourceId }
  | { readonly ok: false; readonly problem: 'malformed'; readonly detail: string }
  | { readonly ok: false; readonly problem: 'wrongType'; readonly found: string }
  | { readonly ok: false; readonly problem: 'wrongScope'; readonly found: string };

/** Parses `text` and checks its type against `resourceTypes` (and its scope against `extensionOf`). */
export function checkResourceId(
  text: string,
  resourceTypes: readonly string[],
  extensionOf?: readonly string[],
): ResourceIdCheck {
  const parsed = parseResourceId(text);
  if (!parsed.ok) return { ok: false, problem: 'malformed', detail: parsed.detail };
  const { id } = parsed;
  if (!resourceTypes.some((t) => eq(id.type, t))) return { ok: false, problem: 'wrongType', found: id.type };
  if (extensionOf !== undefined && !extensionOf.some((t) => id.scopeType !== undefined && eq(id.scopeType, t))) {
    return { ok: false, problem: 'wrongScope', found: id.scopeType ?? 'resource group' };
  }
  return { ok: true, id };
}
