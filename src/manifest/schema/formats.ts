/**
 * The string rules the schemas state as `pattern`s, each with the words a person needs when a
 * value breaks it. The schema generator writes the patterns; the schema check finds the rule a
 * failed pattern belongs to by its text, so the two cannot drift apart.
 */
import { NAME_GLOB_PATTERN } from '../../core/name-glob.js';
import { LABEL_RULES, NAME_RULES, type NameRule } from '../../core/names.js';

export interface PatternRule extends NameRule {
  /** The connection name has its own diagnostic code; every other rule reports KD126. */
  readonly connectionName?: true;
}

export const LABEL_KEY: PatternRule = LABEL_RULES.key;

export const LABEL_VALUE: PatternRule = LABEL_RULES.value;

export const NAME_GLOB: PatternRule = {
  pattern: NAME_GLOB_PATTERN,
  explain: 'a name glob of at most 100 characters: the characters of a connection name, with * for any run and ? for one character',
  example: 'legacy-*',
};

export const PATTERN_RULES: readonly PatternRule[] = [
  { ...NAME_RULES.connection, connectionName: true },
  NAME_RULES.subscriptionId,
  NAME_RULES.resourceGroup,
  NAME_RULES.cluster,
  NAME_RULES.database,
  LABEL_KEY,
  LABEL_VALUE,
  NAME_GLOB,
];

export function ruleForPattern(pattern: string): PatternRule | undefined {
  return PATTERN_RULES.find((r) => r.pattern === pattern);
}

/** A pattern matching `values` in any letter case (JSON Schema patterns have no `i` flag). */
export function caseInsensitivePattern(values: readonly string[]): string {
  const one = (v: string): string =>
    [...v]
      .map((ch) => {
        const lower = ch.toLowerCase();
        const upper = ch.toUpperCase();
        if (lower !== upper) return `[${upper}${lower}]`;
        return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); // `u` patterns refuse other escapes
      })
      .join('');
  return `^(${values.map(one).join('|')})$`;
}

/**
 * A comma-separated list of `names` (spaces around the commas allowed), as
 * `kustodian.io/ignore-fields` takes it. The loader checks the same rule itself, with a
 * did-you-mean for each name it does not know (annotation-checks.ts).
 */
export function fieldListPattern(names: readonly string[]): string {
  const one = `(${names.join('|')})`;
  return `^\\s*${one}(\\s*,\\s*${one})*\\s*$`;
}
