/**
 * The parts of a plan that have the same shape in the internal model and in the public format,
 * copied member by member in either direction: a member added to either side is not carried
 * across unless it is named here (the round-trip test fails, and the schema refuses an unknown
 * member). Values are copied, never shared, so neither side can alias the other.
 */
import { assertNever } from '../../core/assert-never.js';

type Value = string | boolean | readonly string[];

interface DatabaseAddress {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly database: string;
}

interface Source {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

interface Body {
  readonly kind: string;
  readonly location: string;
  readonly properties: Readonly<Record<string, Value>>;
}

interface FieldChange {
  readonly path: string;
  readonly before?: Value;
  readonly after?: Value;
  readonly forcesReplacement: boolean;
}

interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly address?: string;
  readonly source?: Source;
}

type Refusal = { readonly addresses: readonly string[] } & (
  | { readonly rule: 'protected'; readonly address: string; readonly action: 'replace' | 'delete' }
  | { readonly rule: 'replace-not-allowed' | 'delete-not-allowed'; readonly address: string }
  | { readonly rule: 'too-many-deletes'; readonly count: number; readonly max: number }
  | { readonly rule: 'empties-database'; readonly database: string; readonly count: number }
  | { readonly rule: 'service-refuses'; readonly address: string; readonly messages: readonly string[] }
  | { readonly rule: 'depends-on-refused'; readonly address: string; readonly dependency: string }
);

interface Database {
  readonly address: string;
  readonly target: DatabaseAddress;
  readonly managed: boolean;
  readonly prune: boolean;
  readonly allowEmpty: boolean;
  readonly liveCount: number;
  readonly declaredCount: number;
}

interface Summary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly noOp: number;
  readonly unmanaged: number;
  readonly inProgress: number;
}

interface OptIns {
  readonly allowReplace: boolean;
  readonly allowDelete: boolean;
  readonly maxDeletes: number;
  readonly allowEmptyDatabase: boolean;
}

/** `{ [key]: value }` when the value is there, `{}` when it is not: optional members stay absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function value(v: Value): Value {
  return typeof v === 'string' || typeof v === 'boolean' ? v : [...v];
}

export function databaseAddress(a: DatabaseAddress): DatabaseAddress {
  return { subscriptionId: a.subscriptionId, resourceGroup: a.resourceGroup, cluster: a.cluster, database: a.database };
}

export function connectionAddress(a: DatabaseAddress & { readonly name: string }): DatabaseAddress & { readonly name: string } {
  return { ...databaseAddress(a), name: a.name };
}

export function source(s: Source): Source {
  return { file: s.file, line: s.line, col: s.col };
}

export function body(b: Body): Body {
  return { kind: b.kind, location: b.location, properties: Object.fromEntries(Object.entries(b.properties).map(([k, v]) => [k, value(v)])) };
}

export function fieldChange(c: FieldChange): FieldChange {
  return {
    path: c.path,
    ...optional('before', c.before === undefined ? undefined : value(c.before)),
    ...optional('after', c.after === undefined ? undefined : value(c.after)),
    forcesReplacement: c.forcesReplacement,
  };
}

export function diagnostic(d: Diagnostic): Diagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...optional('hint', d.hint),
    ...optional('address', d.address),
    ...optional('source', d.source === undefined ? undefined : source(d.source)),
  };
}

export function refusal(r: Refusal): Refusal {
  const addresses = [...r.addresses];
  switch (r.rule) {
    case 'protected':
      return { rule: r.rule, address: r.address, action: r.action, addresses };
    case 'replace-not-allowed':
    case 'delete-not-allowed':
      return { rule: r.rule, address: r.address, addresses };
    case 'too-many-deletes':
      return { rule: r.rule, count: r.count, max: r.max, addresses };
    case 'empties-database':
      return { rule: r.rule, database: r.database, count: r.count, addresses };
    case 'service-refuses':
      return { rule: r.rule, address: r.address, messages: [...r.messages], addresses };
    case 'depends-on-refused':
      return { rule: r.rule, address: r.address, dependency: r.dependency, addresses };
    default:
      return assertNever(r, 'refusal');
  }
}

export function database(d: Database): Database {
  return {
    address: d.address,
    target: databaseAddress(d.target),
    managed: d.managed,
    prune: d.prune,
    allowEmpty: d.allowEmpty,
    liveCount: d.liveCount,
    declaredCount: d.declaredCount,
  };
}

export function summary(s: Summary): Summary {
  return { create: s.create, update: s.update, replace: s.replace, delete: s.delete, noOp: s.noOp, unmanaged: s.unmanaged, inProgress: s.inProgress };
}

export function optIns(o: OptIns): OptIns {
  return { allowReplace: o.allowReplace, allowDelete: o.allowDelete, maxDeletes: o.maxDeletes, allowEmptyDatabase: o.allowEmptyDatabase };
}

/** What a change holds besides its common members, by action. */
type ActionMembers =
  | { readonly action: 'create'; readonly after: Body }
  | { readonly action: 'update'; readonly before: Body; readonly after: Body; readonly fieldChanges: readonly FieldChange[] }
  | {
      readonly action: 'replace';
      readonly before: Body;
      readonly after: Body;
      readonly fieldChanges: readonly FieldChange[];
      readonly replacePaths: readonly string[];
      readonly strategy: 'default' | 'gap-free';
      readonly replaceAllowed: boolean;
    }
  | { readonly action: 'delete'; readonly before: Body };

