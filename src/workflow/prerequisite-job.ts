/**
 * The prerequisite checks (`--check-prerequisites`): for every connection a plan creates,
 * updates or replaces, whether what it reads from and writes to exists and whether its identity
 * may read the source. Every fact is asked through the PrerequisitePort, once per plan (answers
 * shared by the connections that need them); a question that fails makes its line
 * `could-not-check`, with why, never a failure of the plan.
 */
import { AzureFailure } from '../core/ports/azure-port.js';
import { createLimiter } from '../core/concurrency.js';
import { printable } from '../core/printable.js';
import type { DatabaseAddress } from '../core/address.js';
import type { ClusterFacts, DenyRule, PrerequisitePort, RoleGrant, SourceResource } from '../core/ports/prerequisite-port.js';
import type { ConnectionBody } from '../core/model.js';
import { mappingKindsOf } from '../plan/mapping-kinds.js';
import type { Plan } from '../plan/model.js';
import { type ConnectionPrerequisites, PREREQUISITE_CODES as C, type PrerequisiteCheck, type PrerequisiteCode } from '../plan/prerequisites.js';
import { type AccessRequirement, REQUIRED_ACCESS } from '../plan/rules/required-access.js';
import { type AccessVerdict, accessVerdict } from '../plan/rules/access-verdict.js';
import { assertNever } from '../core/assert-never.js';

/** A connection to check: where it lives and what it will be. */
export interface CheckTarget {
  readonly address: string;
  readonly database: DatabaseAddress;
  readonly body: ConnectionBody;
  /** The ingestion watch's own start for this connection (else the watch's), and why, for people. */
  readonly watchFrom?: { readonly at: string; readonly why: string };
}

/** The writes of a plan, as targets: deletes need nothing. */
export function planTargets(plan: Plan): CheckTarget[] {
  return plan.changes.flatMap((c) => (c.action === 'delete' ? [] : [{ address: c.address, database: c.target, body: c.after }]));
}

export async function checkPrerequisites(plan: Plan, port: PrerequisitePort, signal?: AbortSignal): Promise<ConnectionPrerequisites[]> {
  return checkTargets(planTargets(plan), port, signal);
}

export async function checkTargets(targets: readonly CheckTarget[], port: PrerequisitePort, signal?: AbortSignal): Promise<ConnectionPrerequisites[]> {
  const ask = askingOnce(port, signal);
  const limiter = createLimiter(4);
  return Promise.all(targets.map((t) => limiter.run(async () => ({ address: t.address, checks: await checksOf(t, ask) }))));
}

/** The port's questions, each asked once per plan however many connections need the answer. */
function askingOnce(port: PrerequisitePort, signal?: AbortSignal) {
  const memo = new Map<string, Promise<unknown>>();
  function once<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = memo.get(key) as Promise<T> | undefined;
    if (p === undefined) {
      p = run();
      // Kept rejected on purpose: every connection asking the same sees the same failure.
      p.catch(() => undefined);
      memo.set(key, p);
    }
    return p;
  }
  return {
    cluster: (db: DatabaseAddress) => once(`cluster:${db.subscriptionId}/${db.resourceGroup}/${db.cluster}`.toLowerCase(), () => port.cluster(db, signal)),
    tables: (uri: string, database: string) => once(`tables:${uri}|${database}`, () => port.tables(uri, database, signal)),
    mappings: (uri: string, database: string, table: string, kind: string) =>
      once(`mappings:${uri}|${database}|${table}|${kind}`, () => port.mappings(uri, database, table, kind, signal)),
    exists: (r: SourceResource) => once(`exists:${JSON.stringify(r).toLowerCase()}`, () => port.exists(r, signal)),
    roleGrants: (scope: string, principal: string) => once(`roles:${scope.toLowerCase()}|${principal}`, () => port.roleGrants(scope, principal, signal)),
    denyRules: (scope: string) => once(`denies:${scope.toLowerCase()}`, () => port.denyRules(scope, signal)),
    cosmosRoleGrants: (account: string, principal: string) => once(`cosmos-roles:${account.toLowerCase()}|${principal}`, () => port.cosmosRoleGrants(account, principal, signal)),
  };
}

