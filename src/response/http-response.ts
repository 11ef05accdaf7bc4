// What the pipeline returns to the HTTP adapter: status, headers and the body text.

import type { ErrorVerbosity, PgrstError } from '../errors/pgrst-error.ts';

export type Headers = ReadonlyArray<readonly [string, string]>;

export interface HttpResponse {
  readonly status: number;
  /** The reason phrase, when not the standard one (PTnnn errors, RAISE PGRST status_text). */
  readonly statusText?: string;
  readonly headers: Headers;
  /** null: no body (and no Content-Length, e.g. HEAD or 204). */
  readonly body: string | null;
}

/** PostgREST's error response: JSON body, Proxy-Status, and Retry-After on every 503. */
export function errorResponse(error: PgrstError, verbosity: ErrorVerbosity, retryAfterSeconds: number): HttpResponse {
  const headers: Array<readonly [string, string]> = [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Proxy-Status', `PostgREST; error=${error.code}`],
  ];
  if (error.status === 503) headers.push(['Retry-After', String(retryAfterSeconds)]);
  for (const [k, v] of Object.entries(error.headers)) headers.push([k, v]);
  const statusText = 'statusText' in error && typeof error.statusText === 'string' ? error.statusText : undefined;
  return {
    status: error.status,
    ...(statusText === undefined ? {} : { statusText }),
    headers,
    body: error.toBody(verbosity),
  };
}
