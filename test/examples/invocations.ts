/**
 * Finds every `kustodian <command> ...` a CI or Kubernetes example runs, and checks it against
 * the real commander program: the command exists, every option is one of that command's, every
 * literal value of an option with choices is one of them, and the required arguments are there.
 * So an example cannot keep a flag that was renamed or removed.
 *
 * What counts as running kustodian: in the shell scripts of `run:` (GitHub Actions), `script:`,
 * `bash:` and `inlineScript:` (Azure Pipelines; not a `with: script:`, which is JavaScript for
 * actions/github-script) and of a container's `command`/`args` (an
 * `sh -c` script, or the argv itself), a simple command whose program is `kustodian` or
 * `npx [--yes] kustodian[@version]`, or `[path/]node_modules/.bin/kustodian`. Quoted text (an `echo "run kustodian plan"`) is not a
 * command.
 */
import type { Command, Option } from 'commander';

export interface Invocation {
  /** Where it was found: file and YAML path. */
  readonly where: string;
  /** The words after `kustodian`, quotes removed. */
  readonly argv: readonly string[];
}

interface Word {
  readonly kind: 'word';
  readonly text: string;
  /** Some of it was in quotes: text, not a program name. */
  readonly quoted: boolean;
}
type Token = Word | { readonly kind: 'op'; readonly text: string };

const SCRIPT_KEYS = new Set(['run', 'script', 'bash', 'inlineScript']);
const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash']);
/** Words that may stand before a command without being it. */
const PREFIXES = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', 'exec', 'command', '{']);
/** `kustodian`, `kustodian@VERSION` (after npx), or the bin an install put in node_modules. */
const KUSTODIAN = /^(?:(?:[\w./-]*\/)?node_modules\/\.bin\/)?kustodian(@[\w.^~<>=-]+)?$/;

/** Shell words and operators, with line continuations joined and comments dropped. */
export function tokenize(script: string): Token[] {
  const text = script.replace(/\\\r?\n/g, ' ');
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      tokens.push({ kind: 'op', text: ';' });
      i += 1;
    } else if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else {
      const op = /^(\$\(|&&|\|\||[0-9]?>>|[0-9]?>&[0-9]|[0-9]?>|<|[|;&()])/.exec(text.slice(i))?.[0];
      if (op !== undefined) {
        tokens.push({ kind: 'op', text: op });
        i += op.length;
        continue;
      }
      let word = '';
      let quoted = false;
      while (i < text.length && !/[\s;&|()<>]/.test(text[i] ?? '')) {
        const c = text[i] ?? '';
        if (c === "'" || c === '"') {
          quoted = true;
          const end = text.indexOf(c, i + 1);
          const stop = end < 0 ? text.length : end;
          word += text.slice(i + 1, stop);
          i = stop + 1;
        } else if (c === '$' && text[i + 1] === '(') {
          break;
        } else {
          word += c;
          i += 1;
        }
      }
      if (word === '' && !quoted) {
        i += 1;
        continue;
      }
      tokens.push({ kind: 'word', text: word, quoted });
    }
  }
  return tokens;
}

/** The simple commands of a script, each as its words (redirections removed). */
function simpleCommands(tokens: readonly Token[]): Word[][] {
  const out: Word[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    if (t.kind === 'op') {
      if (/>|</.test(t.text)) {
        if (!/>&/.test(t.text)) i += 1; // the redirection's target
        continue;
      }
      out.push([]);
      continue;
    }
    out[out.length - 1]?.push(t);
  }
  return out;
}

