#!/usr/bin/env node
/**
 * `npm run reliability`: runs the heavy reliability suites at full size (KUSTODIAN_RELIABILITY=
 * full: the fault matrix three times over, 60 seeded SIGKILL points, 10 rounds of concurrent
 * applies, ten times the fuzzed requests), then adds up the figures the suites record and
 * writes them into docs/reliability.md between its figure markers. Needs dist/ (npm run build
 * runs first). Exits non-zero, leaving the document alone, if any test fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SUITES = [
  'test/reliability/faults.e2e.test.ts',
  'test/reliability/kills.e2e.test.ts',
  'test/reliability/restart.e2e.test.ts',
  'test/reliability/concurrent.e2e.test.ts',
  'test/corpus/corpus.test.ts',
  'test/emulator/fuzz.property.test.ts',
];
const DOC = join(ROOT, 'docs/reliability.md');
const START = '<!-- figures: written by npm run reliability -->';
const END = '<!-- /figures -->';

const work = mkdtempSync(join(tmpdir(), 'kustodian-reliability-'));
const figuresFile = join(work, 'figures.jsonl');
const resultsFile = join(work, 'vitest.json');
writeFileSync(figuresFile, '');

const started = Date.now();
const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...SUITES, '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, KUSTODIAN_RELIABILITY: 'full', KUSTODIAN_FIGURES: figuresFile },
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { numTotalTests: 0, numPassedTests: 0, numFailedTests: 0 };
const records = readFileSync(figuresFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const sum = (suite, key) => records.filter((r) => suite === '*' || r.suite === suite).reduce((n, r) => n + (r[key] ?? 0), 0);

const rows = [
  ['Tests run / passed / failed', `${results.numTotalTests} / ${results.numPassedTests} / ${results.numFailedTests}`],
  ['Fault-matrix cases run (12 kinds of fault × 3 rounds)', sum('faults', 'cases')],
  ['Injected faults survived (429, 5xx, dropped connections, 409, failed and endless operations)', sum('faults', 'faultsInjected')],
  ['Emulator restarts mid-apply survived', sum('restart', 'cases')],
  ['SIGKILL kill points run (seeded)', sum('kills', 'cases')],
  ['…of which the kill landed mid-apply (process killed, then re-run)', sum('kills', 'killsSurvived')],
  ['Concurrent-apply rounds (two trees at once)', sum('concurrent', 'cases')],
  ['Live connections checked after a kill or a race', sum('kills', 'connectionsChecked') + sum('concurrent', 'connectionsChecked')],
  ['Connections lost', sum('*', 'lost')],
  ['Connections duplicated', sum('*', 'duplicated')],
  ['Hostile manifest trees in the corpus (validate + plan + apply each)', sum('corpus', 'corpusCases')],
  ['Fuzzed HTTP requests sent to the emulator', sum('fuzz', 'fuzzRequests')],
];
const table = [
  `Last run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} CPUs, ${minutes} minutes.`,
  '',
  '| figure | value |',
  '|---|---|',
  ...rows.map(([k, v]) => `| ${k} | ${v} |`),
].join('\n');
console.log(`\n${table}\n`);

if (run.status !== 0 || results.numFailedTests > 0) {
  console.error(`reliability: tests failed (exit ${run.status}); ${DOC} was not updated.`);
  process.exit(1);
}
const doc = readFileSync(DOC, 'utf8');
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < from) {
  console.error(`reliability: ${DOC} has no ${START} … ${END} block to write the figures into.`);
  process.exit(1);
}
writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`);
console.log(`reliability: figures written to ${DOC}`);
