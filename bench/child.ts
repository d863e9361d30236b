/**
 * Running a program as a child process and timing it from spawn to exit (start-up included),
 * with its peak RSS and CPU time (through peak-rss.js, preloaded) and its exit code. Every contestant of the
 * benchmarks (the real CLI, the peers, `node -e 0`) is run this one way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The repository root: dist-bench/bench/ is two levels down. */
export const ROOT = join(here, '..', '..');
/** The shipped launcher of the CLI, running dist/ (built by `npm run build`). */
export const CLI = join(ROOT, 'bin', 'kustodian.js');

export interface ChildRun {
  readonly code: number | null;
  readonly wallMs: number;
  readonly peakRssMB: number;
  /** CPU time it used, user + system (its own threads: the garbage collector's included), in ms. */
  readonly cpuMs: number;
  /** The last 64 KiB of stdout, or all of it with keepStdout. */
  readonly stdout: string;
  /** How much it wrote to stdout in all. */
  readonly stdoutBytes: number;
  readonly stderr: string;
}

export interface ChildOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Keep stdout (default: only its last 64 KiB, so a big plan does not cost the benchmark memory). */
  readonly keepStdout?: boolean;
}

export function runChild(args: readonly string[], options: ChildOptions = {}): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-bench-rss-'));
  const rssFile = join(dir, 'rss');
  const preload = pathToFileURL(join(here, 'peak-rss.js')).href;
  const t0 = performance.now();
  const child = spawn(process.execPath, [`--import=${preload}`, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env, KUSTODIAN_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stdoutBytes = 0;
  let stderr = '';
  const cap = (s: string): string => (options.keepStdout === true || s.length < 65_536 ? s : s.slice(-65_536));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdoutBytes += Buffer.byteLength(d);
    stdout = cap(stdout + d);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-65_536)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      let peakRssMB = 0;
      let cpuMs = 0;
      try {
        const [rssKiB, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
        peakRssMB = (rssKiB ?? 0) / 1024;
        cpuMs = (cpuMicros ?? 0) / 1000;
      } catch {
        // the child died before its exit handler ran
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, wallMs, peakRssMB, cpuMs, stdout, stdoutBytes, stderr });
    });
  });
}

/** The median of `runs` timed runs of the same command (for start-up figures). */
export async function medianWall(args: readonly string[], runs: number, options: ChildOptions = {}): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) walls.push((await runChild(args, options)).wallMs);
  walls.sort((a, b) => a - b);
  return { medianMs: walls[Math.floor(walls.length / 2)] ?? 0, minMs: walls[0] ?? 0, maxMs: walls[walls.length - 1] ?? 0 };
}
