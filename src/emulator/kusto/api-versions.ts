/**
 * Which Microsoft.Kusto api-versions the emulator serves, and what each knows of every
 * data-connection kind: the table derived from the REST specs (api-versions.generated.ts).
 *
 * The service keeps one resource and each api-version is a view of it:
 * - a request's properties unknown to its api-version are ignored (neither stored nor answered);
 * - a PUT at an older api-version keeps the values of properties only newer versions know
 *   (an older client cannot see them, so cannot mean to clear them);
 * - an answer carries only the properties its api-version knows;
 * - a kind the api-version does not know cannot be written with it; an existing connection of
 *   such a kind is answered in the newest shape (the kind enum is modelAsString).
 * docs/emulator.md explains the rule and its evidence.
 */
import { SPEC_API_VERSIONS } from './api-versions.generated.js';
import type { SpecKind, SpecVersion } from './api-version-types.js';
import type { Kind } from './kinds.js';

/** Every api-version served, oldest first. */
export const SUPPORTED_API_VERSIONS: readonly string[] = Object.keys(SPEC_API_VERSIONS).sort();

/** The newest: what the control API, Resource Graph and seeds use. */
export const LATEST_API_VERSION: string = SUPPORTED_API_VERSIONS[SUPPORTED_API_VERSIONS.length - 1] ?? '';

function versionSpec(version: string): SpecVersion {
  const spec = SPEC_API_VERSIONS[version];
  if (spec === undefined) throw new Error(`api-version ${version} is not in the emulator's table`);
  return spec;
}

/**
 * The first api-version whose dataConnectionValidation is a long-running operation (202, the
 * findings at the operation's Location). Before it the POST answers 200 with the findings: the
 * specs' kusto.json declares only a 200 response and no x-ms-long-running-operation up to
 * 2020-02-15, and the KustoDataConnectionValidation.json examples of 2019-01-21 to 2019-11-09
 * answer 200 only; from 2020-06-14 the examples answer 200 or 202 (ValidationAsync).
 */
export const ASYNC_VALIDATION_SINCE = '2020-06-14';

/** Whether the api-version's validation answers at once (200) rather than as an operation. */
export function validationIsSynchronous(version: string): boolean {
  return version < ASYNC_VALIDATION_SINCE;
}

/** What the api-version knows of the kind, or undefined when it does not know the kind. */
export function kindInVersion(version: string, kind: Kind): SpecKind | undefined {
  return versionSpec(version).kinds[kind];
}

/** The api-versions that know this kind, oldest first. */
export function versionsWithKind(kind: Kind): string[] {
  return SUPPORTED_API_VERSIONS.filter((v) => versionSpec(v).kinds[kind] !== undefined);
}

/** The shape answered for a kind at an api-version: its own, or the newest when it lacks the kind. */
export function answerShape(version: string, kind: Kind): SpecKind {
  const own = kindInVersion(version, kind);
  if (own !== undefined) return own;
  const newest = kindInVersion(LATEST_API_VERSION, kind);
  if (newest === undefined) throw new Error(`kind ${kind} is in no api-version of the table`);
  return newest;
}
