/**
 * The one way an ARM client's pipeline is set up, whichever SDK package made the client (Kusto,
 * Event Hubs, IoT Hub, Cosmos DB, Authorization): the one retry policy in place of the SDK's,
 * then pacing to the subscription's ARM budget (after the retry phase, so retries and polls are
 * paced too), then, with --debug, the request log. Clients that share a RateLimiter share the
 * subscription's budget: ARM counts every client's reads against the same bucket.
 */
import type { Pipeline, PipelinePolicy } from './rest-pipeline.js';
import { addDebugLog } from './debug-log-policy.js';
import { pacingPolicy } from './pacing-policy.js';
import { RateLimiter, scaledBudgets } from './rate-limit.js';
import { replaceRetryPolicy } from './retry-policy.js';
import type { AzureSettings } from '../settings.js';

export interface ArmPipelineOptions {
  readonly retryPolicy: PipelinePolicy;
  readonly pacing: RateLimiter;
  /** The subscription a request's URL does not name (the client's own). */
  readonly subscriptionId: string;
  readonly debugLog?: (line: string) => void;
}

export function setUpArmPipeline(pipeline: Pipeline, options: ArmPipelineOptions): void {
  replaceRetryPolicy(pipeline, options.retryPolicy);
  pipeline.addPolicy(pacingPolicy(options.pacing, options.subscriptionId), { afterPhase: 'Retry' });
  addDebugLog(pipeline, options.debugLog);
}

/** The ARM budgets the settings give (ARM's, times --arm-rate-factor), for the clients of one run to share. */
export function armPacing(settings: AzureSettings): RateLimiter {
  return new RateLimiter(scaledBudgets(settings.armRateFactor));
}
