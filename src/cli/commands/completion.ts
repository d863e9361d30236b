/**
 * `kustodian completion bash|zsh|fish`: prints a completion script for the shell, generated
 * from this program (completion.ts), so it always knows every command, option and choice.
 */
import { Argument, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../help/completion.js';
import { EXIT } from '../process/exit-codes.js';
import type { CliIO } from '../process/io.js';
import { commandSummary } from '../command-catalog.js';

export function registerCompletionCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('completion')
    .summary(commandSummary('completion'))
    .description('print a completion script for the shell; load it from your shell profile')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      [
        '',
        'Load it:',
        '  bash  (~/.bashrc):                  source <(kustodian completion bash)',
        '  zsh   (~/.zshrc, after compinit):   source <(kustodian completion zsh)',
        '  fish  (~/.config/fish/config.fish): kustodian completion fish | source',
      ].join('\n'),
    )
    .action((shell: Shell) => {
      io.stdout.write(completionScript(program, shell));
      setExit(EXIT.ok);
    });
}
