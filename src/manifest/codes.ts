/**
 * The manifest diagnostic codes (KD1xx) and, in this one place, the words each one says.
 * Every text names what is wrong and what to do about it; none echoes a credential's value.
 * The code table of docs/diagnostics.md is generated from `MANIFEST_CODES`.
 */
import type { Diagnostic, Severity } from '../core/diagnostics.js';
import type { SourcePosition } from '../core/model.js';

export interface Text {
  readonly message: string;
  readonly hint: string;
}

export interface CodeDef<A extends readonly unknown[]> {
  readonly code: string;
  readonly severity: Severity;
  /** One line for the table of docs/diagnostics.md. */
  readonly title: string;
  readonly text: (...args: A) => Text;
}

function def<A extends readonly unknown[]>(
  code: string,
  severity: Severity,
  title: string,
  text: (...args: A) => Text,
): CodeDef<A> {
  return { code, severity, title, text };
}

const q = (s: string): string => `\`${s}\``;
const didYouMean = (s: string | undefined): string => (s === undefined ? '' : `did you mean ${q(s)}? `);
/** `, also at a.yaml:3:5 and 2 more places` */
function usedElsewhere(places: readonly string[]): string {
  if (places.length === 0) return '';
  const shown = places.slice(0, 3).join(', ');
  return places.length > 3 ? `, also at ${shown} and ${places.length - 3} more` : `, also at ${shown}`;
}
const shorten = (s: string, max = 60): string => (s.length > max ? `${s.slice(0, max)}…` : s);

