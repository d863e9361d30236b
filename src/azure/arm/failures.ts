/**
 * Turns whatever the SDK throws into an AzureFailure: a category for the retry rules, the
 * service's own code and message, secrets redacted, and for a 403 the permission it needed.
 */
import { AzureFailure, type AzureFailureKind } from '../../core/ports/azure-port.js';
import { AZURE_ACTIONS, type AzureAction } from '../../core/permissions.js';
import { printable } from '../../core/printable.js';
import { redact as redactWith } from '../../core/redact.js';
import { QUOTA_RESETS_AFTER_HEADER, parseTimeSpan } from '../graph/quota.js';

/**
 * Service messages can echo what was sent: strip secrets, the environment's included, and
 * characters that would act on a terminal or forge a log line.
 */
const redact = (text: string): string => printable(redactWith(text, process.env));

interface RestErrorLike {
  readonly name: string;
  readonly message: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: { readonly headers?: { get(name: string): string | undefined } };
}

/** The RBAC action a refused request needed, told by its method and path. */
export function requiredActionOf(request: { readonly method?: string; readonly url?: string } | undefined): AzureAction | undefined {
  if (request?.url === undefined) return undefined;
  const path = request.url.split('?')[0]?.toLowerCase() ?? '';
  const method = (request.method ?? 'GET').toUpperCase();
  if (path.includes('/operationresults/')) return AZURE_ACTIONS.operationStatus;
  if (path.endsWith('/dataconnectionvalidation')) return AZURE_ACTIONS.validate;
  if (!path.includes('/dataconnections')) return undefined;
  if (method === 'GET') return AZURE_ACTIONS.read;
  if (method === 'DELETE') return AZURE_ACTIONS.delete;
  return AZURE_ACTIONS.write;
}

function isRestErrorLike(e: unknown): e is RestErrorLike {
  return e instanceof Error && e.name === 'RestError';
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET']);

function kindOfStatus(status: number): AzureFailureKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 503) return 'server';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad-request';
  return 'unknown';
}

/** The service's error message: ARM's `{error:{code,message}}` body, when the SDK kept it. */
function serviceMessage(e: RestErrorLike): string {
  return e.message.split('\n')[0] ?? e.message;
}

/** Node's and OpenSSL's codes of a TLS handshake that failed: a certificate not trusted, a wrong host, no TLS at all. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_TLS|^ERR_SSL|^EPROTO$|HOSTNAME_MISMATCH/;

/** Codes of a connection that a running endpoint would have accepted. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN']);

const WAIT_LONGER = 'to wait longer for it on purpose, raise --request-timeout and --max-retries';

function hostOf(url: string | undefined): string {
  try {
    return url !== undefined ? new URL(url).host : 'the endpoint';
  } catch {
    return 'the endpoint';
  }
}

/**
 * A request that got no answer: what failed, at which host, and what to check. Certificate
 * errors and names that do not resolve were not retried; the others were, within the limits.
 */
function connectionFailure(error: RestErrorLike): AzureFailure {
  const host = printable(hostOf(error.request?.url));
  const code = error.code;
  const details = { ...(code !== undefined ? { code } : {}) };
  const first = printable(error.message.split('\n')[0] ?? '');
  if (code === 'ENOTFOUND') {
    return new AzureFailure('network', `the host ${host} was not found: the name does not resolve`, {
      ...details,
      hint: 'check the host in --endpoint (KUSTODIAN_ENDPOINT), or --cloud; a name that does not resolve is not retried',
    });
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    return new AzureFailure('network', redact(`the TLS connection to ${host} failed: ${first}`), {
      ...details,
      hint: `check --ca-file (KUSTODIAN_CA_FILE): it must hold the CA that signed the certificate of ${host}, and --endpoint must name a host that certificate is for; certificate errors are not retried`,
    });
  }
  if (code === 'ECONNREFUSED') {
    return new AzureFailure('network', `${host} refused the connection`, {
      ...details,
      hint: `check that --endpoint (KUSTODIAN_ENDPOINT) names the right host and port and that it is running; ${WAIT_LONGER}`,
    });
  }
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new AzureFailure('network', redact(`${host} could not be reached: ${first}`), {
      ...details,
      hint: `check the network and --endpoint (KUSTODIAN_ENDPOINT); ${WAIT_LONGER}`,
    });
  }
  return new AzureFailure('network', redact(`the request to ${host} did not get an answer: ${first}`), {
    ...details,
    hint: `check the network, --endpoint and --ca-file, then run again; ${WAIT_LONGER}`,
  });
}

/** What @azure/identity throws when no credential works (none configured, or login refused). */
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError', 'AuthenticationRequiredError']);

const LRO_FAILED = /^The long-running operation has failed(?:\. ([^.\s]+)\. ([\s\S]*))?$/;

export function toAzureFailure(error: unknown): AzureFailure {
  if (error instanceof AzureFailure) return error;
  if (error instanceof Error && error.name === 'AbortError') return new AzureFailure('aborted', 'the operation was cancelled');
  if (isRestErrorLike(error)) {
    const status = error.statusCode;
    const retryAfter = error.response?.headers?.get('retry-after');
    // Resource Graph's 429 says when its quota resets instead of Retry-After.
    const quotaReset = status === 429 ? parseTimeSpan(error.response?.headers?.get(QUOTA_RESETS_AFTER_HEADER)) : undefined;
    const retryAfterMs = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : quotaReset;
    if (status === undefined) return connectionFailure(error);
    const requiredAction = status === 403 ? requiredActionOf(error.request) : undefined;
    return new AzureFailure(kindOfStatus(status), redact(serviceMessage(error)), {
      status,
      ...(error.code !== undefined ? { code: error.code } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(requiredAction !== undefined ? { requiredAction } : {}),
    });
  }
  if (error instanceof Error && CREDENTIAL_ERRORS.has(error.name)) {
    return new AzureFailure('unauthenticated', redact(`no credential could get a token: ${error.message.split('\n')[0] ?? ''}`));
  }
  if (error instanceof Error) {
    const lro = LRO_FAILED.exec(error.message);
    if (lro) {
      return new AzureFailure('operation-failed', redact(lro[2] ?? error.message), lro[1] !== undefined ? { code: lro[1] } : {});
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      return new AzureFailure('network', redact(`the connection failed: ${error.message}`), { code });
    }
    return new AzureFailure('unknown', redact(error.message));
  }
  return new AzureFailure('unknown', redact(String(error)));
}
