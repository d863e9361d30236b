/**
 * The CLI's conventions, checked on every command the program has (found by walking it, not
 * listed here), through `--help` as a user reads it:
 * - a choice of output format is `-o, --output <format>`; an old spelling is hidden, still
 *   accepted, and says on stderr which flag replaces it;
 * - a duration flag takes `<duration>` (500ms, 30s, 10m, 1h) and the help that describes it says
 *   what a duration is;
 * - `--no-color` and `--debug` are accepted by every command and listed in its help;
 * - the Azure connection options are listed once, by name, under their heading in each command
 *   that takes them, and described once, in `kustodian help azure`;
 * - no help is longer than MAX_HELP_LINES lines or wider than 80 columns.
 *
 * MAX_HELP_LINES is 40: a help that fits one 80×40 terminal is read whole, without scrolling
 * back. The longest today, `reconcile`, has 20 options of its own, one line each.
 */
import { PassThrough } from 'node:stream';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { DURATION_SYNTAX } from '../../src/cli/options/duration.js';
import { AZURE_LIST_HEADING, AZURE_OPTIONS_HEADING } from '../../src/cli/help/help-layout.js';
import type { CliIO } from '../../src/cli/process/io.js';
import { buildProgram, main } from '../../src/cli/main.js';

const MAX_HELP_LINES = 40;
const MAX_HELP_WIDTH = 80;

function captureIO(env: NodeJS.ProcessEnv = {}): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd() }, out: () => out, err: () => err };
}

