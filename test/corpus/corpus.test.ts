/**
 * The hostile corpus: invalid and malicious manifest trees (cases/*, and generated.ts for what
 * git should not hold). For each, `validate`, `plan` and `apply --auto-approve` run through the
 * CLI's main() against the emulator, and each must: exit 1; report exactly the expected
 * diagnostics (code, file, line, column); not crash (no uncaught error reaching main); finish
 * within a time bound; never print a credential the case holds; and send the emulator no
 * request at all, so certainly no write.
 *
 * A case's expected.json: { about, env?, diagnostics: [{ code, severity, file, line, col }],
 * neverMentions? }. With UPDATE_GOLDEN=1 the expected diagnostics are rewritten from the
 * current output (then review the diff).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { printable } from '../../src/core/printable.js';
import { captureIO } from '../helpers.js';
import { useEmulator } from '../support/emulator.js';
import { recordFigures } from '../support/figures.js';
import { GENERATED, type ExpectedDiagnostic } from './generated.js';

interface Expected {
  readonly about: string;
  readonly env?: Record<string, string>;
  readonly diagnostics: ExpectedDiagnostic[];
  readonly neverMentions?: string[];
}

interface Case {
  readonly name: string;
  readonly expected: Expected;
  readonly paths: readonly string[];
  /** Makes the tree and answers its directory. */
  readonly prepare: () => string;
  readonly expectedFile?: string;
}

/** Each command must finish well within this. */
const BOUND_MS = 10_000;

const casesDir = join(import.meta.dirname, 'cases');
const scratch: string[] = [];

const committed: Case[] = readdirSync(casesDir)
  .sort()
  .map((name) => {
    const expectedFile = join(casesDir, name, 'expected.json');
    return { name, expected: JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected, paths: ['.'], prepare: () => join(casesDir, name), expectedFile };
  });

const generated: Case[] = GENERATED.map((g) => ({
  name: `generated/${g.name}`,
  expected: { about: g.about, diagnostics: [...g.diagnostics] },
  paths: g.paths ?? ['.'],
  prepare: () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustodian-corpus-'));
    scratch.push(dir);
    g.build(dir);
    return dir;
  },
}));

const CASES = [...committed, ...generated];

const fx = useEmulator();
let caFile = '';
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'kustodian-corpus-ca-'));
  scratch.push(dir);
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, fx.emu().ca);
});
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
  recordFigures('corpus', { corpusCases: CASES.length, cases: CASES.length });
});

async function run(args: readonly string[], dir: string, env: Record<string, string>) {
  const io = captureIO(dir, env);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${args[0]} did not finish within ${BOUND_MS} ms`)), BOUND_MS);
  });
  try {
    const code = await Promise.race([main(['node', 'kustodian', ...args], io), bound]);
    return { code, stdout: io.out(), stderr: io.err() };
  } finally {
    clearTimeout(timer);
  }
}

const located = (d: { code: string; severity: string; source?: { file: string; line: number; col: number } }) => ({
  code: d.code,
  severity: d.severity,
  file: d.source?.file,
  line: d.source?.line,
  col: d.source?.col,
});

describe('the hostile corpus', () => {
  it('holds at least 100 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
  });

  it.each(CASES)('$name', async (c) => {
    const dir = c.prepare();
    const env = c.expected.env ?? {};
    const azure = ['--endpoint', fx.emu().endpoint, '--ca-file', caFile, '--credential', 'emulator'];
    fx.emu().control.clearRequests();

    const validate = await run(['validate', '-o', 'json', ...c.paths], dir, env);
    const report = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Parameters<typeof located>[0][] };
    const actual = report.diagnostics.map(located);
    if (process.env['UPDATE_GOLDEN'] === '1' && c.expectedFile !== undefined) {
      writeFileSync(c.expectedFile, `${JSON.stringify({ ...c.expected, diagnostics: actual }, null, 2)}\n`);
    }
    expect(validate.code, c.expected.about).toBe(1);
    expect(report.valid).toBe(false);
    expect(actual, c.expected.about).toEqual(c.expected.diagnostics);

    const errors = c.expected.diagnostics.filter((d) => d.severity === 'error');
    for (const command of [['plan'], ['apply', '--auto-approve']]) {
      const result = await run([...command, ...c.paths, ...azure], dir, env);
      expect(result.code, `${command[0]}: ${result.stderr}`).toBe(1);
      expect(result.stdout, command[0]).toBe('');
      // Every problem is reported as a diagnostic; nothing escaped to main()'s last-resort handler.
      expect(result.stderr).not.toMatch(/^kustodian: /m);
      for (const d of errors) expect(result.stderr).toContain(`${printable(d.file)}:${d.line}:${d.col}: error ${d.code}: `);
      for (const secret of c.expected.neverMentions ?? []) expect(result.stderr).not.toContain(secret);
    }
    for (const secret of c.expected.neverMentions ?? []) expect(validate.stdout).not.toContain(secret);
    expect(fx.emu().control.requests(), 'requests to Azure').toEqual([]);
  });
});
