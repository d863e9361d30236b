/**
 * `--inventory arm|resource-graph`: where the report commands (plan, drift, export) read the
 * live data connections from. ARM lists are the default and the only source for apply and
 * reconcile, which do not offer the option: Resource Graph lags behind ARM.
 */
import { type Command, Option } from 'commander';
import type { GraphPort } from '../../core/ports/azure-port.js';
import type { Connected } from './azure-options.js';

export const INVENTORIES = ['arm', 'resource-graph'] as const;
export type Inventory = (typeof INVENTORIES)[number];

export interface InventoryValues {
  readonly inventory: Inventory;
}

export function addInventoryOption(cmd: Command, arm: string, graph: string): Command {
  return cmd.addOption(
    new Option('--inventory <source>', `where live connections are read: ARM (${arm}) or Resource Graph (${graph})`)
      .choices(INVENTORIES)
      .default('arm'),
  );
}

export function usesGraph(values: InventoryValues): boolean {
  return values.inventory === 'resource-graph';
}

/** The Resource Graph port when the option asks for it. */
export function graphOf(values: InventoryValues, connection: Connected): GraphPort | undefined {
  return usesGraph(values) ? connection.graph : undefined;
}
