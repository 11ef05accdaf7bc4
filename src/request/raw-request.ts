// The HTTP request as the pipeline sees it: no sockets, no streams.

import type { IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  readonly path: string;
  /** The query string without `?`, still encoded; '' when absent. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer | null;
}

/** A header's first value; node joins repeated headers with ', ' except a few. */
export function header(req: RawRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
