/** The options of the commands that write (apply, reconcile): safety flags, parallelism, log format. */
import { type Command, Option } from 'commander';
import { DEFAULT_MAX_DELETES, type SafetyOptions } from '../plan/safety.js';
import { UsageError } from './usage-error.js';
import type { LogFormat } from './progress.js';

export interface ApplyFlagValues {
  readonly parallelism: string;
  readonly allowReplace?: boolean;
  readonly allowDelete?: boolean;
  readonly maxDeletes: string;
  readonly allowEmptyDatabase?: boolean;
  readonly logFormat: LogFormat;
}

export function addApplyOptions(cmd: Command): Command {
  return cmd
    .option('--allow-replace', 'allow replacements (delete then create) without a per-manifest opt-in')
    .option('--allow-delete', 'allow deletions of undeclared connections in pruned ManagedDatabases')
    .addOption(new Option('--max-deletes <n>', 'refuse the whole apply if it would delete more than this').default(String(DEFAULT_MAX_DELETES)))
    .option('--allow-empty-database', 'allow a prune that deletes every connection of a database')
    .addOption(new Option('--parallelism <n>', 'operations running at once').default('10'))
    .addOption(new Option('--log-format <format>', 'progress as text lines or JSON objects').choices(['text', 'json']).default('text'));
}

export function wholeNumber(value: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got "${value}"`);
  }
  return n;
}

export function parallelismOf(values: ApplyFlagValues): number {
  return wholeNumber(values.parallelism, '--parallelism', 1);
}

export function safetyOf(values: ApplyFlagValues): SafetyOptions {
  return {
    allowReplace: values.allowReplace === true,
    allowDelete: values.allowDelete === true,
    maxDeletes: wholeNumber(values.maxDeletes, '--max-deletes'),
    allowEmptyDatabase: values.allowEmptyDatabase === true,
  };
}
