#!/usr/bin/env node
/**
 * The step of action.yml that runs kustodian: the version installed in the working directory
 * (node_modules/.bin/kustodian, from the repository's package-lock.json), with the words of the
 * `command` input, its output shown in the log and kept in files, the markdown plan or report
 * written to the job summary, and the outputs `exitcode`, `has-changes`, `markdown`, `stdout`
 * and `stderr`. Node's own modules only: the action runs before anything else is installed.
 *
 * Inputs arrive as environment variables (KUSTODIAN_ACTION_COMMAND, KUSTODIAN_ACTION_SUMMARY),
 * never spliced into a script, so a command line cannot run anything but kustodian.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The words of a command line as a POSIX shell splits them, without expanding anything. */
export function splitWords(line) {
  const words = [];
  let word = '';
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word += line.slice(i + 1, end);
      started = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && /["\\$`]/.test(line[j + 1] ?? '')) j += 1;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
      started = true;
      i = j;
    } else if (c === '\\' && i + 1 < line.length) {
      if (line[i + 1] !== '\n') word += line[i + 1];
      started = true;
      i += 1;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += c;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** The value of `--flag VALUE`, `--flag=VALUE` or (for a short flag) `-fVALUE` in `args`. */
export function optionValue(args, ...flags) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    for (const f of flags) {
      if (a === f) return args[i + 1];
      if (a.startsWith(`${f}=`)) return a.slice(f.length + 1);
      if (!f.startsWith('--') && a.startsWith(f) && a.length > f.length) return a.slice(f.length);
    }
  }
  return undefined;
}

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fenced(text, info) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}\n`;
}

function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  const text = String(value);
  if (!file) return;
  if (/[\r\n]/.test(text)) throw new Error(`output ${name} would span lines`);
  appendFileSync(file, `${name}=${text}\n`);
}

function run(bin, args, out, err) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const outFile = createWriteStream(out);
    const errFile = createWriteStream(err);
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      outFile.write(c);
    });
    child.stderr.on('data', (c) => {
      process.stderr.write(c);
      errFile.write(c);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      outFile.end();
      errFile.end();
      Promise.all([new Promise((r) => outFile.on('close', r)), new Promise((r) => errFile.on('close', r))]).then(() =>
        resolve(code ?? (signal === 'SIGINT' ? 130 : 1)),
      );
    });
  });
}

async function main() {
  const line = process.env.KUSTODIAN_ACTION_COMMAND ?? '';
  const args = splitWords(line);
  if (args.length === 0) {
    console.log('::error title=kustodian::The `command` input is empty: give the kustodian command to run, e.g. `plan --out plan.json`.');
    return 1;
  }
  const bin = path.resolve('node_modules', '.bin', 'kustodian');
  if (!existsSync(bin)) {
    console.log(
      `::error title=kustodian is not installed::${bin} does not exist. Add kustodian to the manifests repository (npm install --save-dev --save-exact kustodian, commit package.json and package-lock.json), or leave the action's install input at true.`,
    );
    return 1;
  }
  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'kustodian-'));
  const stdout = path.join(dir, 'stdout');
  const stderr = path.join(dir, 'stderr');
  const code = await run(bin, args, stdout, stderr);

  const [command] = args;
  const format = optionValue(args, '-o', '--output');
  const saved = command === 'plan' ? optionValue(args, '--out') : undefined;
  let markdown = '';
  let hasChanges = code === 2;
  if (format === 'markdown') {
    markdown = stdout;
  } else if (saved !== undefined && (code === 0 || code === 2 || code === 3) && existsSync(saved)) {
    markdown = path.join(dir, 'plan.md');
    const shown = spawnSync(bin, ['show', saved, '-o', 'markdown'], { encoding: 'utf8' });
    if (shown.status !== 0) {
      process.stderr.write(shown.stderr);
      return 1;
    }
    writeFileSync(markdown, shown.stdout);
    hasChanges = JSON.parse(readFileSync(saved, 'utf8')).plan.changes.length > 0;
  }

  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary && process.env.KUSTODIAN_ACTION_SUMMARY !== 'false') {
    // Exit code 3 (apply would refuse part of the plan) shows the plan: it says what and why.
    if (markdown !== '') appendFileSync(summary, readFileSync(markdown, 'utf8'));
    else {
      const text = readFileSync(stdout, 'utf8');
      if (text !== '') appendFileSync(summary, `### kustodian ${command}\n\n${fenced(text, 'text')}`);
    }
    if (code !== 0 && code !== 2 && markdown === '') appendFileSync(summary, `\n**kustodian ${command} failed (exit code ${code})**:\n\n${fenced(readFileSync(stderr, 'utf8'), 'text')}`);
  }

  setOutput('exitcode', code);
  setOutput('has-changes', hasChanges ? 'true' : 'false');
  setOutput('markdown', markdown);
  setOutput('stdout', stdout);
  setOutput('stderr', stderr);
  // 2 is "changes present" (plan/drift --detailed-exitcode, reconcile): not a failed step.
  return code === 0 || code === 2 ? 0 : code;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.log(`::error title=kustodian action::${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
