/**
 * The options every command that talks to Azure shares, and turning them into an AzurePort.
 * Each option also reads an environment variable, so CI can set them once.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { AzurePort, GraphPort, InventoryPort } from '../../core/ports/azure-port.js';
import type { PrerequisitePort } from '../../core/ports/prerequisite-port.js';
import { type CloudName, CLOUDS, isCloudName } from '../../azure/clouds.js';
import { CREDENTIAL_KINDS, type CredentialKind, DEFAULT_SETTINGS, type AzureSettings } from '../../azure/settings.js';
import { AzureFailure } from '../../core/ports/azure-port.js';
import { AZURE_CODES } from '../../workflow/codes.js';
import { DiagnosticError } from '../process/diagnostic-error.js';
import { parseDuration } from './duration.js';
import { debugLogOf } from './global-options.js';
import type { CliIO } from '../process/io.js';
import { shellWord } from './shell-word.js';
import type { LogFormat } from '../output/log-format.js';
import { retryNoticePrinter } from '../output/retry-notices.js';
import { UsageError } from '../process/usage-error.js';
import { AZURE_OPTIONS_HEADING } from '../help/help-layout.js';

export interface AzureOptionValues {
  readonly emulator?: boolean;
  readonly emulatorState?: string;
  readonly emulatorSeed?: string;
  readonly endpoint?: string;
  readonly caFile?: string;
  readonly cloud: string;
  readonly credential?: string;
  readonly apiVersion?: string;
  readonly concurrency?: string;
  readonly pollInterval?: string;
  readonly operationTimeout: string;
  readonly armRateFactor: string;
  readonly requestTimeout: string;
  readonly maxRetries: string;
}


/** The connection options, in the order `kustodian help azure` lists them. */
function azureOptions(): Option[] {
  return [
    new Option('--emulator', 'use the embedded emulator (no Azure account)'),
    new Option('--emulator-state <file>', "the embedded emulator's state").default(undefined, '.kustodian/emulator-state.json'),
    new Option('--emulator-seed <file>', 'its world, when the state file is new').default(undefined, 'emulator/seed.yaml'),
    new Option('--endpoint <url>', 'ARM endpoint (e.g. of `kustodian emulator`)').env('KUSTODIAN_ENDPOINT'),
    new Option('--ca-file <pem>', 'CA certificate to trust for --endpoint').env('KUSTODIAN_CA_FILE'),
    new Option('--cloud <name>', 'Azure cloud').choices(Object.keys(CLOUDS)).default('public').env('KUSTODIAN_CLOUD'),
    new Option('--credential <kind>', 'how to sign in').choices([...CREDENTIAL_KINDS]).env('KUSTODIAN_CREDENTIAL'),
    new Option('--api-version <version>', 'Microsoft.Kusto api-version').env('KUSTODIAN_API_VERSION'),
    new Option('--concurrency <n>', 'cap on requests at once per subscription'),
    new Option('--poll-interval <duration>', 'how often long-running operations are polled').default(undefined, '2s, 100ms with --emulator'),
    new Option('--operation-timeout <duration>', 'longest wait for a long-running operation').default(`${DEFAULT_SETTINGS.operationTimeoutMs / 60_000}m`),
    new Option('--request-timeout <duration>', 'longest a request may take, retries included')
      .default(`${DEFAULT_SETTINGS.requestTimeoutMs / 1000}s`)
      .env('KUSTODIAN_REQUEST_TIMEOUT'),
    new Option('--max-retries <n>', 'retries of a throttled, 5xx or failed request')
      .default(String(DEFAULT_SETTINGS.maxRetries))
      .env('KUSTODIAN_MAX_RETRIES'),
    new Option('--arm-rate-factor <n>', "share of ARM's request budget to use (0.5: half)").default('1'),
  ].map((option) => option.helpGroup(AZURE_OPTIONS_HEADING));
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
/** Within what one Node timer holds (2^31-1 ms, about 24.8 days): a longer operation timeout fired after 1 ms. */
const MAX_OPERATION_TIMEOUT_MS = 24 * 86_400_000;

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

/** `--poll-interval`, in ms (a bare number: ms, for one more version), or the default. */
function pollIntervalOf(values: AzureOptionValues, io: CliIO, otherwise: number): number {
  if (values.pollInterval === undefined) return otherwise;
  return parseDuration(values.pollInterval, '--poll-interval', { legacyUnit: 'ms', warn: warnOn(io), maxMs: MAX_POLL_INTERVAL_MS });
}

const warnOn = (io: CliIO) => (line: string) => void io.stderr.write(`${line}\n`);

export async function connect(values: AzureOptionValues, io: CliIO, options: ConnectOptions = {}): Promise<Connected> {
  if (!isCloudName(values.cloud)) throw new UsageError(`--cloud must be one of ${Object.keys(CLOUDS).join(', ')}`);
  const cloud: CloudName = values.cloud;
  const base = {
    ...DEFAULT_SETTINGS,
    cloud,
    ...(values.concurrency !== undefined ? { perSubscriptionConcurrency: positiveInt(values.concurrency, '--concurrency') } : {}),
    operationTimeoutMs: parseDuration(values.operationTimeout, '--operation-timeout', { legacyUnit: 's', warn: warnOn(io), maxMs: MAX_OPERATION_TIMEOUT_MS }),
    armRateFactor: positiveNumber(values.armRateFactor, '--arm-rate-factor'),
    requestTimeoutMs: parseDuration(values.requestTimeout, '--request-timeout'),
    maxRetries: wholeNumber(values.maxRetries, '--max-retries'),
    ...(values.apiVersion ? { apiVersion: values.apiVersion } : {}),
  };
  if (values.emulator) {
    if (values.endpoint) throw new UsageError('--emulator and --endpoint (or KUSTODIAN_ENDPOINT) cannot be used together');
    // Every flag is checked before the emulator starts: its server would keep the process
    // alive after a usage error. Whatever fails once it runs stops it again.
    const pollIntervalMs = pollIntervalOf(values, io, 100);
    const { startEmbeddedEmulator } = await import('../embedded-emulator.js');
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
    pollIntervalMs: pollIntervalOf(values, io, DEFAULT_SETTINGS.pollIntervalMs),
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
  const [{ createCredential }, { checkCredential }, { createKustoPort }, { EndpointHealth }, { armPacing }] = await Promise.all([
    import('../../azure/identity/credentials.js'),
    import('../../azure/identity/credential-check.js'),
    import('../../azure/arm/kusto-port.js'),
    import('../../azure/pipeline/retry-policy.js'),
    import('../../azure/pipeline/arm-pipeline.js'),
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
  const debugLog = debugLogOf(io);
  const hooks = { onRetry: retryNoticePrinter(io, options.logFormat), health: new EndpointHealth(), ...(debugLog ? { debugLog } : {}) };
  // One ARM budget per subscription for every ARM client of the run: the prerequisite checks' reads too.
  const pacing = armPacing(settings);
  const port = createKustoPort(settings, hooks, credential, pacing);
  let graph: Promise<GraphPort> | undefined;
  const graphPort = (): Promise<GraphPort> =>
    (graph ??= import('../../azure/graph/port.js').then(({ createGraphPort }) => createGraphPort(settings, hooks, credential)));
  let prerequisites: Promise<PrerequisitePort> | undefined;
  const prerequisitePort = (): Promise<PrerequisitePort> =>
    (prerequisites ??= import('../../azure/prerequisites/prerequisite-port.js').then(({ createPrerequisitePort }) => createPrerequisitePort(settings, credential, hooks, pacing)));
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
      connectionMetrics: async (...a) => (await prerequisitePort()).connectionMetrics(...a),
      exists: async (...a) => (await prerequisitePort()).exists(...a),
      roleGrants: async (...a) => (await prerequisitePort()).roleGrants(...a),
      denyRules: async (...a) => (await prerequisitePort()).denyRules(...a),
      cosmosRoleGrants: async (...a) => (await prerequisitePort()).cosmosRoleGrants(...a),
    },
  };
}
