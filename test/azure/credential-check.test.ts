/** The up-front credential check: one token within a bounded time, or one failure that says what to set. */
import type { TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { checkCredential } from '../../src/azure/identity/credential-check.js';
import { failureOf } from '../support/failure.js';

const SCOPE = 'https://management.azure.com/.default';

function named(name: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

describe('checkCredential', () => {
  it('passes when a token comes', async () => {
    await checkCredential({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) }, 'cli', SCOPE, 1_000);
  });

  it('a credential that never answers fails at the timeout, naming the kind and what to set', async () => {
    let aborted = false;
    const hangs: TokenCredential = {
      getToken: (_scopes, options) =>
        new Promise(() => {
          options?.abortSignal?.addEventListener('abort', () => (aborted = true));
        }),
    };
    const f = await failureOf(checkCredential(hangs, 'managed-identity', SCOPE, 50));
    expect(f.kind).toBe('unauthenticated');
    expect(f.message).toBe(`credential 'managed-identity' got no token for ${SCOPE} within 0 s (--request-timeout)`);
    expect(f.details.hint).toMatch(/managed identity/);
    expect(aborted).toBe(true);
  });

  it('names each link of a chain that failed, as the library reports them', async () => {
    const chain = named('AggregateAuthenticationError', 'ChainedTokenCredential authentication failed.', {
      errors: [named('CredentialUnavailableError', 'EnvironmentCredential is unavailable.\nmore'), named('CredentialUnavailableError', 'Azure CLI could not be found.')],
    });
    const f = await failureOf(checkCredential({ getToken: () => Promise.reject(chain) }, 'default', SCOPE, 1_000));
    expect(f.message).toBe(
      `credential 'default' could not get a token for ${SCOPE}: CredentialUnavailableError: EnvironmentCredential is unavailable.; CredentialUnavailableError: Azure CLI could not be found.`,
    );
    expect(f.details.hint).toMatch(/--credential to skip the probes/);
  });

  it('a null token is a failure too', async () => {
    const f = await failureOf(checkCredential({ getToken: async () => null }, 'environment', SCOPE, 1_000));
    expect(f.message).toMatch(/answered no token/);
    expect(f.details.hint).toMatch(/AZURE_CLIENT_SECRET/);
  });
});
