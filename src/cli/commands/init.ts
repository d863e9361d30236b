/**
 * `kustodian init [dir]`: starts a manifests repository in `dir` (default: here) from the
 * template shipped with kustodian, so the next command can be `kustodian plan --emulator`.
 * Thin: arguments in, initRepository, what was written out.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../process/exit-codes.js';
import { initRepository } from '../output/init-files.js';
import type { CliIO } from '../process/io.js';
import { commandSummary } from '../command-catalog.js';

export function registerInitCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('init')
    .summary(commandSummary('init'))
    .description('start a manifests repository here: starter manifests, CI and Kubernetes examples, .gitignore (never overwrites)')
    .argument('[dir]', 'where to write it', '.')
    .action((dir: string) => {
      const root = path.resolve(io.cwd, dir);
      const result = initRepository(root);
      for (const f of result.written) io.stdout.write(`  wrote ${f}\n`);
      for (const f of result.kept) io.stdout.write(`  kept  ${f} (it exists)\n`);
      const where = dir === '.' ? '' : `cd ${dir} && `;
      io.stdout.write(
        `\n${result.written.length} file(s) written in ${root}.\n` +
          `Next: ${where}npx kustodian plan --emulator   (plans manifests/ against the embedded emulator's example world)\n` +
          'Then point manifests/ at your own clusters; each CI and Kubernetes file says at its top how to set it up.\n',
      );
      setExit(EXIT.ok);
    });
}
