/**
 * Addresses of databases and data connections. Azure compares resource names
 * case-insensitively, so every lookup goes through the `*Key` functions.
 */

export interface DatabaseAddress {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly database: string;
}

export interface ConnectionAddress extends DatabaseAddress {
  readonly name: string;
}

/** `subscription/resourceGroup/cluster/database`, as written by the user. */
export function formatDatabaseAddress(a: DatabaseAddress): string {
  return `${a.subscriptionId}/${a.resourceGroup}/${a.cluster}/${a.database}`;
}

/** `subscription/resourceGroup/cluster/database/name`: the address shown in plans and errors. */
export function formatConnectionAddress(a: ConnectionAddress): string {
  return `${formatDatabaseAddress(a)}/${a.name}`;
}

/** Case-insensitive identity of a database. */
export function databaseKey(a: DatabaseAddress): string {
  return formatDatabaseAddress(a).toLowerCase();
}

/** Case-insensitive identity of a data connection. */
export function connectionKey(a: ConnectionAddress): string {
  return formatConnectionAddress(a).toLowerCase();
}

export function databaseOf(a: ConnectionAddress): DatabaseAddress {
  return {
    subscriptionId: a.subscriptionId,
    resourceGroup: a.resourceGroup,
    cluster: a.cluster,
    database: a.database,
  };
}

/** The ARM resource ID of a database, in the casing clients send. */
export function databaseResourceId(a: DatabaseAddress): string {
  return (
    `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}` +
    `/providers/Microsoft.Kusto/clusters/${a.cluster}/databases/${a.database}`
  );
}

/** The ARM resource ID of a data connection, in the casing clients send. */
export function connectionResourceId(a: ConnectionAddress): string {
  return `${databaseResourceId(a)}/dataConnections/${a.name}`;
}