/** The arguments after `kustodian` when this simple command runs it. */
function kustodianArgs(words: readonly Word[]): string[] | undefined {
  const plain = (n: number): string | undefined => {
    const w = words[n];
    return w === undefined || w.quoted ? undefined : w.text;
  };
  const skippable = (w: string | undefined): boolean => w !== undefined && (PREFIXES.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  let i = 0;
  while (skippable(plain(i))) i += 1;
  if (plain(i) === 'npx') {
    i += 1;
    while (/^-/.test(plain(i) ?? '')) i += 1;
  }
  const program = plain(i);
  if (program === undefined || !KUSTODIAN.test(program)) return undefined;
  return words.slice(i + 1).map((w) => w.text);
}

export function invocationsInScript(script: string, where: string): Invocation[] {
  return simpleCommands(tokenize(script)).flatMap((words) => {
    const argv = kustodianArgs(words);
    return argv === undefined ? [] : [{ where, argv }];
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every invocation in a parsed YAML document. */
export function invocationsIn(doc: unknown, where: string): Invocation[] {
  const found: Invocation[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${path}[${i}]`));
      return;
    }
    if (!isRecord(node)) return;
    const command = node['command'];
    if (Array.isArray(command) && command.every((c) => typeof c === 'string')) {
      const args = Array.isArray(node['args']) ? node['args'].filter((a): a is string => typeof a === 'string') : [];
      const argv = [...command, ...args];
      if (SHELLS.has(argv[0] ?? '') && argv[1] === '-c') found.push(...invocationsInScript(argv[2] ?? '', `${where}:${path}.args`));
      else {
        const words: Word[] = argv.map((a) => ({ kind: 'word', text: a, quoted: false }));
        const kargs = kustodianArgs(words);
        if (kargs !== undefined) found.push({ where: `${where}:${path}.command`, argv: kargs });
      }
    }
    for (const [key, value] of Object.entries(node)) {
      // `with: script:` of actions/github-script is JavaScript, not shell.
      const shell = SCRIPT_KEYS.has(key) && !path.endsWith('.with');
      if (shell && typeof value === 'string') found.push(...invocationsInScript(value, `${where}:${path}.${key}`));
      else visit(value, `${path}.${key}`);
    }
  };
  visit(doc, '');
  return found;
}

function takesValue(o: Option): boolean {
  return o.required || o.optional;
}

/** What is wrong with an invocation, as messages; empty when the real CLI accepts it. */
export function problemsOf(invocation: Invocation, program: Command): string[] {
  const [name, ...rest] = invocation.argv;
  const cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ''));
  if (!cmd) return [`unknown command "${name ?? ''}" (commands: ${program.commands.map((c) => c.name()).join(', ')})`];
  const problems: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    if (word === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positional.push(word);
      continue;
    }
    const [flag = '', inline] = word.split(/=(.*)/s);
    if (flag === '--help' || flag === '-h') continue;
    // The command's own options, then the program's (--no-color, --debug).
    const option = [...cmd.options, ...program.options].find((o) => o.long === flag || o.short === flag);
    if (!option) {
      problems.push(`kustodian ${cmd.name()}: unknown option ${flag}`);
      continue;
    }
    if (option.hidden) problems.push(`kustodian ${cmd.name()}: ${flag} is an old spelling, kept for one version (see kustodian ${cmd.name()} --help)`);
    if (!takesValue(option)) {
      if (inline !== undefined) problems.push(`kustodian ${cmd.name()}: ${flag} takes no value`);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) {
      if (option.required) problems.push(`kustodian ${cmd.name()}: ${flag} needs a value`);
      continue;
    }
    const literal = !value.includes('$');
    if (literal && option.flags.includes('<duration>') && /^\d+(?:\.\d+)?$/.test(value) && Number(value) !== 0) {
      problems.push(`kustodian ${cmd.name()}: ${flag} ${value} needs a unit (e.g. ${value}s)`);
    }
    if (literal && option.argChoices && !option.argChoices.includes(value)) {
      problems.push(`kustodian ${cmd.name()}: ${flag} ${value} is not one of ${option.argChoices.join(', ')}`);
    }
  }
  const required = cmd.registeredArguments.filter((a) => a.required).length;
  if (positional.length < required) problems.push(`kustodian ${cmd.name()}: needs ${required} argument(s), got ${positional.length}`);
  return problems;
}
