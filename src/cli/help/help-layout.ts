/**
 * How `--help` reads, for every command (commander's Help, adjusted once for the program):
 * - the Azure connection options, which five commands share, are described once, by
 *   `kustodian help azure`; a command's own help lists their names under their heading;
 * - the global options (--no-color, --debug) show under their own heading;
 * - an option's choices, default and environment variable read `[text, json; default text; env X]`;
 * - a command is listed by its name and arguments (`plan [paths...]`), which leaves the
 *   description room for one line;
 * - a help with a `<duration>` option says once what a duration is.
 */
import { type Argument, type Command, Help, type Option } from 'commander';
import { DURATION_SYNTAX } from '../options/duration.js';

/** The heading of the Azure connection options (azure-options.ts puts them under it). */
export const AZURE_OPTIONS_HEADING = 'Azure connection options:';

/** The command whose help describes the Azure connection options in full (commands/azure.ts). */
export const AZURE_TOPIC = 'azure';

/** The heading of the Azure options' names in the help of a command that takes them. */
export const AZURE_LIST_HEADING = `${AZURE_OPTIONS_HEADING.slice(0, -1)} (described in \`kustodian help ${AZURE_TOPIC}\`):`;

const isAzure = (option: Option): boolean => option.helpGroupHeading === AZURE_OPTIONS_HEADING;
const describesAzure = (cmd: Command): boolean => cmd.name() === AZURE_TOPIC && cmd.parent?.parent === null;

/** Words wrapped to `width`, each line indented by two spaces. */
function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 2 + word.length > width - 2) {
      lines.push(`  ${line}`);
      line = word;
    } else line = line === '' ? word : `${line}  ${word}`;
  }
  if (line !== '') lines.push(`  ${line}`);
  return lines;
}

function optionDescription(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(option.argChoices.join(', '));
  const showsDefault = option.required || option.optional;
  const given = option.defaultValueDescription ?? (option.defaultValue === undefined ? undefined : String(option.defaultValue));
  if (showsDefault && given !== undefined) extra.push(`default ${given}`);
  if (option.envVar !== undefined) extra.push(`env ${option.envVar}`);
  return extra.length > 0 ? `${option.description} [${extra.join('; ')}]` : option.description;
}

function argumentDescription(argument: Argument): string {
  const given: unknown = argument.defaultValue;
  if (given === undefined) return argument.description;
  const shown = argument.defaultValueDescription ?? (Array.isArray(given) ? given.join(' ') : String(given));
  return `${argument.description} [default ${shown}]`;
}

/** What `kustodian --help` ends with: the exit codes, and where the rest is described. */
const PROGRAM_FOOTER = [
  '',
  'Exit codes: 0 success; 1 error; 2 changes found (with --detailed-exitcode, and',
  'drift by default); 3 changes a safety rule refused; 130 interrupted (Ctrl-C).',
  'Shell completion: kustodian completion bash|zsh|fish (see its --help).',
].join('\n');

export function configureHelpLayout(program: Command): Command {
  program.addHelpText('after', PROGRAM_FOOTER).helpCommand('help [command]', `display help for a command, or the ${AZURE_TOPIC} topic`);
  return program.configureHelp({
    showGlobalOptions: true,
    visibleOptions(this: Help, cmd: Command): Option[] {
      const all = Help.prototype.visibleOptions.call(this, cmd);
      // The topic lists only what it is about.
      return describesAzure(cmd) ? all.filter(isAzure) : all.filter((o) => !isAzure(o));
    },
    subcommandTerm: (cmd: Command): string => [cmd.name(), ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`))].join(' '),
    optionDescription,
    argumentDescription,
    // --version is the program's own, not one every command takes.
    visibleGlobalOptions(this: Help, cmd: Command): Option[] {
      if (describesAzure(cmd)) return [];
      return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => o.long !== '--version');
    },
    formatHelp(this: Help, cmd: Command, helper: Help): string {
      const width = helper.helpWidth ?? 80;
      const lines = [Help.prototype.formatHelp.call(this, cmd, helper).trimEnd(), ''];
      const azure = describesAzure(cmd) ? [] : cmd.options.filter(isAzure);
      if (azure.length > 0) {
        lines.push('', AZURE_LIST_HEADING, ...wrapWords(azure.map((o) => o.long ?? o.flags), width));
      }
      const shown = [...helper.visibleOptions(cmd), ...helper.visibleGlobalOptions(cmd)];
      if (shown.some((o) => o.flags.includes('<duration>'))) lines.push('', DURATION_SYNTAX);
      return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
    },
  });
}
