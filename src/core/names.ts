/**
 * Azure naming rules for the parts of an address, as regular expressions (JavaScript syntax,
 * also valid JSON Schema `pattern`s) with the sentence a person needs when a name breaks them.
 * The lengths are part of each pattern so that one check covers the whole rule.
 */

export interface NameRule {
  readonly pattern: string;
  /** Completes "must be ...". */
  readonly explain: string;
  readonly example: string;
}

export const NAME_RULES = {
  /** Data connections: documented resource-name rules (Terraform enforces the same). */
  connection: {
    pattern: '^(?=.*[^ ])[A-Za-z0-9 .-]{1,40}$',
    explain: '1 to 40 characters: letters, digits, hyphens, periods and spaces, and not only spaces',
    example: 'storm-events-iothub',
  },
  subscriptionId: {
    pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$',
    explain: 'a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000)',
    example: '00000000-0000-0000-0000-000000000000',
  },
  resourceGroup: {
    pattern: '^[-\\w.()]{0,89}[-\\w()]$',
    explain: '1 to 90 characters: letters, digits, underscores, hyphens, periods and parentheses, not ending in a period',
    example: 'testrg',
  },
  cluster: {
    pattern: '^[a-z][a-z0-9]{3,21}$',
    explain: '4 to 22 characters: lower-case letters and digits, starting with a letter',
    example: 'mykustocluster',
  },
  database: {
    pattern: '^[A-Za-z0-9_. -]{1,260}$',
    explain: '1 to 260 characters: letters, digits, underscores, periods, hyphens and spaces',
    example: 'mykustodatabase',
  },
} as const satisfies Readonly<Record<string, NameRule>>;

export type NameRuleId = keyof typeof NAME_RULES;

/** Label keys and values, as manifests declare them and `--target label:key=value` selects them. */
export const LABEL_RULES = {
  key: {
    pattern: '^[A-Za-z0-9]([A-Za-z0-9._/-]{0,251}[A-Za-z0-9])?$',
    explain: '1 to 253 characters: letters, digits, ".", "_", "-" and "/", starting and ending with a letter or digit',
    example: 'team',
  },
  value: {
    pattern: '^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$',
    explain: 'at most 63 characters: letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
    example: 'weather',
  },
} as const satisfies Readonly<Record<string, NameRule>>;

export function isValidName(rule: NameRuleId, value: string): boolean {
  return new RegExp(NAME_RULES[rule].pattern, 'u').test(value);
}
