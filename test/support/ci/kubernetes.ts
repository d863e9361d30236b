/**
 * Runs the containers of a Kubernetes pod template here, as the kubelet would start them: init
 * containers one after another, then the main container, each its `command` + `args` in its
 * `workingDir`, with its `env`, and each volume a host folder mounted where the container
 * mounts it (its mount paths in the script and working directory are replaced by that folder).
 * Containers of images that are not ours to run (git-sync) are stood in for by the test: it
 * puts the checkout where they would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Rec = Readonly<Record<string, unknown>>;

export interface Container {
  readonly name: string;
  readonly image: string;
  /** The shell script (`sh -c` of command + args), with the mount paths replaced. */
  readonly script: string;
  readonly cwd: string;
  /** The container's env, then the test's overrides. */
  readonly env: NodeJS.ProcessEnv;
}

export interface Pod {
  readonly initContainers: readonly Container[];
  readonly containers: readonly Container[];
  /** Host folder of each volume, by name. */
  readonly volumes: Readonly<Record<string, string>>;
}

function rec(v: unknown): Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {};
}

/** The pod template of a CronJob or a Deployment. */
export function podTemplate(doc: Rec): Rec {
  if (doc['kind'] === 'CronJob') return rec(rec(rec(rec(rec(doc['spec'])['jobTemplate'])['spec'])['template'])['spec']);
  if (doc['kind'] === 'Deployment') return rec(rec(rec(doc['spec'])['template'])['spec']);
  throw new Error(`${String(doc['kind'])} has no pod template here`);
}

export function pod(spec: Rec, base: NodeJS.ProcessEnv, overrides: Readonly<Record<string, string>>): Pod {
  const root = mkdtempSync(path.join(tmpdir(), 'kustodian-pod-'));
  const volumes = Object.fromEntries(
    ((spec['volumes'] ?? []) as Rec[]).map((v) => {
      const dir = path.join(root, String(v['name']));
      mkdirSync(dir);
      return [String(v['name']), dir];
    }),
  );
  const container = (c: Rec): Container => {
    const mounts = ((c['volumeMounts'] ?? []) as Rec[])
      .map((m) => [String(m['mountPath']), volumes[String(m['name'])] ?? ''] as const)
      .sort((a, b) => b[0].length - a[0].length);
    // One pass, longest mount path first, so a host folder put in never gets replaced again.
    const pattern = new RegExp(`(${mounts.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=/|\\b|$)`, 'g');
    const byPath = new Map(mounts);
    const map = (text: string): string => (mounts.length === 0 ? text : text.replace(pattern, (m) => byPath.get(m) ?? m));
    const argv = [...((c['command'] ?? []) as string[]), ...((c['args'] ?? []) as string[])];
    const script = argv[0] === 'sh' && argv[1] === '-c' ? (argv[2] ?? '') : argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const env = Object.fromEntries(((c['env'] ?? []) as Rec[]).map((e) => [String(e['name']), map(String(e['value'] ?? ''))]));
    return {
      name: String(c['name']),
      image: String(c['image']),
      script: map(script),
      cwd: typeof c['workingDir'] === 'string' ? map(c['workingDir']) : root,
      env: { ...base, ...env, ...overrides },
    };
  };
  return {
    initContainers: ((spec['initContainers'] ?? []) as Rec[]).map(container),
    containers: ((spec['containers'] ?? []) as Rec[]).map(container),
    volumes,
  };
}

export interface Started {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

export function start(c: Container): Started {
  mkdirSync(c.cwd, { recursive: true });
  const child = spawn('sh', ['-c', c.script], { cwd: c.cwd, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, output: () => out, exited };
}
