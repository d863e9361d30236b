/**
 * Foreign text (names, values, the service's notes) in markdown that GitHub renders: made
 * printable, its markdown and HTML syntax escaped, and `@name` broken with a zero-width space
 * (`@&#8203;name`) so a live value cannot notify people or teams from a pull-request comment or
 * an issue. GitHub finds mentions in the rendered text, so escaping the `@` would not stop it;
 * inside code spans it finds none.
 */
import { printable } from '../../core/printable.js';

/** Inline text (a table cell included): printable, `\|`, `` \` ``, `\<`, `\>`, `\\` escaped, mentions broken. */
export function mdText(text: string): string {
  return printable(text)
    .replace(/[\\|`<>]/g, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9])/g, '@&#8203;');
}

/**
 * A code span holding `text` whatever its backticks (the fence is longer than any run inside).
 * In a table cell a `|` ends the cell even in a code span, so it is escaped there.
 */
export function mdCode(text: string, inTable = false): string {
  const shown = inTable ? printable(text).replace(/\|/g, '\\|') : printable(text);
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || shown.startsWith(' ') || shown.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}
