/**
 * Text from outside — manifest keys, values and file names, the service's messages — made safe
 * to print. Control characters could move the cursor, rewrite or hide lines, or set a terminal's
 * title; a line break could forge a diagnostic or a CI workflow command (`::error ...`) on a
 * line of its own (so could U+2028 and U+2029, which editors and some terminals break lines
 * at); bidirectional overrides reorder what is shown. Each becomes a visible escape such as
 * `\u001b`. Tabs stay.
 *
 * src/emulator/format/inert.ts holds the same pattern (the emulator imports nothing from here); a test
 * checks that the two stay equal.
 */
export const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** UNSAFE without the global flag: `exec` keeps no state between calls. */
const FIRST_UNSAFE = new RegExp(UNSAFE.source, 'u');

function escape(c: string): string {
  return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** `printable` for text of several lines: its own line feeds stay, everything else is escaped. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** The first unsafe character of `text` as `U+XXXX`, if it has one. */
export function firstUnsafeCharacter(text: string): string | undefined {
  const match = FIRST_UNSAFE.exec(text);
  return match ? `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
