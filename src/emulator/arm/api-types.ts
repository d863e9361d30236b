/** A routed, authenticated request as the handlers see it, and the answer they give. */
import type { Route } from '../http/router.js';

export interface ApiRequest {
  readonly method: string;
  /** Decoded path, for fault matching. */
  readonly path: string;
  readonly route: Exclude<Route, { type: 'unknown' }>;
  readonly apiVersion: string;
  readonly query: URLSearchParams;
  /** `https://host:port`, for the URLs of operations. */
  readonly baseUrl: string;
  readonly body: () => Promise<unknown>;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}
