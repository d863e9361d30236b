/**
 * The credential, checked once before anything is read: one token for the ARM scope within a
 * bounded time. A credential that cannot get one is a single clear failure naming the kind
 * that was tried (each link of DefaultAzureCredential's chain, as @azure/identity reports them)
 * and what to set, instead of one per request after the chain's slow probes.
 */
import type { TokenCredential } from '@azure/identity';
import { AzureFailure } from '../../core/ports/azure-port.js';
import { printable } from '../../core/printable.js';
import { redact } from '../../core/redact.js';
import type { CredentialKind } from '../settings.js';

const TO_SET: Readonly<Record<CredentialKind, string>> = {
  default:
    'set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE for workload identity), run where a managed identity is, or log in with `az login`; name the one you mean with --credential to skip the probes of the others',
  environment: 'set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)',
  'workload-identity': 'set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE (GitHub Actions: `permissions: id-token: write`; AKS: the workload identity webhook sets them)',
  'managed-identity': 'run on an Azure host that has a managed identity (AZURE_CLIENT_ID names a user-assigned one), and grant it a role on the clusters',
  cli: 'log in with `az login` (and `az account set --subscription ...`)',
  emulator: 'the emulator credential only works with a kustodian emulator (--emulator, or --endpoint of a running one)',
};

/** Each line of what the credential said: the chain's links one by one. */
function reasons(e: unknown): string[] {
  if (!(e instanceof Error)) return [String(e)];
  const links = (e as { errors?: unknown }).errors;
  if (Array.isArray(links) && links.length > 0) {
    return links.map((l) => (l instanceof Error ? `${l.name}: ${l.message.split('\n')[0] ?? ''}` : String(l)));
  }
  return [`${e.name}: ${e.message.split('\n')[0] ?? ''}`];
}

export function credentialFailure(kind: CredentialKind, what: string): AzureFailure {
  return new AzureFailure('unauthenticated', printable(redact(what, process.env)), { hint: TO_SET[kind] });
}

/** Gets one token for `scope` within `timeoutMs`, or throws an AzureFailure `unauthenticated`. */
export async function checkCredential(credential: TokenCredential, kind: CredentialKind, scope: string, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const seconds = Math.round(timeoutMs / 1000);
  try {
    const token = await Promise.race([credential.getToken(scope, { abortSignal: controller.signal }), timedOut]);
    if (token === 'timeout') throw credentialFailure(kind, `credential '${kind}' got no token for ${scope} within ${seconds} s (--request-timeout)`);
    if (token === null) throw credentialFailure(kind, `credential '${kind}' answered no token for ${scope}`);
  } catch (e) {
    if (e instanceof AzureFailure) throw e;
    throw credentialFailure(kind, `credential '${kind}' could not get a token for ${scope}: ${reasons(e).join('; ')}`);
  } finally {
    clearTimeout(timer);
  }
}
