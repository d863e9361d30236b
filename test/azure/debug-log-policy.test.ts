/** `--debug`'s pipeline policy: one line per request and per answer, and nothing secret in them. */
import { createHttpHeaders, createPipelineRequest, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { debugLogPolicy, loggedUrl } from '../../src/azure/pipeline/debug-log-policy.js';

const SECRET_URL = 'https://user:hunter2@management.azure.com/subscriptions/s/providers/Microsoft.Kusto/clusters?api-version=2023-08-15&sig=abc%2Fdef&$skiptoken=tok123';

describe('the URL as logged', () => {
  it('keeps the origin, the path and api-version; hides every other query value and the user-info', () => {
    expect(loggedUrl(SECRET_URL)).toBe('https://management.azure.com/subscriptions/s/providers/Microsoft.Kusto/clusters?api-version=2023-08-15&sig=***&$skiptoken=***');
  });

  it('says when it cannot read a URL rather than printing it', () => {
    expect(loggedUrl('not a url Bearer x')).toBe('(unparseable URL)');
  });
});

function requestWithSecrets(): PipelineRequest {
  return createPipelineRequest({
    url: SECRET_URL,
    method: 'PUT',
    headers: createHttpHeaders({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'x-ms-client-request-id': 'c1' }),
    body: '{"properties":{"clientSecret":"hunter3"}}',
  });
}

describe('the debug policy', () => {
  it('logs the request, then the status, the time and the request id of its answer, and no header or body', async () => {
    const lines: string[] = [];
    const request = requestWithSecrets();
    const answer: PipelineResponse = { request, status: 201, headers: createHttpHeaders({ 'x-ms-request-id': 'r-42', 'set-cookie': 'session=hunter4' }), bodyAsText: 'hunter5' };
    const response = await debugLogPolicy((l) => lines.push(l)).sendRequest(request, () => Promise.resolve(answer));
    expect(response).toBe(answer);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`→ PUT ${loggedUrl(SECRET_URL)}`);
    expect(lines[1]).toMatch(new RegExp(`^← 201 PUT ${loggedUrl(SECRET_URL).replace(/[?$*.]/g, '\\$&')} \\d+ms \\(x-ms-request-id r-42\\)$`));
    expect(lines.join('\n')).not.toMatch(/hunter|Bearer|eyJ|authorization|tok123|abc/i);
  });

  it('logs a request that failed without an answer, and passes the failure on', async () => {
    const lines: string[] = [];
    const failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1 Bearer xyz'), { code: 'ECONNREFUSED' });
    await expect(debugLogPolicy((l) => lines.push(l)).sendRequest(requestWithSecrets(), () => Promise.reject(failure))).rejects.toBe(failure);
    expect(lines[1]).toMatch(/^✗ PUT https:\/\/management\.azure\.com\/\S+ failed after \d+ms: ECONNREFUSED$/);
    expect(lines.join('\n')).not.toMatch(/hunter|Bearer/);
  });
});