async function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIO(env);
  const code = await main(['node', 'kustodian', ...args], c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

const program = await buildProgram(captureIO().io, () => undefined);

/** Every command of the program with its words (`['report', 'merge']`), the program first. */
function commandsOf(cmd: Command, path: readonly string[] = []): { path: readonly string[]; cmd: Command }[] {
  return [{ path, cmd }, ...cmd.commands.flatMap((sub) => commandsOf(sub, [...path, sub.name()]))];
}
const COMMANDS = commandsOf(program);
const LEAVES = COMMANDS.filter((c) => c.path.length > 0);
const name = (path: readonly string[]): string => ['kustodian', ...path].join(' ');

const helps = new Map<string, string>();
async function helpOf(path: readonly string[]): Promise<string> {
  const key = path.join(' ');
  if (!helps.has(key)) {
    const r = await run([...path, '--help']);
    expect(r.code, `${name(path)} --help`).toBe(0);
    helps.set(key, r.stdout);
  }
  return helps.get(key) ?? '';
}

const isAzure = (o: Option): boolean => o.helpGroupHeading === AZURE_OPTIONS_HEADING;

/** An option that picks how output is written: by its name, its value's name or its choices. */
const choosesFormat = (o: Option): boolean =>
  /format|output|stdout/.test(o.long ?? '') || o.flags.includes('<format>') || (o.argChoices ?? []).some((c) => ['json', 'yaml', 'markdown'].includes(c));

/** An option that takes a time: by its name, its value's name or its description. */
const takesTime = (o: Option): boolean =>
  /interval|timeout|duration|lag|delay|wait|period|every/.test(o.long ?? '') || /<(ms|seconds|secs|minutes|duration)>/.test(o.flags) || /\bhow long\b|\bwait\b/.test(o.description);

describe('the program has the commands this test walks', () => {
  it('finds every command, nested ones included', () => {
    // Not the list the checks below run on: a floor, so an empty walk cannot pass them.
    expect(LEAVES.map((c) => name(c.path))).toEqual(expect.arrayContaining(['kustodian plan', 'kustodian apply', 'kustodian report merge', 'kustodian emulator', 'kustodian completion', 'kustodian azure']));
    expect(LEAVES.length).toBeGreaterThanOrEqual(14);
  });
});

describe.each(COMMANDS.map((c) => [name(c.path), c] as const))('%s', (_, { path, cmd }) => {
  it(`--help fits ${MAX_HELP_LINES} lines of ${MAX_HELP_WIDTH} columns`, async () => {
    const lines = (await helpOf(path)).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(MAX_HELP_LINES);
    expect(lines.filter((l) => l.length > MAX_HELP_WIDTH)).toEqual([]);
  });

  it('a choice of output format is -o, --output <format>; an old spelling is hidden', () => {
    for (const o of cmd.options.filter(choosesFormat)) {
      if (o.hidden) continue;
      expect(o.flags, `${name(path)} ${o.flags}`).toBe('-o, --output <format>');
      expect(o.argChoices, `${name(path)} -o has its choices`).toBeDefined();
    }
  });

  it('every old spelling still works: it says which flag replaces it and sets that flag', async () => {
    for (const o of cmd.options.filter((x) => x.hidden)) {
      const c = captureIO();
      const fresh = await buildProgram(c.io, () => undefined);
      const target = path.reduce<Command | undefined>((c, word) => c?.commands.find((s) => s.name() === word), fresh);
      if (target === undefined) throw new Error(`no ${name(path)} in a fresh program`);
      let seen: Record<string, unknown> = {};
      target.action(() => {
        seen = target.opts();
      });
      const value = o.required ? [o.argChoices?.at(-1) ?? 'x'] : [];
      const args = [...path, o.long ?? '', ...value, ...(target.registeredArguments.some((a) => a.required) ? ['arg'] : [])];
      await fresh.parseAsync(['node', 'kustodian', ...args]);
      expect(c.err(), args.join(' ')).toMatch(new RegExp(`^kustodian: ${o.long} is deprecated and goes in the next version: use -o \\S+ instead\\n$`));
      const replacement = /use -o (\S+) instead/.exec(c.err())?.[1];
      expect(seen['output'], args.join(' ')).toBe(replacement);
    }
  });

  it('a duration flag takes <duration>, and its help says what a duration is', async () => {
    for (const o of cmd.options.filter((x) => takesTime(x) && !x.hidden)) {
      expect(o.flags, `${name(path)} ${o.flags}`).toMatch(/ <duration>$/);
      // An Azure option is described in the topic; any other in the command's own help.
      const describedIn = isAzure(o) && path[0] !== 'azure' ? await helpOf(['azure']) : await helpOf(path);
      expect(describedIn).toContain(o.flags);
      expect(describedIn).toContain(DURATION_SYNTAX);
    }
  });

  it('takes --no-color and --debug, and lists them', async () => {
    const r = await run([...path, '--no-color', '--debug', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    if (path[0] === 'azure') return; // the topic lists only what it is about
    expect(r.stdout).toMatch(/^ {2}--no-color {2,}\S/m);
    expect(r.stdout).toMatch(/^ {2}--debug {2,}\S/m);
  });

  it('lists the Azure connection options once, by name, under their heading', async () => {
    const azure = cmd.options.filter(isAzure).map((o) => o.long ?? '');
    const help = await helpOf(path);
    if (path[0] === 'azure') {
      // The topic: each with its description, under the heading.
      const [, section = ''] = help.split(`${AZURE_OPTIONS_HEADING}\n`);
      for (const flag of azure) expect(section).toMatch(new RegExp(`^ {2}${flag}\\b.* {2,}\\S`, 'm'));
      return;
    }
    const heading = AZURE_LIST_HEADING;
    if (azure.length === 0) {
      expect(help).not.toContain(AZURE_OPTIONS_HEADING.slice(0, -1));
      return;
    }
    const [before = '', after = ''] = help.split(`${heading}\n`);
    expect(after, 'the heading').not.toBe('');
    const listed = after.split('\n\n')[0]?.trim().split(/\s+/) ?? [];
    expect(listed).toEqual(azure);
    for (const flag of azure) expect(before, `${flag} only under the heading`).not.toMatch(new RegExp(`${flag}\\b`));
  });
});

describe('the global options do what they say', () => {
  it('--no-color: no ANSI colour even where FORCE_COLOR asks for it', async () => {
    const coloured = await run(['validate', 'no-such-dir'], { FORCE_COLOR: '1' });
    expect(coloured.stderr).toContain('\u001b[');
    const plain = await run(['validate', 'no-such-dir', '--no-color'], { FORCE_COLOR: '1' });
    expect(plain.stderr).not.toContain('\u001b[');
    expect(plain.stderr.replace(/\s+/g, ' ')).toBe(coloured.stderr.replace(/\u001b\[\d+m/g, '').replace(/\s+/g, ' '));
  });

  it('KUSTODIAN_LOG with another level than debug is said to be ignored', async () => {
    const { debugLogOf } = await import('../../src/cli/options/global-options.js');
    const c = captureIO({ KUSTODIAN_LOG: 'trace' });
    expect(debugLogOf(c.io)).toBeUndefined();
    expect(c.err()).toBe('kustodian: KUSTODIAN_LOG=trace is ignored: the only level is debug (KUSTODIAN_LOG=debug, or --debug)\n');
    expect(debugLogOf(captureIO({ KUSTODIAN_LOG: 'debug' }).io)).toBeDefined();
    expect(debugLogOf(captureIO({}).io)).toBeUndefined();
  });
});

describe('the program help', () => {
  it('says the exit codes, where the Azure options are described, and how to get completion', async () => {
    const help = (await helpOf([])).replace(/\s+/g, ' ');
    expect(help).toContain('Exit codes: 0 success; 1 error; 2 changes found (with --detailed-exitcode, and drift by default); 3 changes a safety rule refused; 130 interrupted (Ctrl-C).');
    expect(help).toMatch(/Help topics: azure /);
    expect(help).toContain('kustodian completion bash|zsh|fish');
  });

  it('the Azure topic mentions AZURE_LOG_LEVEL and --debug', async () => {
    const help = (await helpOf(['azure'])).replace(/\s+/g, ' ');
    expect(help).toContain('AZURE_LOG_LEVEL=info');
    expect(help).toContain('--debug');
  });
});
