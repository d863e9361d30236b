/**
 * Stand-ins for the parts of GitHub that a workflow reaches outside the runner: an artifact
 * store, the `gh` CLI (answers given by the test, every call recorded), and
 * actions/github-script (the workflow's own script, run by node with a `github` client that
 * records the calls it makes). They stand in for GitHub, never for kustodian.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StandIn } from './github.js';

export interface Platform {
  /** Prepend to PATH: holds the fake `gh`. */
  readonly bin: string;
  /** Artifacts by name: a folder each. */
  readonly artifacts: string;
  /** Every `gh` call, one argv per entry. */
  ghCalls(): string[][];
  /** Comments github-script created or updated, by body. */
  comments(): string[];
  readonly standIns: Record<string, StandIn>;
}

/**
 * `answers`: the first argv prefix that matches a `gh` call gives its stdout. `gh run download
 * RUN --name NAME --dir DIR` copies the artifact NAME.
 */
export function platform(answers: ReadonlyArray<readonly [readonly string[], string]>): Platform {
  const root = mkdtempSync(path.join(tmpdir(), 'kustodian-github-'));
  const bin = path.join(root, 'bin');
  const artifacts = path.join(root, 'artifacts');
  const calls = path.join(root, 'gh-calls.jsonl');
  const comments = path.join(root, 'comments.jsonl');
  mkdirSync(bin);
  mkdirSync(artifacts);
  writeFileSync(calls, '');
  writeFileSync(comments, '');
  writeFileSync(path.join(root, 'answers.json'), JSON.stringify(answers));
  const gh = path.join(bin, 'gh');
  writeFileSync(
    gh,
    `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify(args) + '\\n');
if (args[0] === 'run' && args[1] === 'download') {
  const name = args[args.indexOf('--name') + 1];
  const dir = args[args.indexOf('--dir') + 1];
  fs.cpSync(path.join(${JSON.stringify(artifacts)}, name), dir, { recursive: true });
  process.exit(0);
}
for (const [prefix, out] of JSON.parse(fs.readFileSync(${JSON.stringify(path.join(root, 'answers.json'))}, 'utf8'))) {
  if (prefix.every((w, i) => args[i] === w)) { process.stdout.write(out); process.exit(0); }
}
process.stdout.write('');
`,
  );
  chmodSync(gh, 0o755);

  const upload: StandIn = (inputs, cwd) => {
    const dest = path.join(artifacts, inputs['name'] ?? 'artifact');
    mkdirSync(dest, { recursive: true });
    const paths = (inputs['path'] ?? '').split('\n').map((p) => p.trim()).filter((p) => p !== '');
    for (const p of paths) {
      if (existsSync(path.join(cwd, p))) cpSync(path.join(cwd, p), path.join(dest, path.basename(p)), { recursive: true });
      else if (inputs['if-no-files-found'] === 'error') throw new Error(`upload-artifact: ${p} does not exist`);
    }
  };

  const githubScript: StandIn = (inputs, cwd) => {
    const script = inputs['script'] ?? '';
    const runner = `
const fs = require('node:fs');
const record = (body) => fs.appendFileSync(${JSON.stringify(comments)}, JSON.stringify(body) + '\\n');
const github = {
  paginate: async () => [],
  rest: { issues: { listComments: async () => ({ data: [] }), createComment: async (a) => record(a.body), updateComment: async (a) => record(a.body) } },
};
const context = { serverUrl: 'https://github.com', runId: 1, repo: { owner: 'your-org', repo: 'kusto-gitops' }, issue: { number: 7 } };
(async () => { ${script}\n })().catch((e) => { console.error(e); process.exit(1); });
`;
    const r = spawnSync(process.execPath, ['-e', runner], { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`github-script failed: ${r.stderr}`);
  };

  const nothing: StandIn = () => undefined;
  const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  return {
    bin,
    artifacts,
    ghCalls: () => lines(calls).map((l) => JSON.parse(l) as string[]),
    comments: () => lines(comments).map((l) => JSON.parse(l) as string),
    standIns: {
      'actions/checkout': nothing,
      'actions/setup-node': nothing,
      // The runner's environment already points kustodian at the emulator, as azure/login
      // would leave an Azure CLI sign-in for DefaultAzureCredential.
      'azure/login': nothing,
      'actions/upload-artifact': upload,
      'actions/github-script': githubScript,
    },
  };
}
