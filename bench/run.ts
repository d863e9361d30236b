/**
 * `npm run bench`: every benchmark in one run on this machine, printed as markdown; with
 * `--write`, also written to docs/benchmarks.md. Every bound divided by is a physical one
 * (lower-bound.ts): ARM's published buckets and the operation's own time, no kustodian flag.
 *   npm run bench -- [--write] [--scale F] [--serial-sample N] [--only apply,plan,startup,memory,local,reads,graph,overhead]
 * `--scale F` multiplies the estates of the side-by-side sections (1 = 1,000 creates) for a
 * quicker run; the document says which scale produced it.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeManifests } from './estate.js';
import { fileURLToPath } from 'node:url';
import { applyVsPeers, OPERATION_MS, type ApplyScenario } from './apply-vs-peers.js';
import { planVsPeer } from './plan-vs-peers.js';
import { planMemory, startup } from './startup-memory.js';
import { emulatorOverhead } from './emulator-overhead.js';
import { graphVsLists, type GraphBenchResult } from './graph-vs-lists.js';
import { planThrottled } from './plan-throttled.js';

interface LocalResult {
  readonly connections: number;
  readonly databases: number;
  readonly loaded: number;
  readonly errors: number;
  readonly changes: number;
  readonly cpuMs: { readonly load: number; readonly plan: number; readonly render: number; readonly total: number };
  readonly wallMs: number;
  readonly peakRssMB: number;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);

function localWork(connections: number, dbs: number): LocalResult {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-bench-'));
  try {
    writeManifests({ connections, databases: dbs, subscriptions: 1 }, dir);
    execFileSync('sync'); // the files just written are flushed before anything is timed
    // Three trials, each in a fresh process; the median (by total CPU) is reported.
    const trials = [0, 1, 2].map(
      () => JSON.parse(execFileSync(process.execPath, [`${here}local-work.js`, String(connections), String(dbs), dir], { encoding: 'utf8', maxBuffer: 1 << 20 })) as LocalResult,
    );
    const median = trials.sort((a, b) => a.cpuMs.total - b.cpuMs.total)[1];
    if (!median) throw new Error('no trial ran');
    return median;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ratio = (a: number, b: number): string => `${f2(a / b)}×`;

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const scale = Number(option('--scale') ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${option('--scale')}`);
  const serialSample = Number(option('--serial-sample') ?? '20');
  const only = option('--only')?.split(',');
  const runs = (section: string): boolean => only === undefined || only.includes(section);
  const lines: string[] = [];
  const say = (s = ''): void => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  const doc = new URL('../../docs/benchmarks.md', import.meta.url);
  /** With --write, the document so far after each section: an interrupted run leaves what it measured, marked so. */
  const checkpoint = (): void => {
    if (write) writeFileSync(doc, `${lines.join('\n')}\n_(The run was interrupted here: the sections below this line were not measured.)_\n`);
  };
  /** A section that fails says so in the document instead of ending the run. */
  const section = async (name: string, run: () => Promise<void>): Promise<void> => {
    if (!runs(name)) return;
    try {
      await run();
    } catch (e) {
      say();
      say(`**Not measured in this run**: ${printableError(e instanceof Error ? e.message : String(e))}`);
      say();
    }
    checkpoint();
  };
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load0 = loadavg();
  const creates = Math.round(1000 * scale);
  const command = `npm run bench -- --write${scale !== 1 ? ` --scale ${scale}` : ''}${option('--serial-sample') !== undefined ? ` --serial-sample ${serialSample}` : ''}`;
  say('# Benchmarks');
  say();
  say(`Measured in one run of \`${command}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpu}), Node ${process.version}, scale **${scale}** (${creates.toLocaleString('en')} creates in the side-by-side apply).`);
  say(`Load average when the run began: ${load0.map((x) => x.toFixed(2)).join(', ')} (1, 5, 15 min) on ${cpus().length} cores: the machine is shared, so wall times carry that noise; re-run the command to reproduce.`);
  say();
  say('Every bound below is **physical**: ARM\'s published token buckets per subscription and principal (reads 250 burst + 25/s, writes 200 burst + 10/s), the long-running operation\'s own duration and the request latency. No kustodian setting (`--parallelism`, `--concurrency`, `--poll-interval`) enters a bound.');
  say();

  await section('apply', async () => {
    say('## 1. Apply: creating connections, against peers and the physical limit');
    say();
    const applies: ApplyScenario[] = [
      await applyVsPeers({ connections: creates, databases: Math.max(1, Math.round(100 * scale)), subscriptions: 1 }, serialSample),
      await applyVsPeers({ connections: creates, databases: Math.max(4, Math.round(100 * scale)), subscriptions: 4 }, serialSample),
    ];
    say(
      `Each contestant runs as a child process (start-up included) against one standalone \`kustodian emulator\` with its default settings: ARM's buckets at their real rates (time not scaled) and long-running operations of ${OPERATION_MS} ms; the emulator is reset to the same seed, with full buckets, before each. ` +
        '**kustodian**: the real CLI, `kustodian apply --auto-approve` with default flags (it plans first: one list per database). ' +
        '**Terraform-style peer** (`bench/peers/terraform-style.ts`): a GET per connection (refresh), then `beginCreateOrUpdateAndWait` per connection (the SDK poller: 2 s polls, then a GET of the result) and a read-back GET, 10 at a time. ' +
        `**Serial peer** (\`bench/peers/serial.ts\`): the SDK article's script, one \`beginCreateOrUpdateAndWait\` after another; it runs on the first ${serialSample} creates and its time is projected linearly (start-up once, then its measured time per create), since it never comes near a bucket. ` +
        'Physical limit: in each subscription the last PUT waits for the write bucket ((creates − 200) / 10 per second, 0 within the burst), then its operation runs; reads ((creates − 250) / 25) are a floor too.',
    );
    say();
    say('| subscriptions | creates | contestant | wall (s) | its CPU (s) | emulator CPU (s) | projected for all (s) | / physical limit | kustodian / this | succeeded | failed | writes | reads | reads per create | 429s | other errors |');
    say('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const a of applies) {
      const k = a.contestants[0];
      for (const c of a.contestants) {
        say(
          `| ${a.subscriptions} | ${c.creates} | ${c.name} | ${f2(c.wallMs / 1000)} | ${f2(c.cpuMs / 1000)} | ${c.emulatorCpuMs !== undefined ? f2(c.emulatorCpuMs / 1000) : 'n/a'} | ${f1(c.projectedMs / 1000)} | **${f2(c.projectedMs / a.boundMs)}** | ${k && c !== k ? ratio(k.projectedMs, c.projectedMs) : '–'} | ${c.succeeded} | ${c.failed} | ${c.writes} | ${c.reads} | ${f2(c.reads / Math.max(1, c.creates))} | ${c.throttled} | ${c.errors} |`,
        );
      }
      say(`| ${a.subscriptions} | ${a.connections} | physical limit | ${f2(a.boundMs / 1000)} | | | ${f2(a.boundMs / 1000)} | 1.00 | ${k ? ratio(k.projectedMs, a.boundMs) : '–'} | | | ${a.connections} | ≥ ${a.connections} | ≥ 1 | 0 | |`);
    }
    for (const a of applies) for (const c of a.contestants) if (c.error !== undefined) say(`\n${c.name}, ${a.subscriptions} subscription(s): ${printableError(c.error)}`);
    say();
    say('Target (issue 17): kustodian within 1.2× of the physical limit with 0 failed requests and no 429 storm, and faster than the Terraform-style peer. kustodian\'s wall time includes start-up, loading the manifests and the plan\'s lists; the Terraform-style peer\'s 404s are its refresh of connections that do not exist yet.');
    say('"its CPU" is the contestant\'s process (user + system, its garbage collector included), "emulator CPU" what the emulator\'s process used while that contestant ran: both share this machine\'s cores (see the load average above). kustodian keeps no fixed number of requests in flight: each subscription\'s budget lets its burst go at once and then paces to the refill, over one pool of 32 connections.');
    const perSub = Math.ceil(creates / 4);
    const refill = perSub > 200 ? `the last of each one's ${perSub} creates waits for ${perSub - 200} tokens of refill (${f1((perSub - 200) / 10)} s) after its first` : `each one's ${perSub} creates fit in its write burst`;
    say(`With 4 subscriptions ${refill}: what kustodian takes beyond the physical limit is mostly what comes before its first write (starting Node, loading its modules and the manifests, the plan's lists, printing the plan), and the CPU both processes need on these cores.`);
    say();
  });

  await section('plan', async () => {
    say('## 2. Plan: an estate already in sync, against the Terraform-style refresh');
    say();
    const plans = [
      await planVsPeer({ connections: 100, databases: 10, subscriptions: 1 }),
      await planVsPeer({ connections: Math.round(1000 * scale), databases: Math.max(1, Math.round(100 * scale)), subscriptions: 1 }),
    ];
    say('Both as child processes against the standalone emulator (default settings) holding every connection already: `kustodian plan --detailed-exitcode` (one list per database) and the Terraform-style peer\'s refresh (one GET per connection, 10 at a time). Physical floor: the lists fit in the read burst, so one request\'s time on top of starting Node (section 3); the peer\'s GETs past 250 wait for the read bucket (25/s).');
    say();
    say('| connections | databases | kustodian (s) | in sync | reads | peer (s) | peer reads | peer 429s | peer / kustodian |');
    say('|---|---|---|---|---|---|---|---|---|');
    for (const p of plans) say(`| ${p.connections} | ${p.databases} | ${f2(p.kustodian.wallMs / 1000)} | ${p.kustodian.inSync ? 'yes' : 'no'} | ${p.kustodian.reads} | ${f2(p.peer.wallMs / 1000)} | ${p.peer.reads} | ${p.peer.throttled} | **${f2(p.peer.wallMs / p.kustodian.wallMs)}×** |`);
    say();
    say('Targets (issue 17): plan on 100 connections no slower than the peer; no-op plan on 1,000 connections at least 10× faster.');
    say();
  });

  await section('startup', async () => {
    say('## 3. Start-up');
    say();
    const st = await startup(15);
    say(`Each command run ${st.runs} times as a child process, interleaved; medians (spread of \`node -e 0\`: ${f2(st.spread.node[0] / 1000)}–${f2(st.spread.node[1] / 1000)} s, of \`--version\`: ${f2(st.spread.version[0] / 1000)}–${f2(st.spread.version[1] / 1000)} s).`);
    say();
    say('| command | median (s) | / `node -e 0` |');
    say('|---|---|---|');
    say(`| \`node -e 0\` | ${f2(st.nodeMs / 1000)} | 1.00 |`);
    say(`| \`kustodian --version\` | ${f2(st.versionMs / 1000)} | **${f2(st.versionMs / st.nodeMs)}** |`);
    say(`| \`kustodian --help\` | ${f2(st.helpMs / 1000)} | ${f2(st.helpMs / st.nodeMs)} |`);
    say();
    say('Target: `kustodian --version` within 1.5× of `node -e 0`.');
    say();
  });

  await section('memory', async () => {
    say('## 4. Memory: the real `plan` on a large estate');
    say();
    const m = await planMemory({ connections: Math.round(50_000 * scale), databases: Math.round(5_000 * scale), subscriptions: 50 });
    say(`\`kustodian plan\` (the real CLI, default heap) of ${m.connections.toLocaleString('en')} connections in ${m.databases.toLocaleString('en')} databases over ${m.subscriptions} subscriptions, none of which exists yet (every connection a create: the largest plan to render), against the standalone emulator (with \`--request-timeout 2m\`: one emulator process answers 5,000 lists on this shared machine).`);
    say();
    say('| connections | wall (s) | plan output (MB) | peak RSS (MB) |');
    say('|---|---|---|---|');
    say(`| ${m.connections} | ${f2(m.wallMs / 1000)} | ${f1(m.outputBytes / 1e6)} | **${f1(m.peakRssMB)}** |`);
    say();
    say('Target: under 500 MB.');
    say();
  });

  await section('local', async () => {
    say('## 5. Local work: load, validate, normalise, diff, render (in process)');
    say();
    say('Generated estates (all four kinds, one manifest file per connection, a Defaults document per database, 5% drifted and 5% missing against a live state answered as the service does). Each size runs three times, each in a fresh process; the median by total CPU is shown. CPU is user+system of that process (the garbage collector threads included, so it can exceed wall time). This measures the library in process: **module loading and start-up are not included** (section 3 has them; sections 1, 2 and 4 run the real CLI).');
    say();
    say('| connections | databases | CPU total (s) | load+validate (s) | plan (s) | render (s) | CPU per 1k (s) | peak RSS (MB) |');
    say('|---|---|---|---|---|---|---|---|');
    const sizes: Array<[number, number]> = [[1000, 100], [10_000, 1000], [50_000, 5000]];
    const local = sizes.map(([c, d]) => localWork(c, d));
    for (const r of local) {
      if (r.errors > 0 || r.loaded !== r.connections) throw new Error(`estate of ${r.connections} did not load cleanly`);
      say(`| ${r.connections} | ${r.databases} | ${f2(r.cpuMs.total / 1000)} | ${f2(r.cpuMs.load / 1000)} | ${f2(r.cpuMs.plan / 1000)} | ${f2(r.cpuMs.render / 1000)} | ${f2(r.cpuMs.total / r.connections)} | ${f1(r.peakRssMB)} |`);
    }
    const [k1, k10, k50] = local;
    if (k1 && k10 && k50) {
      say();
      say(`Growth: 1k → 10k (10× the manifests): ${f2(k10.cpuMs.total / k1.cpuMs.total)}× the CPU; 10k → 50k (5×): ${f2(k50.cpuMs.total / k10.cpuMs.total)}× the CPU (linear would be 10× and 5×).`);
      say(`Target: 10,000 manifests in under 2 s of CPU: **${f2(k10.cpuMs.total / 1000)} s** (${k10.cpuMs.total < 2000 ? 'met' : 'not met'}).`);
    }
    say();
  });

  const timeScale = 5;
  await section('reads', async () => {
    say('## 6. Reading the live state under ARM throttling (in process)');
    say();
    const latency = 150;
    const plans = [
      await planThrottled({ connections: 10_000, databases: 1000, subscriptions: 1 }, timeScale, latency),
      await planThrottled({ connections: 10_000, databases: 1000, subscriptions: 4 }, 1, latency),
    ];
    say(`kustodian's reader (in process, with its defaults: no fixed number of requests at once, each subscription's read budget paces them, over one pool of 32 connections) lists every database; the emulator answers each list after ${latency} ms and throttles with ARM's read bucket. With one subscription time is scaled by **${timeScale}** (refill ${25 * timeScale}/s, latency ${latency / timeScale} ms; kustodian told the same with \`--arm-rate-factor ${timeScale}\`); with four, not. Physical bound: the read bucket ((lists − 250) / rate, 0 within the burst) plus one latency; it does not assume any concurrency, so where the lists fit in the burst the bound is one latency and the ratio shows what kustodian's CPU and its 32 connections cost.`);
    say();
    say('| connections | databases | subscriptions | time scale | wall (s) | physical bound (s) | wall / bound | 429s |');
    say('|---|---|---|---|---|---|---|---|');
    for (const p of plans) say(`| ${p.connections} | ${p.databases} | ${p.subscriptions} | ${p.timeScale} | ${f2(p.wallMs / 1000)} | ${f2(p.boundMs / 1000)} | **${f2(p.ratio)}** | ${p.throttled} |`);
    say();
    const p = plans[0];
    if (p) {
      say('ARM calls per plan:');
      say();
      say('| model | calls for 10,000 connections in 1,000 databases | physical bound under the read bucket (1 subscription, unscaled) |');
      say('|---|---|---|');
      say(`| kustodian: one list per database | **${p.listCalls}** | ${f1((p.boundMs * timeScale) / 1000)} s |`);
      say(`| per-resource refresh (Terraform, Pulumi): one GET per connection | ${p.perResourceCalls} | ${f1(p.perResourceBoundMs / 1000)} s |`);
      say();
    }
  });

  await section('graph', async () => {
    say('## 7. Reports over a large estate: Resource Graph against ARM lists (in process)');
    say();
    const graphScale = 5;
    const graphLatency = 150;
    const estate = { connections: 50_000, databases: 5_000 };
    const reads: GraphBenchResult[] = [
      await graphVsLists({ ...estate, subscriptions: 50 }, graphScale, graphLatency),
      await graphVsLists({ ...estate, subscriptions: 1 }, graphScale, graphLatency),
    ];
    say(
      `${estate.connections.toLocaleString('en')} connections in ${estate.databases.toLocaleString('en')} databases, read two ways: one ARM list per database (kustodian's defaults: paced by each subscription's read budget, over 32 connections) and \`--inventory resource-graph\` (pages of 1,000 under the per-user quota, 15 queries per 5-second window). The emulator answers every call after ${graphLatency} ms. Time is scaled by **${graphScale}**. ` +
        'Physical bounds: ARM, the read bucket ((lists per subscription − 250) / rate) plus one latency; Resource Graph, the pages one after another, at most 15 starting per window. Where 50 subscriptions\' lists all fit in their bursts the ARM bound is one latency: the ratio is then what kustodian\'s CPU and its 32 connections cost.',
    );
    say();
    say('| subscriptions | reader | calls | wall (s) | physical bound (s) | wall / bound | 429s | bound unscaled (s) |');
    say('|---|---|---|---|---|---|---|---|');
    for (const r of reads) {
      for (const [name, x] of [['ARM lists', r.arm], ['Resource Graph', r.graph]] as const) {
        say(`| ${r.subscriptions} | ${name} | ${x.calls} | ${f2(x.wallMs / 1000)} | ${f2(x.boundMs / 1000)} | **${f2(x.wallMs / x.boundMs)}** | ${x.throttled} | ${f1((x.boundMs * graphScale) / 1000)} |`);
      }
    }
    say();
  });

  await section('overhead', async () => {
    say('## 8. Emulator overhead');
    say();
    const overhead = await emulatorOverhead({ connections: 10_000, databases: 1000, subscriptions: 1 }, 2000);
    say(`The emulator's own CPU per request (measured in its own process: TLS, HTTP, routing, lookup and JSON), ${overhead.requests} requests each, with ${overhead.connections} connections in ${overhead.databases} databases:`);
    say();
    say('| request | emulator CPU per request |');
    say('|---|---|');
    say(`| list (10 connections) | ${f2(overhead.listMicros / 1000)} ms |`);
    say(`| get | ${f2(overhead.getMicros / 1000)} ms |`);
    say();
  });
  const load1 = loadavg();
  say(`Load average when the run ended: ${load1.map((x) => x.toFixed(2)).join(', ')}.`);
  if (write) {
    writeFileSync(doc, `${lines.join('\n')}\n`);
    process.stdout.write('\nWrote docs/benchmarks.md\n');
  }
}

function printableError(s: string): string {
  return s.replace(/[\r\n|]+/g, ' ').slice(0, 300);
}

await main();
