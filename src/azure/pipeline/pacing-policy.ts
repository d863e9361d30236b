/**
 * The SDK pipeline policy that paces every request, retries and status polls included (it sits
 * after the retry policy), and feeds ARM's remaining-requests headers back to the limiter.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { type RateLimiter, categoryOf } from './rate-limit.js';

const SUBSCRIPTION = /\/subscriptions\/([^/?]+)/i;

export function pacingPolicy(limiter: RateLimiter, defaultSubscription: string): PipelinePolicy {
  return {
    name: 'kustodianArmPacing',
    async sendRequest(request, next) {
      const subscription = SUBSCRIPTION.exec(new URL(request.url).pathname)?.[1] ?? defaultSubscription;
      const category = categoryOf(request.method);
      // A request cut off while it waits (its timeout, the caller's abort) leaves the queue.
      await limiter.take(subscription, category, request.abortSignal as AbortSignal | undefined);
      let remaining: string | undefined;
      const sentAt = limiter.now();
      try {
        const response = await next(request);
        remaining = response.headers.get(`x-ms-ratelimit-remaining-subscription-${category}`);
        return response;
      } finally {
        // Any outcome says ARM's side has begun; a count, when given, is believed as far as it proves.
        limiter.observe(subscription, category, remaining !== undefined && /^\d+$/.test(remaining) ? Number(remaining) : undefined, sentAt);
      }
    },
  };
}