type Ask = ReturnType<typeof askingOnce>;

const text = (props: ConnectionBody['properties'], name: string): string | undefined => {
  const v = props[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const quote = (s: string): string => `'${printable(s)}'`;


function pass(code: PrerequisiteCode, subject: string): PrerequisiteCheck {
  return { code, status: 'pass', subject };
}

function fail(code: PrerequisiteCode, subject: string, message: string, hint: string): PrerequisiteCheck {
  return { code, status: 'fail', subject, message, hint };
}

/** A question that failed: could not check, with the failure and what would let it be asked. */
function unchecked(code: PrerequisiteCode, subject: string, e: unknown, needs: string): PrerequisiteCheck {
  const failure = e instanceof AzureFailure ? e : undefined;
  const message = printable(e instanceof Error ? e.message : String(e));
  const hint =
    failure?.kind === 'forbidden' || failure?.kind === 'unauthenticated'
      ? `kustodian's identity may not read this: ${needs}`
      : (failure?.details.hint ?? `run again; if it persists, check that kustodian's identity can read it (${needs})`);
  return { code, status: 'could-not-check', subject, message: `could not check: ${message}`, hint };
}

/** A resource that exists or not, as one line. */
async function existence(ask: Ask, code: PrerequisiteCode, subject: string, resource: SourceResource, missing: string, hint: string): Promise<{ check: PrerequisiteCheck; exists: boolean | undefined }> {
  try {
    const exists = await ask.exists(resource);
    return { check: exists ? pass(code, subject) : fail(code, subject, missing, hint), exists };
  } catch (e) {
    return { check: unchecked(code, subject, e, 'Reader on the resource (or its resource group)'), exists: undefined };
  }
}

async function checksOf(t: CheckTarget, ask: Ask): Promise<PrerequisiteCheck[]> {
  const checks: PrerequisiteCheck[] = [];
  let cluster: ClusterFacts | undefined;
  let clusterFailure: unknown;
  try {
    cluster = await ask.cluster(t.database);
  } catch (e) {
    clusterFailure = e;
  }
  checks.push(...(await tableChecks(t, ask, cluster, clusterFailure)));
  checks.push(...(await sourceChecks(t, ask)));
  checks.push(...(await roleChecks(t, ask, cluster, clusterFailure)));
  return checks;
}

async function tableChecks(t: CheckTarget, ask: Ask, cluster: ClusterFacts | undefined, clusterFailure: unknown): Promise<PrerequisiteCheck[]> {
  const props = t.body.properties;
  const table = text(props, 'tableName');
  // No table: each event names its own (dynamic routing); nothing to check ahead.
  if (table === undefined) return [];
  const db = t.database.database;
  const subject = `table ${quote(table)} in database ${quote(db)}`;
  if (cluster === undefined) return [unchecked(C.table, subject, clusterFailure, 'Reader on the Kusto cluster, to read its URI')];
  let tables: string[];
  try {
    tables = await ask.tables(cluster.uri, db);
  } catch (e) {
    return [unchecked(C.table, subject, e, 'a Viewer role on the database (.show tables)')];
  }
  if (!tables.includes(table)) {
    const other = tables.find((n) => n.toLowerCase() === table.toLowerCase());
    return [
      fail(
        C.table,
        subject,
        `the table does not exist${other !== undefined ? ` (there is ${quote(other)}: table names are case-sensitive)` : ''}`,
        `create it before the connection: .create table ['${printable(table)}'] (...columns...), or fix tableName`,
      ),
    ];
  }
  const checks = [pass(C.table, subject)];
  const mapping = text(props, 'mappingRuleName');
  if (mapping === undefined) return checks;
  // A Cosmos DB connection has no dataFormat: it reads JSON documents, with a JSON mapping.
  const format = text(props, 'dataFormat') ?? (t.body.kind === 'CosmosDb' ? 'JSON' : undefined);
  const mappingSubject = `mapping ${quote(mapping)} on table ${quote(table)}`;
  const kinds = format === undefined ? [] : mappingKindsOf(format);
  const kind = kinds[0];
  if (format === undefined || kind === undefined) {
    checks.push({
      code: C.mapping,
      status: 'could-not-check',
      subject: mappingSubject,
      message: format === undefined ? 'the connection sets no dataFormat: the format, and so the kind of mapping, comes with each event' : `the data format ${quote(format)} has no known mapping kind`,
      hint: 'set dataFormat on the connection to have the mapping checked',
    });
    return checks;
  }
  const kindSubject = `${mappingSubject} (${kinds.join(' or ')}, for ${format})`;
  try {
    const seen: string[] = [];
    let found = false;
    for (const k of kinds) {
      const mappings = await ask.mappings(cluster.uri, db, table, k);
      seen.push(...mappings.map((m) => quote(m.name)));
      if (mappings.some((m) => m.name === mapping)) {
        found = true;
        break;
      }
    }
    checks.push(
      found
        ? pass(C.mapping, kindSubject)
        : fail(
            C.mapping,
            kindSubject,
            `the table has no ${kinds.join(' or ')} mapping named ${quote(mapping)}${seen.length > 0 ? `; its ${kinds.join(' or ')} mappings: ${seen.join(', ')}` : ''}`,
            `create it: .create table ['${printable(table)}'] ingestion ${kind} mapping '${printable(mapping)}' '[...]', or fix mappingRuleName or dataFormat`,
          ),
    );
  } catch (e) {
    checks.push(unchecked(C.mapping, mappingSubject, e, `a Viewer role on the database (.show table ingestion ${kind} mappings)`));
  }
  return checks;
}

async function sourceChecks(t: CheckTarget, ask: Ask): Promise<PrerequisiteCheck[]> {
  const props = t.body.properties;
  switch (t.body.kind) {
    case 'EventHub':
      return eventHubChecks(props, ask);
    case 'EventGrid':
      return [...(await storageAccountChecks(props, ask)), ...(await eventHubChecks(props, ask))];
    case 'IotHub':
      return iotHubChecks(props, ask);
    case 'CosmosDb':
      return cosmosChecks(props, ask);
    default:
      return [];
  }
}

type Props = ConnectionBody['properties'];

/** The event hub, then its consumer group (when the hub was not found missing). */
async function eventHubChecks(props: Props, ask: Ask): Promise<PrerequisiteCheck[]> {
  const hub = text(props, 'eventHubResourceId');
  if (hub === undefined) return [];
  const found = await existence(ask, C.eventHub, `event hub ${quote(lastSegment(hub))}`, { type: 'event-hub', id: hub }, `the event hub ${printable(hub)} does not exist`, 'create it, or fix eventHubResourceId');
  const group = text(props, 'consumerGroup');
  if (group === undefined || found.exists === false) return [found.check];
  const cg = await existence(
    ask,
    C.consumerGroup,
    `consumer group ${quote(group)} of event hub ${quote(lastSegment(hub))}`,
    { type: 'event-hub-consumer-group', eventHubId: hub, name: group },
    'the consumer group does not exist on the event hub',
    `create it: az eventhubs eventhub consumer-group create --resource-group ${segmentAfter(hub, 'resourceGroups')} --namespace-name ${segmentAfter(hub, 'namespaces')} --eventhub-name ${lastSegment(hub)} --name ${group}, or fix consumerGroup`,
  );
  return [found.check, cg.check];
}

/** The storage account an Event Grid connection reads from. */
async function storageAccountChecks(props: Props, ask: Ask): Promise<PrerequisiteCheck[]> {
  const storage = text(props, 'storageAccountResourceId');
  if (storage === undefined) return [];
  return [(await existence(ask, C.storageAccount, `storage account ${quote(lastSegment(storage))}`, { type: 'storage-account', id: storage }, `the storage account ${printable(storage)} does not exist`, 'create it, or fix storageAccountResourceId')).check];
}

/** The IoT hub, then (when it was not found missing) its consumer group and shared access policy. */
async function iotHubChecks(props: Props, ask: Ask): Promise<PrerequisiteCheck[]> {
  const hub = text(props, 'iotHubResourceId');
  if (hub === undefined) return [];
  const checks: PrerequisiteCheck[] = [];
  const found = await existence(ask, C.iotHub, `IoT hub ${quote(lastSegment(hub))}`, { type: 'iot-hub', id: hub }, `the IoT hub ${printable(hub)} does not exist`, 'create it, or fix iotHubResourceId');
  checks.push(found.check);
  if (found.exists === false) return checks;
  const rg = segmentAfter(hub, 'resourceGroups');
  const group = text(props, 'consumerGroup');
  if (group !== undefined) {
    checks.push(
      (
        await existence(
          ask,
          C.iotHubConsumerGroup,
          `consumer group ${quote(group)} of IoT hub ${quote(lastSegment(hub))}`,
          { type: 'iot-hub-consumer-group', iotHubId: hub, name: group },
          "the consumer group does not exist on the IoT hub's built-in events endpoint",
          `create it: az iot hub consumer-group create --resource-group ${rg} --hub-name ${lastSegment(hub)} --name ${group}, or fix consumerGroup`,
        )
      ).check,
    );
  }
  const policy = text(props, 'sharedAccessPolicyName');
  if (policy !== undefined) {
    checks.push(
      (
        await existence(
          ask,
          C.sharedAccessPolicy,
          `shared access policy ${quote(policy)} of IoT hub ${quote(lastSegment(hub))}`,
          { type: 'iot-hub-policy', iotHubId: hub, name: policy },
          'the IoT hub has no shared access policy of that name',
          `create it with the Service connect right (az iot hub policy create --resource-group ${rg} --hub-name ${lastSegment(hub)} --name ${policy} --permissions ServiceConnect), or fix sharedAccessPolicyName`,
        )
      ).check,
    );
  }
  return checks;
}

/** The Cosmos DB account, then its database, then its container, each only when the one above was not found missing. */
async function cosmosChecks(props: Props, ask: Ask): Promise<PrerequisiteCheck[]> {
  const account = text(props, 'cosmosDbAccountResourceId');
  if (account === undefined) return [];
  const checks: PrerequisiteCheck[] = [];
  const found = await existence(ask, C.cosmosAccount, `Cosmos DB account ${quote(lastSegment(account))}`, { type: 'cosmos-account', id: account }, `the Cosmos DB account ${printable(account)} does not exist`, 'create it, or fix cosmosDbAccountResourceId');
  checks.push(found.check);
  const database = text(props, 'cosmosDbDatabase');
  if (found.exists === false || database === undefined) return checks;
  const rg = segmentAfter(account, 'resourceGroups');
  const dbFound = await existence(
    ask,
    C.cosmosDatabase,
    `Cosmos DB database ${quote(database)}`,
    { type: 'cosmos-database', accountId: account, name: database },
    'the database does not exist in the account',
    `create it (az cosmosdb sql database create --resource-group ${rg} --account-name ${lastSegment(account)} --name ${database}), or fix cosmosDbDatabase`,
  );
  checks.push(dbFound.check);
  const container = text(props, 'cosmosDbContainer');
  if (dbFound.exists === false || container === undefined) return checks;
  checks.push(
    (
      await existence(
        ask,
        C.cosmosContainer,
        `Cosmos DB container ${quote(container)} of database ${quote(database)}`,
        { type: 'cosmos-container', accountId: account, database, name: container },
        'the container does not exist in the database',
        `create it (az cosmosdb sql container create --resource-group ${rg} --account-name ${lastSegment(account)} --database-name ${database} --name ${container} --partition-key-path /id), or fix cosmosDbContainer`,
      )
    ).check,
  );
  return checks;
}

/** Whether a managed identity resource ID names the cluster itself (its system-assigned identity). */
function isClusterId(identity: string, db: DatabaseAddress): boolean {
  const clusterPath = `/subscriptions/${db.subscriptionId}/resourceGroups/${db.resourceGroup}/providers/Microsoft.Kusto/clusters/${db.cluster}`;
  return identity.replace(/\/+$/, '').toLowerCase() === clusterPath.toLowerCase();
}

async function roleChecks(t: CheckTarget, ask: Ask, cluster: ClusterFacts | undefined, clusterFailure: unknown): Promise<PrerequisiteCheck[]> {
  const props = t.body.properties;
  const requirements = REQUIRED_ACCESS[t.body.kind] ?? [];
  const identity = text(props, 'managedIdentityResourceId');
  // Without a managed identity the connection reads with the source's keys: no role to hold.
  if (requirements.length === 0 || identity === undefined) return [];
  const system = isClusterId(identity, t.database);
  const who = system ? `the cluster's system-assigned identity` : `the user-assigned identity ${quote(lastSegment(identity))}`;
  if (cluster === undefined) {
    return requirements.map((r) => unchecked(C.role, `${who} holds ${r.role} (or a role with its data actions) on ${r.property}`, clusterFailure, 'Reader on the Kusto cluster, to read its identities'));
  }
  const principal = system ? cluster.systemPrincipalId : cluster.userAssigned[identity.replace(/\/+$/, '').toLowerCase()];
  if (principal === undefined) {
    return [
      fail(
        C.identity,
        `${who} of cluster ${quote(t.database.cluster)}`,
        system ? 'the cluster has no system-assigned identity' : 'the identity is not assigned to the cluster',
        system
          ? `turn it on: az kusto cluster identity assign --resource-group ${t.database.resourceGroup} --cluster-name ${t.database.cluster} --identities [system]`
          : `assign it to the cluster: az kusto cluster identity assign --resource-group ${t.database.resourceGroup} --cluster-name ${t.database.cluster} --identities ${printable(identity)}, or fix managedIdentityResourceId`,
      ),
    ];
  }
  const checks: PrerequisiteCheck[] = [];
  for (const r of requirements) {
    const resource = text(props, r.property);
    if (resource === undefined) continue;
    const database = text(props, 'cosmosDbDatabase');
    const container = text(props, 'cosmosDbContainer');
    // Cosmos DB's own RBAC scopes reach into the account: /dbs/{database}/colls/{container}.
    const covered = r.system === 'cosmos' && database !== undefined && container !== undefined ? `${resource}/dbs/${database}/colls/${container}` : resource;
    const subject = `${who} (principal ${principal}) may ${r.dataActions.join(', ')} on ${quote(lastSegment(resource))}`;
    checks.push(await roleCheck({ requirement: r, resource, covered, principal, subject }, ask));
  }
  return checks;
}

/** One required access of a connection: the resource, the scope the grant must cover, who, and the line's subject. */
interface RoleQuestion {
  readonly requirement: AccessRequirement;
  readonly resource: string;
  readonly covered: string;
  readonly principal: string;
  readonly subject: string;
}

/** The role assignments and (for Azure RBAC) deny assignments of the source, then the verdict as one line. */
async function roleCheck(q: RoleQuestion, ask: Ask): Promise<PrerequisiteCheck> {
  const { requirement: r, subject } = q;
  let grants: RoleGrant[];
  try {
    grants = r.system === 'azure' ? await ask.roleGrants(q.resource, q.principal) : await ask.cosmosRoleGrants(q.resource, q.principal);
  } catch (e) {
    const needs = r.system === 'azure' ? 'Microsoft.Authorization/roleAssignments/read and roleDefinitions/read on the source' : 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read and sqlRoleDefinitions/read on the account';
    return unchecked(C.role, subject, e, needs);
  }
  let denies: DenyRule[] = [];
  let denyFailure: unknown;
  if (r.system === 'azure') {
    try {
      denies = await ask.denyRules(q.resource);
    } catch (e) {
      denyFailure = e;
    }
  }
  const verdict = accessVerdict(grants, denies, q.principal, q.covered, r.dataActions);
  if (verdict.kind === 'granted' && denyFailure !== undefined) return unchecked(C.denied, subject, denyFailure, 'Microsoft.Authorization/denyAssignments/read on the source (Reader has it)');
  return verdictCheck(q, verdict);
}

function grantHint(q: RoleQuestion): string {
  const { requirement: r, resource, principal } = q;
  return r.system === 'azure'
    ? `assign it "${r.role}" on the source or above: az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role "${r.role}" --scope ${printable(resource)}`
    : `assign it the "${r.role}" Cosmos DB role: az cosmosdb sql role assignment create --resource-group ${segmentAfter(resource, 'resourceGroups')} --account-name ${lastSegment(resource)} --role-definition-id 00000000-0000-0000-0000-000000000001 --principal-id ${principal} --scope "/"`;
}

/** How a grant that may apply reads: `group G's assignment of R at S` or `the assignment of R at S, under a condition`. */
function describeGrant(g: RoleGrant): string {
  const what = `${quote(g.roleName)} at ${printable(g.scope)}`;
  const holder = g.holder !== undefined ? `${g.holder.principalType.toLowerCase() === 'group' ? 'group' : printable(g.holder.principalType)} ${printable(g.holder.principalId)}'s assignment of ${what}` : `its assignment of ${what}`;
  return g.condition !== undefined ? `${holder}, under a condition (${printable(g.condition)})` : holder;
}

function verdictCheck(q: RoleQuestion, verdict: AccessVerdict): PrerequisiteCheck {
  const { subject, principal } = q;
  switch (verdict.kind) {
    case 'granted':
      return pass(C.role, subject);
    case 'missing':
      return fail(C.role, subject, `no role assignment at the source's scope or above grants ${verdict.actions.join(', ')}`, grantHint(q));
    case 'denied':
      return fail(
        C.denied,
        subject,
        `the deny assignment ${quote(verdict.deny.name)} at ${printable(verdict.deny.scope)} denies ${verdict.actions.join(', ')} to ${verdict.everyone ? 'everyone' : 'the identity'} (deny assignments win over any role)`,
        `a deny assignment is made by what protects the scope (a deployment stack, a managed application, Azure Blueprints) and cannot be removed directly: exclude principal ${principal} there (e.g. az stack group create ... --deny-settings-excluded-principals ${principal}), or read from a source outside its scope; see it with Get-AzDenyAssignment -Scope ${printable(verdict.deny.scope)}`,
      );
    case 'unproven': {
      const groups = [...new Set(verdict.through.filter((g) => g.holder !== undefined).map((g) => printable(g.holder?.principalId ?? '')))];
      const hints = [
        ...(groups.length > 0 ? [`check that principal ${principal} is a member: ${groups.map((g) => `az ad group member check --group ${g} --member-id ${principal}`).join('; ')}`] : []),
        ...(verdict.through.some((g) => g.condition !== undefined) ? ['check that the condition allows this source'] : []),
        `or ${grantHint(q)} (no group, no condition)`,
      ];
      return {
        code: C.role,
        status: 'could-not-check',
        subject,
        message: `only ${verdict.through.map(describeGrant).join('; ')} may grant ${verdict.actions.join(', ')}: ${groups.length > 0 ? 'the role assignment list does not say whether the identity is a member of the group (Microsoft Graph does)' : 'a condition is evaluated per request, not ahead'}`,
        hint: hints.join('; '),
      };
    }
    case 'maybe-denied':
      return {
        code: C.denied,
        status: 'could-not-check',
        subject,
        message: `a role grants it, but the deny assignment ${quote(verdict.deny.name)} at ${printable(verdict.deny.scope)} may apply: ${verdict.why}`,
        hint: `check whether it applies to principal ${principal}: Get-AzDenyAssignment -Scope ${printable(verdict.deny.scope)}`,
      };
    default:
      return assertNever(verdict, 'access verdict');
  }
}

function lastSegment(id: string): string {
  return printable(id.replace(/\/+$/, '').split('/').pop() ?? id);
}

function segmentAfter(id: string, keyword: string): string {
  const segs = id.split('/');
  const i = segs.findIndex((s) => s.toLowerCase() === keyword.toLowerCase());
  return printable(i >= 0 ? (segs[i + 1] ?? '?') : '?');
}
