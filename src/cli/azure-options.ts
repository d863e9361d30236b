/**
 * The options every command that talks to Azure shares, and turning them into an AzurePort.
 * Each option also reads an environment variable, so CI can set them once.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { AzurePort, GraphPort, InventoryPort } from '../core/azure-port.js';
import type { PrerequisitePort } from '../core/prerequisite-port.js';
import { type CloudName, CLOUDS, isCloudName } from '../azure/clouds.js';
import { CREDENTIAL_KINDS, type CredentialKind, DEFAULT_SETTINGS, type AzureSettings } from '../azure/settings.js';
import { AzureFailure } from '../core/azure-port.js';
import { AZURE_CODES } from '../workflow/codes.js';
import { DiagnosticError } from './diagnostic-error.js';
import { parseDuration } from './duration.js';
import type { CliIO } from './io.js';
import { shellWord } from './shell-word.js';
import type { LogFormat } from './progress.js';
import { retryNoticePrinter } from './retry-notices.js';
import { UsageError } from './usage-error.js';

export interface AzureOptionValues {
  readonly emulator?: boolean;
  readonly emulatorState?: string;
  readonly emulatorSeed?: string;
  readonly endpoint?: string;
  readonly caFile?: string;
  readonly cloud: string;
  readonly credential?: string;
  readonly apiVersion?: string;
  readonly concurrency: string;
  readonly pollInterval?: string;
  readonly operationTimeout: string;
  readonly armRateFactor: string;
  readonly requestTimeout: string;
  readonly maxRetries: string;
}

/** The connection options, in the order `--help` lists them. */
function azureOptions(): Option[] {
  return [
    new Option('--emulator', 'run against the embedded Azure emulator (state in .kustodian/), no Azure account needed'),
    new Option('--emulator-state <file>', 'state file of the embedded emulator').default(undefined, '.kustodian/emulator-state.json'),
    new Option('--emulator-seed <file>', 'seed of the embedded emulator when its state file is new').default(undefined, 'emulator/seed.yaml'),
    new Option('--endpoint <url>', 'Azure Resource Manager endpoint (e.g. a running `kustodian emulator`)').env('KUSTODIAN_ENDPOINT'),
    new Option('--ca-file <pem>', 'CA certificate to trust for --endpoint').env('KUSTODIAN_CA_FILE'),
    new Option('--cloud <name>', 'Azure cloud').choices(Object.keys(CLOUDS)).default('public').env('KUSTODIAN_CLOUD'),
    new Option('--credential <kind>', 'how to authenticate (default: DefaultAzureCredential)').choices([...CREDENTIAL_KINDS]).env('KUSTODIAN_CREDENTIAL'),
    new Option('--api-version <version>', 'Microsoft.Kusto api-version').env('KUSTODIAN_API_VERSION'),
    new Option('--concurrency <n>', 'concurrent requests per subscription').default(String(DEFAULT_SETTINGS.perSubscriptionConcurrency)),
    new Option('--poll-interval <ms>', 'polling interval of long-running operations (default 2000, 100 with --emulator)'),
    new Option('--operation-timeout <seconds>', 'give up waiting for one long-running operation after this long').default(String(DEFAULT_SETTINGS.operationTimeoutMs / 1000)),
    new Option('--request-timeout <duration>', 'how long one request may take, its retries and waits included (e.g. 20s, 2m)')
      .default(`${DEFAULT_SETTINGS.requestTimeoutMs / 1000}s`)
      .env('KUSTODIAN_REQUEST_TIMEOUT'),
    new Option('--max-retries <n>', 'retries of one request after its first attempt (throttled, 5xx, connection failed)')
      .default(String(DEFAULT_SETTINGS.maxRetries))
      .env('KUSTODIAN_MAX_RETRIES'),
    new Option('--arm-rate-factor <n>', "pace requests to this multiple of ARM's per-subscription refill rates (0.5 leaves half the budget to other tools)").default('1'),
  ];
}