/** `head` between the change's action and the members of that action. */
export function withActionMembers<H extends object>(c: ActionMembers, head: H): H & ActionMembers {
  switch (c.action) {
    case 'create':
      return { action: c.action, ...head, after: body(c.after) };
    case 'update':
      return { action: c.action, ...head, before: body(c.before), after: body(c.after), fieldChanges: c.fieldChanges.map(fieldChange) };
    case 'replace':
      return {
        action: c.action,
        ...head,
        before: body(c.before),
        after: body(c.after),
        fieldChanges: c.fieldChanges.map(fieldChange),
        replacePaths: [...c.replacePaths],
        strategy: c.strategy,
        replaceAllowed: c.replaceAllowed,
      };
    case 'delete':
      return { action: c.action, ...head, before: body(c.before) };
    default:
      return assertNever(c, 'change action');
  }
}

/** The members every change has but its reason, which the two sides write differently. */
export interface CommonMembers {
  readonly address: string;
  readonly target: DatabaseAddress & { readonly name: string };
  readonly liveFingerprint: string;
  readonly dependsOn: readonly string[];
  readonly protected: boolean;
  readonly liveState?: string;
  readonly remoteValidation?: readonly string[];
  readonly source?: Source;
}

/** The common members of `c`, with `reason` (the side's own form of it) after the target. */
export function commonMembers<R extends object>(c: CommonMembers, reason: R): CommonMembers & R {
  return {
    address: c.address,
    target: connectionAddress(c.target),
    ...reason,
    liveFingerprint: c.liveFingerprint,
    dependsOn: [...c.dependsOn],
    protected: c.protected,
    ...optional('liveState', c.liveState),
    ...optional('remoteValidation', c.remoteValidation === undefined ? undefined : [...c.remoteValidation]),
    ...optional('source', c.source === undefined ? undefined : source(c.source)),
  };
}

/** What a plan holds besides its changes and reported connections. */
interface PlanMembers {
  readonly createdAt: string;
  readonly noOps: readonly string[];
  readonly databases: readonly Database[];
  readonly partial: boolean;
  readonly narrowed: boolean;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly warnings: readonly Diagnostic[];
  readonly summary: Summary;
  readonly readiness?: { readonly optIns: OptIns; readonly refusals: readonly Refusal[] };
}

/** The members of plan `p`, with its changes and reported connections as the side writes them. */
export function planMembers<C, R>(p: PlanMembers, lists: { readonly changes: readonly C[]; readonly unmanaged: readonly R[]; readonly inProgress: readonly R[] }) {
  return {
    createdAt: p.createdAt,
    changes: lists.changes,
    noOps: [...p.noOps],
    unmanaged: lists.unmanaged,
    inProgress: lists.inProgress,
    databases: p.databases.map(database),
    partial: p.partial,
    narrowed: p.narrowed,
    ...optional('shard', p.shard === undefined ? undefined : { index: p.shard.index, count: p.shard.count }),
    warnings: p.warnings.map(diagnostic),
    summary: summary(p.summary),
    ...optional('readiness', p.readiness === undefined ? undefined : { optIns: optIns(p.readiness.optIns), refusals: p.readiness.refusals.map(refusal) }),
  };
}
