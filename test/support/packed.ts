/**
 * kustodian as a user gets it: `npm pack` of a clean copy of this checkout (its `prepack` builds
 * dist/ from nothing), the tarball put into npm's cache as a registry download would be, and a
 * copy of the manifests-repository template installed with `npm ci --offline` from its own
 * package-lock.json. The one difference from a published release: the lock's kustodian entry gets
 * this tarball's integrity, which a release would have had from the registry.
 *
 * The tarball is made once per checkout state (a hash of every file `git ls-files` lists) and
 * shared by the test files that use it; a directory lock keeps two of them from packing at once.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './bin.js';

export interface Packed {
  /** The .tgz file. */
  readonly tarball: string;
  readonly integrity: string;
  /** Paths inside the tarball, as `npm pack --json` lists them. */
  readonly files: readonly string[];
  /** The clean copy it was packed from (its examples/ are the ones that shipped). */
  readonly source: string;
}

/** The environment every child gets: no npm lifecycle variables of the test run leak in. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'npm_config_cache'];
  return { ...Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]]))), NO_COLOR: '1', ...extra };
}

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((f) => f !== '' && existsSync(path.join(REPO_ROOT, f)))
    .sort();
}

function stateHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(path.join(REPO_ROOT, f))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function pack(dir: string, files: readonly string[]): Packed {
  const source = path.join(dir, 'source');
  for (const f of files) {
    mkdirSync(path.dirname(path.join(source, f)), { recursive: true });
    cpSync(path.join(REPO_ROOT, f), path.join(source, f));
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(source, 'node_modules'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: source, encoding: 'utf8', env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out) as [{ filename: string; integrity: string; files: { path: string }[] }];
  const tarball = path.join(dir, info.filename);
  execFileSync('npm', ['cache', 'add', tarball], { env: cleanEnv(), stdio: 'ignore' });
  return { tarball, integrity: info.integrity, files: info.files.map((f) => f.path).sort(), source };
}

let memo: Promise<Packed> | undefined;

/** The packed package for this checkout, made at most once. */
export function packedKustodian(): Promise<Packed> {
  memo ??= (async () => {
    const files = trackedFiles();
    const root = path.join(tmpdir(), `kustodian-pack-${stateHash(files)}`);
    const done = path.join(root, 'packed.json');
    const lock = `${root}.lock`;
    for (let waited = 0; !existsSync(done); waited += 200) {
      try {
        mkdirSync(lock);
      } catch {
        if (waited > 180_000) throw new Error(`${lock} is held for 3 minutes: remove it if no test run is packing`);
        await sleep(200);
        continue;
      }
      try {
        if (!existsSync(done)) {
          rmSync(root, { recursive: true, force: true });
          mkdirSync(root, { recursive: true });
          writeFileSync(done, JSON.stringify(pack(root, files)));
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    return JSON.parse(readFileSync(done, 'utf8')) as Packed;
  })();
  return memo;
}

/**
 * A copy of examples/manifests-repo as shipped, in a new temporary directory, its lock naming
 * this tarball: what a team's repository holds after `git clone`.
 */
export function copyTemplate(packed: Packed, name = 'repo'): string {
  const repo = path.join(mkdtempSync(path.join(tmpdir(), 'kustodian-user-')), name);
  cpSync(path.join(packed.source, 'examples', 'manifests-repo'), repo, { recursive: true });
  const lockFile = path.join(repo, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const entry = lock.packages['node_modules/kustodian'];
  if (entry === undefined) throw new Error('the template lock has no kustodian entry');
  entry['integrity'] = packed.integrity;
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  return repo;
}

/** copyTemplate, then `npm ci` (offline: from npm's cache) in it. */
export function installTemplate(packed: Packed, name = 'repo'): string {
  const repo = copyTemplate(packed, name);
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: repo, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return repo;
}
