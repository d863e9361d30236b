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
      await limiter.take(subscription, category);
      const response = await next(request);
      const remaining = response.headers.get(`x-ms-ratelimit-remaining-subscription-${category}`);
      if (remaining !== undefined && /^\d+$/.test(remaining)) limiter.observe(subscription, category, Number(remaining));
      return response;
    },
  };
}