export function addAzureOptions(cmd: Command): Command {
  for (const option of azureOptions()) cmd.addOption(option);
  return cmd;
}

/**
 * The connection flags given on the command line, as words to repeat in advice such as "Next:
 * kustodian plan ...": following it then reaches the same Azure (or emulator). Values that came
 * from KUSTODIAN_* variables are still in the environment and need no repeating.
 */
export function connectionArgs(cmd: Command): string[] {
  const flags = new Set(azureOptions().map((o) => o.long));
  return cmd.options.flatMap((option) => {
    const name = option.attributeName();
    if (!flags.has(option.long) || cmd.getOptionValueSource(name) !== 'cli') return [];
    const value: unknown = cmd.getOptionValue(name);
    return [option.long ?? '', ...(typeof value === 'string' ? [shellWord(value)] : [])];
  });
}

function positiveInt(value: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  if (n > max) throw new UsageError(`${flag} must be at most ${max}, got "${value}"`);
  return n;
}

/** A poll more than an hour apart is a typo. */
const MAX_POLL_INTERVAL_MS = 3_600_000;
/** What one Node timer holds (2^31-1 ms, about 24.8 days): a longer operation timeout fired after 1 ms. */
const MAX_OPERATION_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number, 0 or more, got "${value}"`);
  return n;
}

function positiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  return n;
}

export interface Connected {
  readonly port: AzurePort;
  /** The same clients, walking subscriptions, resource groups and clusters down to databases. */
  readonly inventory: InventoryPort;
  /** Azure Resource Graph through the same credential (no request until it is used). */
  readonly graph: GraphPort;
  /** What connections depend on: the cluster, its data plane, the sources (loaded on first use). */
  readonly prerequisites: PrerequisitePort;
  readonly settings: AzureSettings;
  /** Stops the embedded emulator, if one was started. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** How retry notices are printed: lines on stderr, or JSON events on stdout. */
  readonly logFormat?: LogFormat;
}

export async function connect(values: AzureOptionValues, io: CliIO, options: ConnectOptions = {}): Promise<Connected> {
  if (!isCloudName(values.cloud)) throw new UsageError(`--cloud must be one of ${Object.keys(CLOUDS).join(', ')}`);
  const cloud: CloudName = values.cloud;
  const base = {
    ...DEFAULT_SETTINGS,
    cloud,
    perSubscriptionConcurrency: positiveInt(values.concurrency, '--concurrency'),
    operationTimeoutMs: positiveInt(values.operationTimeout, '--operation-timeout', MAX_OPERATION_TIMEOUT_S) * 1000,
    armRateFactor: positiveNumber(values.armRateFactor, '--arm-rate-factor'),
    requestTimeoutMs: parseDuration(values.requestTimeout, '--request-timeout'),
    maxRetries: wholeNumber(values.maxRetries, '--max-retries'),
    ...(values.apiVersion ? { apiVersion: values.apiVersion } : {}),
  };
  if (values.emulator) {
    if (values.endpoint) throw new UsageError('--emulator and --endpoint (or KUSTODIAN_ENDPOINT) cannot be used together');
    // Every flag is checked before the emulator starts: its server would keep the process
    // alive after a usage error. Whatever fails once it runs stops it again.
    const pollIntervalMs = values.pollInterval !== undefined ? positiveInt(values.pollInterval, '--poll-interval', MAX_POLL_INTERVAL_MS) : 100;
    const { startEmbeddedEmulator } = await import('./embedded-emulator.js');
    const emu = await startEmbeddedEmulator(io.cwd, values.emulatorState, values.emulatorSeed);
    try {
      const settings: AzureSettings = { ...base, endpoint: emu.endpoint, ca: emu.ca, credential: 'emulator', pollIntervalMs };
      return { ...(await ports(settings, io, options)), settings, close: () => emu.stop() };
    } catch (err) {
      await emu.stop();
      throw err;
    }
  }
  let ca: string | undefined;
  if (values.caFile) {
    try {
      ca = readFileSync(resolve(io.cwd, values.caFile), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --ca-file ${values.caFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const credential = (values.credential ?? 'default') as CredentialKind;
  const settings: AzureSettings = {
    ...base,
    credential,
    pollIntervalMs: values.pollInterval !== undefined ? positiveInt(values.pollInterval, '--poll-interval', MAX_POLL_INTERVAL_MS) : DEFAULT_SETTINGS.pollIntervalMs,
    ...(values.endpoint ? { endpoint: values.endpoint.replace(/\/+$/, '') } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
  return { ...(await ports(settings, io, options)), settings, close: async () => undefined };
}

/**
 * The ARM and Resource Graph clients, sharing one credential (one token for both), one view of
 * whether the endpoint answers, and one printer of retry notices. The credential is checked
 * first: one token for the ARM scope, within --request-timeout. The Azure SDK is loaded here,
 * by the commands that talk to Azure, not when the CLI starts: it takes longer to load than
 * `validate` takes to check a small tree. The Resource Graph client is loaded on its first
 * query (only `--inventory resource-graph` makes one).
 */
async function ports(settings: AzureSettings, io: CliIO, options: ConnectOptions): Promise<Pick<Connected, 'port' | 'inventory' | 'graph' | 'prerequisites'>> {
  const [{ createCredential }, { checkCredential }, { createKustoPort }, { EndpointHealth }] = await Promise.all([
    import('../azure/credentials.js'),
    import('../azure/credential-check.js'),
    import('../azure/kusto-port.js'),
    import('../azure/retry-policy.js'),
  ]);
  const credential = createCredential(settings.credential, settings.cloud);
  if (settings.credential !== 'emulator') {
    const scope = `${settings.endpoint ?? CLOUDS[settings.cloud].arm}/.default`;
    try {
      await checkCredential(credential, settings.credential, scope, settings.requestTimeoutMs);
    } catch (e) {
      if (!(e instanceof AzureFailure)) throw e;
      throw new DiagnosticError({ severity: 'error', code: AZURE_CODES.unauthenticated, message: e.message, ...(e.details.hint !== undefined ? { hint: e.details.hint } : {}) });
    }
  }
  const hooks = { onRetry: retryNoticePrinter(io, options.logFormat), health: new EndpointHealth() };
  const port = createKustoPort(settings, hooks, credential);
  let graph: Promise<GraphPort> | undefined;
  const graphPort = (): Promise<GraphPort> =>
    (graph ??= import('../azure/graph-port.js').then(({ createGraphPort }) => createGraphPort(settings, hooks, credential)));
  let prerequisites: Promise<PrerequisitePort> | undefined;
  const prerequisitePort = (): Promise<PrerequisitePort> =>
    (prerequisites ??= import('../azure/prerequisite-port.js').then(({ createPrerequisitePort }) => createPrerequisitePort(settings, credential, hooks)));
  return {
    port,
    inventory: port,
    graph: { listConnectionsUnder: async (scopes, signal) => (await graphPort()).listConnectionsUnder(scopes, signal) },
    prerequisites: {
      cluster: async (...a) => (await prerequisitePort()).cluster(...a),
      tables: async (...a) => (await prerequisitePort()).tables(...a),
      mappings: async (...a) => (await prerequisitePort()).mappings(...a),
      ingestionFailures: async (...a) => (await prerequisitePort()).ingestionFailures(...a),
      ingestedSince: async (...a) => (await prerequisitePort()).ingestedSince(...a),
      exists: async (...a) => (await prerequisitePort()).exists(...a),
      roleGrants: async (...a) => (await prerequisitePort()).roleGrants(...a),
      cosmosRoleGrants: async (...a) => (await prerequisitePort()).cosmosRoleGrants(...a),
    },
  };
}
