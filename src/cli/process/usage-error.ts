/**
 * A wrong flag value: main() prints `kustodian: <message>` and exits 1. Messages quote what the
 * user typed, so the message is made printable here, once for all: a line feed or an escape in
 * a flag's value shows escaped and cannot start a line of its own. A message of several lines
 * is given as its lines.
 */
import { printable } from '../../core/printable.js';

export class UsageError extends Error {
  constructor(message: string | readonly string[]) {
    super(typeof message === 'string' ? printable(message) : message.map(printable).join('\n'));
  }
}
