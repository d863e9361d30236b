/**
 * The old spellings of renamed flags, kept for one version: accepted, hidden from help, and each
 * use prints one line on stderr naming the new flag, then sets the new flag's value (so the
 * command reads one option, whichever spelling was used).
 */
import { type Command, Option } from 'commander';

export interface DeprecatedSpelling {
  /** The old flag as commander declares it: `--log-format <format>`, `--stdout`. */
  readonly flags: string;
  /** The option it now sets (its attribute name) and how that is spelled: `output`, `-o`. */
  readonly sets: { readonly attribute: string; readonly flag: string };
  /** The new option's value for the old one's (the value as given when absent). */
  readonly value?: (given: string | undefined) => string;
  readonly choices?: readonly string[];
}

export function addDeprecatedSpelling(cmd: Command, old: DeprecatedSpelling): Command {
  const option = new Option(old.flags).hideHelp();
  if (old.choices) option.choices(old.choices);
  cmd.addOption(option);
  cmd.on(`option:${option.name()}`, (given: string | undefined) => {
    const value = old.value ? old.value(given) : (given ?? '');
    cmd.configureOutput().writeErr?.(
      `kustodian: ${option.long ?? old.flags} is deprecated and goes in the next version: use ${old.sets.flag} ${value} instead\n`,
    );
    cmd.setOptionValueWithSource(old.sets.attribute, value, 'cli');
  });
  return cmd;
}
