/**
 * `--metrics-port`: a plain node:http server for Prometheus. GET /metrics answers the current
 * metrics; GET /healthz answers `ok` (a liveness probe); anything else 404 or 405.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE } from '../render/metrics.js';
import { UsageError } from './process/usage-error.js';

export interface MetricsServer {
  /** `http://host:port/metrics`, with the port chosen when 0 was asked. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(host: string, port: number, metrics: () => string): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(req.method === 'HEAD' ? undefined : metrics());
    } else if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new UsageError(`--metrics-port ${port}: the port is already in use on ${host}; choose another (0 picks a free one)`)
          : new UsageError(`cannot serve metrics on ${host}:${port}: ${e.message}`),
      ),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
