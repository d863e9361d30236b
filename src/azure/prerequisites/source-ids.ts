/**
 * The parts of an ARM resource ID a client call needs: the subscription, the resource group and
 * each `type/name` pair after the provider, by type keyword (compared case-insensitively, as
 * ARM does: `/SUBSCRIPTIONS/.../Providers/microsoft.eventhub/Namespaces/...`).
 */
import { AzureFailure } from '../../core/ports/azure-port.js';
import { printable } from '../../core/printable.js';

export interface ResourceIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** Lower-cased type keyword → name, e.g. `namespaces` → `ns1`, `eventhubs` → `hub1`. */
  readonly names: Readonly<Record<string, string>>;
}

/**
 * Reads `/subscriptions/{s}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{type}/{name}...]`,
 * requiring the given type keywords; a wrong shape is an error naming what it expected.
 */
export function resourceIdParts(id: string, expected: readonly string[]): ResourceIdParts {
  const segs = id.replace(/^\/+|\/+$/g, '').split('/');
  const bad = (): AzureFailure =>
    new AzureFailure('bad-request', `"${printable(id)}" is not a resource ID of the form /subscriptions/{id}/resourceGroups/{group}/providers/.../${expected.map((e) => `${e}/{name}`).join('/')}`);
  if (segs.length < 6 || segs[0]?.toLowerCase() !== 'subscriptions' || segs[2]?.toLowerCase() !== 'resourcegroups' || segs[4]?.toLowerCase() !== 'providers') throw bad();
  const names: Record<string, string> = {};
  for (let i = 6; i + 1 < segs.length; i += 2) names[(segs[i] ?? '').toLowerCase()] = segs[i + 1] ?? '';
  if ((segs.length - 6) % 2 !== 0 || expected.some((e) => !names[e.toLowerCase()])) throw bad();
  return { subscriptionId: segs[1] ?? '', resourceGroup: segs[3] ?? '', names };
}

/** The name of a type keyword in parsed parts (present: resourceIdParts required it). */
export function nameOf(parts: ResourceIdParts, type: string): string {
  return parts.names[type.toLowerCase()] ?? '';
}
