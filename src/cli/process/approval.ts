/** Asking a person before writing: only on a terminal, only an explicit "yes" approves. */
import { createInterface } from 'node:readline/promises';
import type { CliIO } from './io.js';

export async function askApproval(io: CliIO): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    io.stderr.write('\nDo you want to perform these actions?\n  Only "yes" will be accepted to approve.\n\n  Enter a value: ');
    const answer = await rl.question('');
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
