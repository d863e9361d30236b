/**
 * The parts of a plan that have the same shape in the internal model and in the public format
 * (types.ts), copied member by member in either direction: a member added to either side is not
 * carried across unless it is named here (the round-trip test fails, and the schema refuses an
 * unknown member). The internal values are passed as the public types, so where the two sides
 * stop matching in shape, the compiler says so here. Values are copied, never shared.
 */
import { assertNever } from '../../core/assert-never.js';
import type {
  PublicActionMembers,
  PublicBody,
  PublicChangeBase,
  PublicConnectionAddress,
  PublicDatabase,
  PublicDatabaseAddress,
  PublicDiagnostic,
  PublicFieldChange,
  PublicOptIns,
  PublicPlan,
  PublicPrerequisites,
  PublicRefusal,
  PublicReported,
  PublicSource,
  PublicSummary,
  PublicValue,
} from './types.js';

/** `{ [key]: value }` when the value is there, `{}` when it is not: optional members stay absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function value(v: PublicValue): PublicValue {
  return typeof v === 'string' || typeof v === 'boolean' ? v : [...v];
}

function databaseAddress(a: PublicDatabaseAddress): PublicDatabaseAddress {
  return { subscriptionId: a.subscriptionId, resourceGroup: a.resourceGroup, cluster: a.cluster, database: a.database };
}

function connectionAddress(a: PublicConnectionAddress): PublicConnectionAddress {
  return { ...databaseAddress(a), name: a.name };
}

function source(s: PublicSource): PublicSource {
  return { file: s.file, line: s.line, col: s.col };
}

function body(b: PublicBody): PublicBody {
  return { kind: b.kind, location: b.location, properties: Object.fromEntries(Object.entries(b.properties).map(([k, v]) => [k, value(v)])) };
}

function fieldChange(c: PublicFieldChange): PublicFieldChange {
  return {
    path: c.path,
    ...optional('before', c.before === undefined ? undefined : value(c.before)),
    ...optional('after', c.after === undefined ? undefined : value(c.after)),
    forcesReplacement: c.forcesReplacement,
  };
}

function diagnostic(d: PublicDiagnostic): PublicDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...optional('hint', d.hint),
    ...optional('address', d.address),
    ...optional('source', d.source === undefined ? undefined : source(d.source)),
  };
}

function refusal(r: PublicRefusal): PublicRefusal {
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

function database(d: PublicDatabase): PublicDatabase {
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

function summary(s: PublicSummary): PublicSummary {
  return { create: s.create, update: s.update, replace: s.replace, delete: s.delete, noOp: s.noOp, unmanaged: s.unmanaged, inProgress: s.inProgress };
}

function optIns(o: PublicOptIns): PublicOptIns {
  return { allowReplace: o.allowReplace, allowDelete: o.allowDelete, maxDeletes: o.maxDeletes, allowEmptyDatabase: o.allowEmptyDatabase };
}

/** The change's action, then `head`, then the members of that action. */
export function withActionMembers<H extends object>(c: PublicActionMembers, head: H): H & PublicActionMembers {
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

/** The members every change has, with `reason` (each side's own form of it) after the target. */
export function commonMembers<R extends object>(c: Omit<PublicChangeBase, 'reason'>, reason: R): Omit<PublicChangeBase, 'reason'> & R {
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

/** A reported connection's members, with `reason` (each side's own form of it) last. */
export function reportedMembers<R extends object>(r: Omit<PublicReported, 'reason'>, reason: R): Omit<PublicReported, 'reason'> & R {
  return { address: r.address, target: connectionAddress(r.target), kind: r.kind, ...optional('provisioningState', r.provisioningState), ...reason };
}

/** The members of plan `p` but its format version, with its changes and reported connections as each side writes them. */
export function planMembers<C, R>(
  p: Omit<PublicPlan, 'formatVersion' | 'changes' | 'unmanaged' | 'inProgress'>,
  lists: { readonly changes: readonly C[]; readonly unmanaged: readonly R[]; readonly inProgress: readonly R[] },
) {
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
    ...optional('prerequisites', p.prerequisites?.map(prerequisites)),
  };
}

function prerequisites(p: PublicPrerequisites): PublicPrerequisites {
  return {
    address: p.address,
    checks: p.checks.map((c) => ({ code: c.code, status: c.status, subject: c.subject, ...optional('message', c.message), ...optional('hint', c.hint) })),
  };
}
