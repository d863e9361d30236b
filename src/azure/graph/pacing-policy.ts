/**
 * The Resource Graph client's pipeline policy that paces every query to the user's quota (it
 * sits after the retry policy, so retries are paced too) and feeds the quota headers of every
 * answer, 429 included, back to the pacer.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { type GraphQuota, QUOTA_REMAINING_HEADER, QUOTA_RESETS_AFTER_HEADER, parseTimeSpan } from './quota.js';

export function graphPacingPolicy(quota: GraphQuota): PipelinePolicy {
  return {
    name: 'kustodianGraphPacing',
    async sendRequest(request, next) {
      await quota.take();
      let response;
      try {
        response = await next(request);
      } catch (e) {
        quota.answered(undefined, undefined);
        throw e;
      }
      const remaining = response.headers.get(QUOTA_REMAINING_HEADER);
      quota.answered(remaining !== undefined && /^\d+$/.test(remaining) ? Number(remaining) : undefined, parseTimeSpan(response.headers.get(QUOTA_RESETS_AFTER_HEADER)));
      return response;
    },
  };
}
