/**
 * Credentials. `default` is DefaultAzureCredential: AZURE_TENANT_ID/AZURE_CLIENT_ID/
 * AZURE_CLIENT_SECRET, workload identity (AZURE_FEDERATED_TOKEN_FILE: GitHub Actions OIDC,
 * AKS), managed identity, then the Azure CLI login. `emulator` sends a fixed token that only a
 * local emulator accepts, so no real token is ever sent to it.
 */
import {
  type TokenCredential,
  AzureCliCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import { assertNever } from '../core/assert-never.js';
import { CLOUDS, type CloudName } from './clouds.js';
import type { CredentialKind } from './settings.js';

export const EMULATOR_TOKEN = 'kustodian-emulator-token';

export function emulatorCredential(): TokenCredential {
  return {
    getToken: async () => ({ token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

export function createCredential(kind: CredentialKind, cloud: CloudName): TokenCredential {
  const authorityHost = CLOUDS[cloud].authorityHost;
  switch (kind) {
    case 'default':
      return new DefaultAzureCredential({ authorityHost });
    case 'environment':
      return new EnvironmentCredential({ authorityHost });
    case 'workload-identity':
      return new WorkloadIdentityCredential({ authorityHost });
    case 'managed-identity':
      return process.env['AZURE_CLIENT_ID']
        ? new ManagedIdentityCredential({ clientId: process.env['AZURE_CLIENT_ID'] })
        : new ManagedIdentityCredential();
    case 'cli':
      return new AzureCliCredential();
    case 'emulator':
      return emulatorCredential();
    default:
      return assertNever(kind, 'credential kind');
  }
}
