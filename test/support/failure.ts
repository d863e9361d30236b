/** Awaiting a call of the Azure port that must fail, for its AzureFailure. */
import { AzureFailure } from '../../src/core/ports/azure-port.js';

export async function failureOf(p: Promise<unknown>): Promise<AzureFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AzureFailure) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
