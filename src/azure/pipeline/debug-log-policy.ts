/**
 * `--debug`: one line per HTTP request and one per answer (status and how long it took), through
 * the SDK pipeline of every client kustodian makes (ARM and Resource Graph). It sits after the
 * retry and pacing policies, so each attempt is its own pair of lines and the time is the
 * request's own, not the wait before it.
 *
 * What is logged is chosen, not filtered: the method, the URL without its user-info and with
 * every query value but `api-version` replaced by `***`, the status, the duration and the
 * service's request id. No header (Authorization included) and no body is ever read into a line.
 */
import type { Pipeline, PipelinePolicy } from '@azure/core-rest-pipeline';

/** Query parameters whose values are shown: never a secret. */
const SHOWN_QUERY = new Set(['api-version']);

/** The URL as logged: origin, path, and the query with its values hidden but for SHOWN_QUERY. */
export function loggedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '(unparseable URL)';
  }
  const query = [...url.searchParams.keys()].map((name) => `${name}=${SHOWN_QUERY.has(name.toLowerCase()) ? (url.searchParams.get(name) ?? '') : '***'}`);
  return `${url.protocol}//${url.host}${url.pathname}${query.length > 0 ? `?${[...new Set(query)].join('&')}` : ''}`;
}

const DEBUG_POLICY = 'kustodianDebugLog';

export function debugLogPolicy(log: (line: string) => void): PipelinePolicy {
  return {
    name: DEBUG_POLICY,
    async sendRequest(request, next) {
      const what = `${request.method} ${loggedUrl(request.url)}`;
      log(`→ ${what}`);
      const started = performance.now();
      const took = (): string => `${Math.round(performance.now() - started)}ms`;
      try {
        const response = await next(request);
        const id = response.headers.get('x-ms-request-id');
        log(`← ${response.status} ${what} ${took()}${id !== undefined ? ` (x-ms-request-id ${id})` : ''}`);
        return response;
      } catch (e) {
        const code = (e as { code?: unknown } | undefined)?.code;
        log(`✗ ${what} failed after ${took()}: ${typeof code === 'string' ? code : e instanceof Error ? e.name : 'error'}`);
        throw e;
      }
    },
  };
}

/** Adds the debug log to a client's pipeline, nearest the wire (after retry and pacing). */
export function addDebugLog(pipeline: Pipeline, log: ((line: string) => void) | undefined): void {
  if (log !== undefined) pipeline.addPolicy(debugLogPolicy(log), { afterPhase: 'Retry' });
}
