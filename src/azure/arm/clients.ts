/**
 * The ARM clients of each subscription, made on first use, every one with the same pipeline:
 * the credential (with ARM's claims challenges), the one retry policy, pacing, the debug log.
 *
 * - `plain`: core-client's ServiceClient, for the requests kustodian writes itself (list, read,
 *   create and delete data connections; their bodies are ARM's JSON, read by convert.ts).
 * - `kusto`: @azure/arm-kusto's KustoManagementClient, for the inventory walk and the service's
 *   validation. The SDK is required on its first use: compiling its 400 kB (and @azure/core-lro
 *   under it) took about a tenth of a `plan` of 100 connections, which never uses it.
 *
 * Both are required, not imported: they are CommonJS, and the SDK has no `"type"` in its
 * package.json, so an import would first parse it as an ES module and then lex it for exports.
 */
import { createRequire } from 'node:module';
import type * as ArmKusto from '@azure/arm-kusto';
import type * as CoreClient from '@azure/core-client';
import type { TokenCredential } from '@azure/identity';
import { bearerTokenAuthenticationPolicy, type Pipeline, removeFormDataPolicy } from '../pipeline/rest-pipeline.js';
import type { AzureSettings } from '../settings.js';

const load = createRequire(import.meta.url);
const coreClient = load('@azure/core-client') as typeof CoreClient;
let armKusto: typeof ArmKusto | undefined;

/** The Microsoft.Kusto api-version @azure/arm-kusto calls when none is given (its KustoManagementClient's default). */
export const SDK_DEFAULT_API_VERSION = '2023-08-15';

export type KustoManagementClient = ArmKusto.KustoManagementClient;
export type PlainClient = CoreClient.ServiceClient;

export interface ClientSetup {
  readonly settings: AzureSettings;
  readonly credential: TokenCredential;
  readonly endpoint: string;
  /** Puts kustodian's own policies (retry, pacing, debug log) into a new client's pipeline. */
  readonly configure: (pipeline: Pipeline, subscriptionId: string) => void;
}

export class SubscriptionClients {
  private readonly plains = new Map<string, PlainClient>();
  private readonly kustos = new Map<string, KustoManagementClient>();

  constructor(private readonly setup: ClientSetup) {}

  /** The api-version the clients call: --api-version, or the SDK's default. */
  get apiVersion(): string {
    return this.setup.settings.apiVersion ?? SDK_DEFAULT_API_VERSION;
  }

  plain(subscriptionId: string): PlainClient {
    let c = this.plains.get(subscriptionId);
    if (c === undefined) {
      const { settings, credential, endpoint } = this.setup;
      c = new coreClient.ServiceClient({
        endpoint,
        requestContentType: 'application/json; charset=utf-8',
        userAgentOptions: { userAgentPrefix: 'kustodian' },
        ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
      });
      // As KustoManagementClient signs its requests: ARM's scope, and claims challenges answered.
      c.pipeline.addPolicy(
        bearerTokenAuthenticationPolicy({
          credential,
          scopes: `${endpoint}/.default`,
          challengeCallbacks: { authorizeRequestOnChallenge: coreClient.authorizeRequestOnClaimChallenge },
        }),
      );
      this.configure(c.pipeline, subscriptionId);
      this.plains.set(subscriptionId, c);
    }
    return c;
  }

  kusto(subscriptionId: string): KustoManagementClient {
    let c = this.kustos.get(subscriptionId);
    if (c === undefined) {
      const { settings, credential, endpoint } = this.setup;
      armKusto ??= load('@azure/arm-kusto') as typeof ArmKusto;
      c = new armKusto.KustoManagementClient(credential, subscriptionId, {
        endpoint,
        userAgentOptions: { userAgentPrefix: 'kustodian' },
        ...(settings.ca !== undefined ? { tlsOptions: { ca: settings.ca } } : {}),
        apiVersion: this.apiVersion,
      });
      this.configure(c.pipeline, subscriptionId);
      this.kustos.set(subscriptionId, c);
    }
    return c;
  }

  private configure(pipeline: Pipeline, subscriptionId: string): void {
    // kustodian sends JSON only (see removeFormDataPolicy).
    removeFormDataPolicy(pipeline);
    this.setup.configure(pipeline, subscriptionId);
  }
}