export const KD = {
  pathUnreadable: def('KD100', 'error', 'A path does not exist or cannot be read',
    (path: string, reason: string) => ({
      message: `cannot read ${path}: ${reason}`,
      hint: 'check the path; kustodian reads *.yaml and *.yml files under the paths given (default: manifests/); `kustodian init` starts a manifests/ tree',
    })),
  fileTooLarge: def('KD101', 'error', 'A manifest file is larger than the size limit',
    (bytes: number, limit: number) => ({
      message: `file is ${bytes} bytes, over the ${limit}-byte limit for a manifest file`,
      hint: 'split it into several files (one directory can hold any number of them)',
    })),
  notText: def('KD102', 'error', 'A manifest file is binary or not UTF-8',
    (what: string) => ({
      message: `file is not a UTF-8 text file: ${what}`,
      hint: 'save manifests as UTF-8 text (a byte-order mark and CRLF line ends are accepted)',
    })),
  symlinkOutside: def('KD103', 'error', 'A symbolic link leads outside the manifest tree',
    (target: string) => ({
      message: `symbolic link leads outside the manifest tree (to ${target})`,
      hint: 'copy the file into the tree, or pass its directory as another path',
    })),
  noManifests: def('KD104', 'warning', 'No manifest files were found',
    (path: string) => ({
      message: `no *.yaml or *.yml files under ${path}`,
      hint: 'check the path, or add manifests there (hidden directories and node_modules are skipped)',
    })),
  yamlSyntax: def('KD110', 'error', 'YAML syntax error',
    (detail: string) => ({
      message: `YAML syntax error: ${detail}`,
      hint: 'fix the YAML at this position (a YAML-aware editor shows the problem as you type)',
    })),
  duplicateKey: def('KD111', 'error', 'The same key twice in one mapping',
    (key: string, first: string) => ({
      message: `duplicate key ${q(key)} (first written at ${first})`,
      hint: 'keep one of them: YAML does not allow a key twice in one mapping',
    })),
  aliasLimit: def('KD112', 'error', 'Too many or cyclic YAML aliases',
    (detail: string) => ({
      message: `YAML aliases refused: ${detail}`,
      hint: 'write the values out, or use a Defaults document for values shared between manifests',
    })),
  tooDeep: def('KD113', 'error', 'Nesting deeper than the limit',
    (limit: number) => ({
      message: `nesting deeper than ${limit} levels`,
      hint: 'a manifest needs only a few levels; check for runaway brackets or indentation',
    })),
  forbiddenKey: def('KD114', 'error', 'A key that could corrupt objects (__proto__, constructor, prototype)',
    (key: string) => ({
      message: `key ${q(key)} is not allowed`,
      hint: 'remove it: no manifest field has this name',
    })),
  badKey: def('KD115', 'error', 'A mapping key that is not a plain scalar',
    (what: string) => ({
      message: `mapping key is ${what}; keys must be plain names`,
      hint: 'write the key as a plain word (for example `tableName:`)',
    })),
  notMapping: def('KD116', 'error', 'A document that is not a mapping',
    (what: string) => ({
      message: `a manifest document must be a mapping (apiVersion, kind, metadata, spec), not ${what}`,
      hint: 'start the document with `apiVersion: kustodian.io/v1` and `kind: ...`; separate documents with `---`',
    })),
  yamlWarning: def('KD117', 'warning', 'A YAML construct kustodian ignores (such as a custom tag)',
    (detail: string) => ({
      message: `YAML: ${detail}`,
      hint: 'remove it: manifests need no tags',
    })),
  apiVersion: def('KD120', 'error', 'Missing or unknown apiVersion',
    (found: string | undefined, expected: string) => ({
      message: found === undefined ? 'missing apiVersion' : `unknown apiVersion ${q(shorten(found))}`,
      hint: `write \`apiVersion: ${expected}\``,
    })),
  kind: def('KD121', 'error', 'Missing or unknown kind',
    (found: string | undefined, suggestion: string | undefined, kinds: readonly string[]) => ({
      message: found === undefined ? 'missing kind' : `unknown kind ${q(shorten(found))}`,
      hint: `${didYouMean(suggestion)}kind is one of ${kinds.join(', ')}`,
    })),
  unknownField: def('KD122', 'error', 'A field the document kind does not have (with did-you-mean)',
    (field: string, where: string, suggestion: string | undefined, elsewhere: string | undefined, known: readonly string[]) => ({
      message: `unknown field ${q(field)} in ${where}${elsewhere === undefined ? '' : ` (it belongs to ${elsewhere})`}`,
      hint: suggestion !== undefined ? `did you mean ${q(suggestion)}?` : `remove it; the fields here are: ${known.join(', ')}`,
    })),
  missingField: def('KD123', 'error', 'A required field is missing (after Defaults are applied)',
    (field: string, kind: string, defaultable: boolean) => ({
      message: `${q(field)} is required for ${kind} and is not set`,
      hint: defaultable
        ? `add it here, or to a Defaults document in this directory or above`
        : `add it here`,
    })),
  wrongType: def('KD124', 'error', 'A value of the wrong type',
    (field: string, expected: string, found: string, quotable: string | undefined) => ({
      message: `${q(field)} must be ${expected}, not ${found}`,
      hint: quotable !== undefined ? `write it in quotes to make it a string: "${shorten(quotable)}"` : `write ${expected} here`,
    })),
  notAllowed: def('KD125', 'error', 'A value outside the allowed values',
    (field: string, value: string, allowed: readonly string[], suggestion: string | undefined) => ({
      message: `${q(field)} is ${q(shorten(value))}, which is not one of ${allowed.join(', ')}`,
      hint: suggestion !== undefined ? `did you mean ${q(suggestion)}?` : `use one of ${allowed.join(', ')}`,
    })),
  badFormat: def('KD126', 'error', 'A value that breaks a naming or format rule',
    (what: string, rule: string, example: string | undefined) => ({
      message: `${what} is not valid: it must be ${rule}`,
      hint: example === undefined ? 'correct the value' : `for example: ${example}`,
    })),
  credential: def('KD130', 'error', 'A credential in a manifest',
    (field: string, why: string) => ({
      message: `${q(field)} ${why}; credentials do not belong in manifests (the value is not shown)`,
      hint:
        'remove it and rotate it if it was committed; kustodian signs in with AZURE_TENANT_ID, AZURE_CLIENT_ID and ' +
        'AZURE_CLIENT_SECRET from the environment, or with a managed / workload identity',
    })),
  undefinedVariable: def('KD131', 'error', 'A ${VAR} with no value (not in --var, a --var-file or the environment)',
    (name: string, elsewhere: readonly string[]) => ({
      message: `variable ${name} is not set (used as \${${name}}${usedElsewhere(elsewhere)})`,
      hint: `pass --var ${name}=value or a --var-file that sets it, set it in the environment, give a default with \${${name}:-value}, or write $\${${name}} for a literal \${`,
    })),
  badInterpolation: def('KD132', 'error', 'A malformed ${...} expression',
    (detail: string) => ({
      message: `malformed variable reference: ${detail}`,
      hint: 'write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or $${ for a literal ${',
    })),
  badVariableName: def('KD133', 'error', 'A variable name in a var file or --var that is not NAME (letters, digits, _)',
    (name: string) => ({
      message: `${q(shorten(name))} is not a variable name`,
      hint: 'a name is letters, digits and _, not starting with a digit (as ${NAME} reads it), such as DATABASE or EVENT_HUB',
    })),
  duplicateVariable: def('KD134', 'error', 'The same variable twice in one var file',
    (name: string, first: string) => ({
      message: `variable ${name} is set twice in this file (first at ${first})`,
      hint: 'keep one of them; to override a value, put it in a later --var-file or pass --var',
    })),
  badVariableValue: def('KD135', 'error', 'A variable whose value is not a scalar (a list, a mapping or null)',
    (name: string, found: string) => ({
      message: `variable ${name} is ${found}; a variable holds one string, number or boolean`,
      hint: found.startsWith('empty') ? `write ${name}: "" for an empty string` : 'write the value as a single scalar (quote it if it contains `: ` or `#`)',
    })),
  varFileSyntax: def('KD136', 'error', 'A var file or --var kustodian cannot read (unknown extension, not a mapping, no =)',
    (detail: string) => ({
      message: detail,
      hint: 'write --var NAME=VALUE; a var file is YAML (*.yaml, *.yml: a mapping NAME: value) or dotenv (*.env: one NAME=value per line, # comments)',
    })),
  malformedResourceId: def('KD140', 'error', 'A malformed Azure resource ID',
    (field: string, detail: string, shape: string) => ({
      message: `${q(field)} is not a valid Azure resource ID: ${detail}`,
      hint: `write it as ${shape}`,
    })),
  wrongResourceType: def('KD141', 'error', 'A resource ID of the wrong resource type',
    (field: string, found: string, expected: readonly string[], shape: string) => ({
      message: `${q(field)} points at a ${found}, but it needs ${expected.length === 1 ? 'a' : 'one of'} ${expected.join(', ')}`,
      hint: `write it as ${shape}`,
    })),
  badConnectionName: def('KD142', 'error', 'An invalid data connection name',
    (name: string, rule: string) => ({
      message: `${q(shorten(name))} is not a valid data connection name: it must be ${rule}`,
      hint: 'choose a name that follows the rule (for example storm-events-iothub)',
    })),
  badDateTime: def('KD143', 'error', 'A retrievalStartDate that is not an ISO-8601 date-time',
    (field: string, value: string) => ({
      message: `${q(field)} is ${q(shorten(value))}, which is not an ISO-8601 date-time with a time zone`,
      hint: 'write it like 2024-01-31T00:00:00Z (a date, T, a time, and Z or an offset such as +01:00)',
    })),
  unknownSystemProperty: def('KD144', 'warning', 'An eventSystemProperties value the service does not document',
    (value: string, suggestion: string | undefined, known: readonly string[]) => ({
      message: `event system property ${q(shorten(value))} is not one the service documents for this kind`,
      hint: `${didYouMean(suggestion)}documented values: ${known.join(', ')} (the service changes this list, so this is only a warning)`,
    })),
  unknownAnnotation: def('KD145', 'error', 'An unknown kustodian.io/ annotation',
    (key: string, suggestion: string | undefined, known: readonly string[]) => ({
      message: `unknown annotation ${q(key)}`,
      hint: `${didYouMean(suggestion)}the kustodian.io/ annotations are ${known.join(', ')} (other prefixes are free)`,
    })),
  unknownIgnoredField: def('KD146', 'error', 'A kustodian.io/ignore-fields item that is not a property of the kind',
    (item: string, where: string, suggestion: string | undefined, elsewhere: string | undefined, known: readonly string[]) => ({
      message: item === ''
        ? `kustodian.io/ignore-fields has an empty item; it takes property names separated by commas`
        : `kustodian.io/ignore-fields names ${q(shorten(item))}, which is not a property of ${where}${elsewhere === undefined ? '' : ` (it belongs to ${elsewhere})`}`,
      hint: suggestion !== undefined
        ? `did you mean ${q(suggestion)}?`
        : `write property names separated by commas, such as "mappingRuleName, tableName"; the properties here are: ${known.join(', ')}`,
    })),
  duplicateConnection: def('KD150', 'error', 'The same data connection declared twice',
    (address: string, others: readonly string[]) => ({
      message: `data connection ${address} is declared more than once (also at ${others.join(', ')}); names compare case-insensitively`,
      hint: 'keep one declaration, or rename one of them',
    })),
  exclusivePair: def('KD151', 'error', 'Two connections reading the same (hub, consumer group) pair',
    (hub: string, consumerGroup: string, others: readonly string[]) => ({
      message: `consumer group ${q(consumerGroup)} of ${hub} is also read by the connection at ${others.join(', ')}; Azure lets only one data connection use a (hub, consumer group) pair`,
      hint: 'give each connection its own consumer group (create one on the hub if needed)',
    })),
  duplicateDefaults: def('KD152', 'error', 'Two Defaults documents in one directory',
    (dir: string, first: string) => ({
      message: `a second Defaults document for directory ${dir} (the first is at ${first})`,
      hint: 'merge them into one; a Defaults document in a subdirectory overrides this one field by field',
    })),
  duplicateDatabase: def('KD153', 'error', 'The same ManagedDatabase declared twice',
    (address: string, others: readonly string[]) => ({
      message: `ManagedDatabase ${address} is declared more than once (also at ${others.join(', ')})`,
      hint: 'keep one ManagedDatabase document per database',
    })),
  ignoredButDeclared: def('KD154', 'warning', 'A declared connection that its ManagedDatabase ignores',
    (name: string, glob: string, at: string) => ({
      message: `connection ${q(name)} is declared, but ${q(glob)} in spec.ignore of the ManagedDatabase at ${at} matches it, so kustodian will never touch it`,
      hint: 'remove the manifest, or narrow the ignore glob',
    })),
} as const;

export type CodeName = keyof typeof KD;

/** A diagnostic of `def` at `source`, with its words from the table above. */
export function report<A extends readonly unknown[]>(
  def: CodeDef<A>,
  source: SourcePosition | undefined,
  ...args: A
): Diagnostic {
  const text = def.text(...args);
  return {
    severity: def.severity,
    code: def.code,
    message: text.message,
    hint: text.hint,
    ...(source === undefined ? {} : { source }),
  };
}

/** Every manifest code, for the table of docs/diagnostics.md: code, severity, title. */
export function manifestCodeTable(): { code: string; severity: Severity; title: string }[] {
  return Object.values(KD)
    .map((d) => ({ code: d.code, severity: d.severity, title: d.title }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
