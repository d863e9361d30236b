/**
 * Credentials. `default` is DefaultAzureCredential: AZURE_TENANT_ID/AZURE_CLIENT_ID/
 * AZURE_CLIENT_SECRET, workload identity (AZURE_FEDERATED_TOKEN_FILE: GitHub Actions OIDC,
 * AKS), managed identity, then the Azure CLI login. `emulator` sends a fixed token that only a
 * local emulator accepts, so no real token is ever sent to it.
 *
 * @azure/identity is loaded on the first token request, not at start: it takes about 0.4 s to
 * load, which every command (validate, --emulator runs, --help) would otherwise pay.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { assertNever } from '../../core/assert-never.js';
import { CLOUDS, type CloudName } from '../clouds.js';
import type { CredentialKind } from '../settings.js';

export const EMULATOR_TOKEN = 'kustodian-emulator-token';

export function emulatorCredential(): TokenCredential {
  return {
    getToken: async () => ({ token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

async function loadCredential(kind: Exclude<CredentialKind, 'emulator'>, cloud: CloudName): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const authorityHost = CLOUDS[cloud].authorityHost;
  switch (kind) {
    case 'default':
      return new identity.DefaultAzureCredential({ authorityHost });
    case 'environment':
      return new identity.EnvironmentCredential({ authorityHost });
    case 'workload-identity':
      return new identity.WorkloadIdentityCredential({ authorityHost });
    case 'managed-identity':
      return process.env['AZURE_CLIENT_ID']
        ? new identity.ManagedIdentityCredential({ clientId: process.env['AZURE_CLIENT_ID'] })
        : new identity.ManagedIdentityCredential();
    case 'cli':
      return new identity.AzureCliCredential();
    default:
      return assertNever(kind, 'credential kind');
  }
}

/** A token is used again until this long before it expires. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * The credential of a kind, loaded on first use. A token is kept per scope and shared: the
 * up-front check's token serves the first requests, and concurrent clients do not each run
 * the credential (or DefaultAzureCredential's whole chain).
 */
export function createCredential(kind: CredentialKind, cloud: CloudName): TokenCredential {
  if (kind === 'emulator') return emulatorCredential();
  let loaded: Promise<TokenCredential> | undefined;
  const tokens = new Map<string, Promise<AccessToken | null>>();
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = [scopes].flat().join(' ');
      const cached = options?.claims === undefined ? tokens.get(key) : undefined;
      if (cached !== undefined) {
        const token = await cached.catch(() => null);
        if (token !== null && token.expiresOnTimestamp - REFRESH_BEFORE_MS > Date.now()) return token;
      }
      loaded ??= loadCredential(kind, cloud);
      const fresh = loaded.then((c) => c.getToken(scopes, options));
      tokens.set(key, fresh);
      // A failure is not kept: the next request asks again.
      fresh.catch(() => {
        if (tokens.get(key) === fresh) tokens.delete(key);
      });
      return fresh;
    },
  };
}
