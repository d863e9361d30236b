import { describe, expect, it } from 'vitest';
import { Agent } from 'node:https';
import { connectionPool, connectionPoolPolicy } from '../../src/azure/pipeline/connection-pool.js';
import { createPipelineRequest, type PipelineRequest, type PipelineResponse } from '../../src/azure/pipeline/rest-pipeline.js';

const answer = (request: PipelineRequest): PipelineResponse => ({ request, status: 200, headers: request.headers });

describe('the connection pool every subscription shares', () => {
  it('sends a request through its agent, but leaves an agent already set (a proxy’s) in place', async () => {
    const pool = connectionPool(undefined, 4);
    const policy = connectionPoolPolicy(pool);
    const plain = createPipelineRequest({ url: 'https://management.azure.com/x' });
    await policy.sendRequest(plain, async (r) => answer(r));
    expect(plain.agent).toBe(pool.agent);
    const proxy = new Agent();
    const proxied = createPipelineRequest({ url: 'https://management.azure.com/x' });
    proxied.agent = proxy;
    await policy.sendRequest(proxied, async (r) => answer(r));
    expect(proxied.agent).toBe(proxy);
  });

  it('keeps at most its size of connections, and starts no more requests than it has connections: the others wait, in order', async () => {
    const pool = connectionPool(undefined, 3);
    expect(pool.agent.maxSockets).toBe(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const release: Array<() => void> = [];
    const all = Array.from({ length: 7 }, (_, i) =>
      pool.slots.run(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running -= 1;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });
});
