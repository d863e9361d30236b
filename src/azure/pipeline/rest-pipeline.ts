/**
 * @azure/core-rest-pipeline as the Azure SDK loads it: the SDK's clients are CommonJS and
 * `require` it, so importing its ESM build would load a second copy (about 100 modules of it
 * and its HTTP runtime) at every start. Everything kustodian uses of it comes from here.
 */
import { createRequire } from 'node:module';
import type * as Pipeline from '@azure/core-rest-pipeline';

const load = createRequire(import.meta.url);
const pipeline = load('@azure/core-rest-pipeline') as typeof Pipeline;

export const { RestError, bearerTokenAuthenticationPolicy, createHttpHeaders, createPipelineRequest, retryPolicy } = pipeline;
export type RestError = Pipeline.RestError;
export type { Pipeline, PipelinePolicy, PipelineRequest, PipelineResponse, RetryStrategy } from '@azure/core-rest-pipeline';

/**
 * Takes the SDK's form-data policy out of a client's pipeline: kustodian sends JSON only, and the
 * policy's `typeof FormData` on the first request loads Node's fetch implementation (undici,
 * about 20 ms) for nothing.
 */
export function removeFormDataPolicy(pipeline: Pipeline.Pipeline): void {
  pipeline.removePolicy({ name: 'formDataPolicy' });
}
