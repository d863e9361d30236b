/**
 * `kustodian help azure` (or `kustodian azure`): the options that connect plan, apply, export,
 * drift and reconcile to Azure, described once; each of those commands' own help lists them by
 * name only (help-layout.ts). A help topic: it connects to nothing.
 */
import type { Command } from 'commander';
import { addAzureOptions } from '../options/azure-options.js';
import { EXIT } from '../process/exit-codes.js';
import { AZURE_TOPIC } from '../help/help-layout.js';
import { commandSummary, HELP_TOPICS_GROUP } from '../command-catalog.js';

export function registerAzureTopic(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command(AZURE_TOPIC)
    .helpGroup(HELP_TOPICS_GROUP)
    .summary(commandSummary('azure'))
    .description('the Azure connection options of plan, apply, export, drift and reconcile')
    .addHelpText(
      'after',
      [
        '',
        'Sign-in: --credential default tries environment (AZURE_TENANT_ID,',
        'AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), workload identity, managed identity,',
        'then the Azure CLI.',
        "Logs: --debug logs kustodian's HTTP requests, redacted; AZURE_LOG_LEVEL=info",
        "(or verbose) turns on the Azure SDK's own log, token requests included.",
      ].join('\n'),
    );
  addAzureOptions(cmd);
  cmd.action(() => {
    cmd.outputHelp();
    setExit(EXIT.ok);
  });
}
