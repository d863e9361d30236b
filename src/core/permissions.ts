/**
 * The Azure RBAC actions kustodian's calls need, in one place: docs/azure.md's Permissions
 * table lists them, and a 403 names the one that was missing.
 */
export const AZURE_ACTIONS = {
  /** List the data connections of a database (plan, apply, the staleness check of a saved plan). */
  read: 'Microsoft.Kusto/clusters/databases/dataConnections/read',
  /** Create, update, and the create half of a replacement (PUT). */
  write: 'Microsoft.Kusto/clusters/databases/dataConnections/write',
  /** Delete, and the delete half of a replacement. */
  delete: 'Microsoft.Kusto/clusters/databases/dataConnections/delete',
  /** `plan --validate-remote`. */
  validate: 'Microsoft.Kusto/clusters/databases/dataConnectionValidation/action',
  /** Following a long-running operation (its status URL lives under the subscription). */
  operationStatus: 'Microsoft.Kusto/locations/operationResults/read',
} as const;

export type AzureAction = (typeof AZURE_ACTIONS)[keyof typeof AZURE_ACTIONS];
