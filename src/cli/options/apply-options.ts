/** The options of the commands that write (apply, reconcile): safety flags, parallelism, output format. */
import { type Command, Option } from 'commander';
import { DEFAULT_MAX_DELETES, type SafetyOptions } from '../../plan/rules/safety.js';
import { addDeprecatedSpelling } from './deprecated-option.js';
import { UsageError } from '../process/usage-error.js';
import { LOG_FORMATS, type LogFormat } from '../output/log-format.js';

/** The safety opt-ins: apply and reconcile obey them; plan records them (a saved plan carries them to apply). */
export interface SafetyFlagValues {
  readonly allowReplace?: boolean;
  readonly allowDelete?: boolean;
  readonly maxDeletes: string;
  readonly allowEmptyDatabase?: boolean;
}

export interface ApplyFlagValues extends SafetyFlagValues {
  readonly parallelism?: string;
  readonly output: LogFormat;
}

export function addSafetyOptions(cmd: Command): Command {
  return cmd
    .option('--allow-replace', 'allow replacements without per-manifest opt-in')
    .option('--allow-delete', 'allow deleting undeclared connections (prune)')
    .addOption(new Option('--max-deletes <n>', 'refuse more deletes than this').default(String(DEFAULT_MAX_DELETES)))
    .option('--allow-empty-database', 'allow a prune to empty a database');
}

export function addApplyOptions(cmd: Command): Command {
  addSafetyOptions(cmd)
    .addOption(new Option('--parallelism <n>', 'cap operations at once (default: ARM budget)'))
    .addOption(new Option('-o, --output <format>', 'progress format').choices(LOG_FORMATS).default('text'));
  return addDeprecatedSpelling(cmd, { flags: '--log-format <format>', choices: LOG_FORMATS, sets: { attribute: 'output', flag: '-o' } });
}

export function wholeNumber(value: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got "${value}"`);
  }
  return n;
}

/** The cap --parallelism sets, if given: otherwise ARM's write budget alone paces the writes. */
export function parallelismOf(values: ApplyFlagValues): number | undefined {
  return values.parallelism === undefined ? undefined : wholeNumber(values.parallelism, '--parallelism', 1);
}

export function safetyOf(values: SafetyFlagValues): SafetyOptions {
  return {
    allowReplace: values.allowReplace === true,
    allowDelete: values.allowDelete === true,
    maxDeletes: wholeNumber(values.maxDeletes, '--max-deletes'),
    allowEmptyDatabase: values.allowEmptyDatabase === true,
  };
}
