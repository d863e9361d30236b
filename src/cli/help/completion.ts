/**
 * Shell completion scripts, generated from the commander program itself: its commands (nested
 * ones too), their visible options, the global options, and an option's values where it has
 * choices. A value without choices, and a command's paths, complete as file names.
 *
 * One model (`completionModel`), three writers. bash is the reference; zsh loads the same
 * function through its bash compatibility (bashcompinit, as terraform's completion does); fish
 * has its own `complete` lines.
 */
import type { Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletedOption {
  /** `-o`, `--output`, `--no-color`: every name it answers to. */
  readonly names: readonly string[];
  readonly takesValue: boolean;
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface CompletedCommand {
  /** The command words after `kustodian`: [] for the program, ['report', 'merge'] for a nested one. */
  readonly path: readonly string[];
  readonly description: string;
  readonly subcommands: readonly string[];
  /** The choices of its first argument (`completion bash|zsh|fish`), if it has some. */
  readonly values: readonly string[];
  /** Its own options, the global ones and --help. */
  readonly options: readonly CompletedOption[];
}

/** Names and choices go into shell code unquoted: they must be plain words. */
const WORD = /^[A-Za-z0-9._:/=@+-]+$/;

function word(text: string, what: string): string {
  if (!WORD.test(text)) throw new Error(`cannot complete ${what} ${JSON.stringify(text)}: only letters, digits and ._:/=@+- are written into completion scripts`);
  return text;
}

function completedOption(option: Option): CompletedOption {
  const names = [option.short, option.long].filter((n): n is string => n !== undefined).map((n) => word(n, 'option'));
  return {
    names,
    // An optional value (`--validate-remote[=warn]`) is written with =, so the next word is not its value.
    takesValue: option.required,
    ...(option.argChoices ? { choices: option.argChoices.map((c) => word(c, `a value of ${names.join('/')}`)) } : {}),
    description: option.description,
  };
}

const visible = (cmd: Command): boolean => !(cmd as unknown as { _hidden?: boolean })._hidden;

/** The options `cmd` accepts that help shows: its own, its ancestors' (global), and --help. */
function optionsOf(cmd: Command): Option[] {
  const own: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) {
    own.push(...c.options.filter((o) => !o.hidden && (c === cmd || o.long !== '--version')));
  }
  const help = cmd.createHelp().visibleOptions(cmd).find((o) => o.long === '--help');
  return help ? [...own, help] : own;
}

/** Every command of the program, the program first, parents before their subcommands. */
export function completionModel(program: Command): CompletedCommand[] {
  const out: CompletedCommand[] = [];
  const walk = (cmd: Command, path: readonly string[]): void => {
    const subs = cmd.commands.filter(visible);
    out.push({
      path,
      description: cmd.summary() || cmd.description(),
      subcommands: subs.map((s) => word(s.name(), 'command')),
      values: (cmd.registeredArguments[0]?.argChoices ?? []).map((v) => word(v, `a value of ${cmd.name()}`)),
      options: optionsOf(cmd).map(completedOption),
    });
    for (const sub of subs) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

const key = (path: readonly string[]): string => path.join('/');

function bashFunction(model: readonly CompletedCommand[], name: string): string[] {
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const steps = model.flatMap((c) => c.subcommands.map((s) => `      "${key(c.path)}:${s}") path="${key([...c.path, s])}" ;;`));
  const values = model.flatMap((c) =>
    c.options
      .filter((o) => o.takesValue)
      .map((o) => {
        const patterns = o.names.map((n) => `"${key(c.path)}:${n}"`).join('|');
        return o.choices
          ? `    ${patterns}) COMPREPLY=($(compgen -W "${o.choices.join(' ')}" -- "$cur")); return 0 ;;`
          : `    ${patterns}) return 0 ;;`;
      }),
  );
  const words = model.map((c) => {
    const options = c.options.flatMap((o) => o.names).join(' ');
    return `    "${key(c.path)}") subs="${[...c.subcommands, ...c.values].join(' ')}"; opts="${options}" ;;`;
  });
  return [
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="" subs="" opts="" i',
    '  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  # The command so far: each word that names a subcommand of the one before it.',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "$path:${COMP_WORDS[i]}" in',
    ...steps,
    '    esac',
    '  done',
    '  # The value of an option: its choices, or (none given) file names.',
    '  case "$path:$prev" in',
    ...values,
    '  esac',
    '  case "$path" in',
    ...words,
    '  esac',
    '  # An option; a subcommand; or (none) file names, for the paths a command reads.',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '  elif [[ -n "$subs" ]]; then',
    '    COMPREPLY=($(compgen -W "$subs" -- "$cur"))',
    '  fi',
    '  return 0',
    '}',
    `complete -o default -F ${fn} ${name}`,
  ];
}

export function bashCompletion(program: Command): string {
  const name = program.name();
  return [`# ${name} completion for bash. Load it with:  source <(${name} completion bash)`, ...bashFunction(completionModel(program), name), ''].join('\n');
}

export function zshCompletion(program: Command): string {
  const name = program.name();
  return [
    `# ${name} completion for zsh. Load it (e.g. in ~/.zshrc) with:  source <(${name} completion zsh)`,
    "# It runs the bash completion function through zsh's bashcompinit (zsh filters the words).",
    '(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }',
    'autoload -U +X bashcompinit && bashcompinit',
    ...bashFunction(completionModel(program), name),
    '',
  ].join('\n');
}

/** A fish single-quoted string. */
const fishQuote = (text: string): string => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;

export function fishCompletion(program: Command): string {
  const name = program.name();
  const model = completionModel(program);
  const lines = [`# ${name} completion for fish. Load it with:  ${name} completion fish | source`, `complete -c ${name} -e`];
  for (const c of model) {
    // Where the command line is: every word of the path seen, and no subcommand of it yet.
    const seen = c.path.map((w) => `__fish_seen_subcommand_from ${w}`);
    const atPath = c.path.length === 0 ? ['__fish_use_subcommand'] : [...seen, ...(c.subcommands.length > 0 ? [`not __fish_seen_subcommand_from ${c.subcommands.join(' ')}`] : [])];
    const condition = fishQuote(atPath.join('; and '));
    for (const sub of model.filter((s) => s.path.length === c.path.length + 1 && key(s.path.slice(0, -1)) === key(c.path))) {
      lines.push(`complete -c ${name} -n ${condition} -f -a ${sub.path.at(-1) ?? ''} -d ${fishQuote(sub.description)}`);
    }
    if (c.values.length > 0) lines.push(`complete -c ${name} -n ${condition} -f -a ${fishQuote(c.values.join(' '))}`);
    for (const o of c.options) {
      const flags = o.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
      const value = o.choices ? ` -x -a ${fishQuote(o.choices.join(' '))}` : o.takesValue ? ' -r' : '';
      lines.push(`complete -c ${name} -n ${condition} ${flags}${value} -d ${fishQuote(o.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(program: Command, shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bashCompletion(program);
    case 'zsh':
      return zshCompletion(program);
    case 'fish':
      return fishCompletion(program);
  }
}
