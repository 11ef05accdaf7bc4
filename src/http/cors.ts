// CORS, as PostgREST's wai-cors policy (PostgREST: Cors.hs): only for requests with an Origin.
// Preflights are answered before anything else; other responses get the allow/expose headers.
// With server-cors-allowed-origins set, only listed origins are echoed (with credentials);
// others get no CORS headers but are still served.

import type { AppConfig } from '../config/app-config.ts';
import { header, type RawRequest } from '../request/raw-request.ts';
import type { Headers, HttpResponse } from '../response/http-response.ts';

const EXPOSED =
  'Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit';

/** The Allow-Origin (+ credentials) headers for this origin, or null when it is not allowed. */
function allowOrigin(origin: string, config: AppConfig): Headers | null {
  const allowed = config.serverCorsAllowedOrigins;
  if (allowed === null) return [['Access-Control-Allow-Origin', '*']];
  if (!allowed.includes(origin)) return null;
  return [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Credentials', 'true'],
  ];
}

/** A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), answered directly. */
export function preflightResponse(raw: RawRequest, config: AppConfig): HttpResponse | null {
  const origin = header(raw, 'origin');
  if (raw.method !== 'OPTIONS' || origin === undefined || header(raw, 'access-control-request-method') === undefined) {
    return null;
  }
  const allow = allowOrigin(origin, config);
  if (allow === null) return null;
  const requested = (header(raw, 'access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  return {
    status: 200,
    headers: [
      ...allow,
      ['Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD'],
      [
        'Access-Control-Allow-Headers',
        ['Authorization', ...requested, 'Accept', 'Accept-Language', 'Content-Language'].join(', '),
      ],
      ['Access-Control-Max-Age', '86400'],
    ],
    body: null,
  };
}

/** Adds the CORS headers of a simple (non-preflight) request. */
export function withCors(raw: RawRequest, config: AppConfig, response: HttpResponse): HttpResponse {
  const origin = header(raw, 'origin');
  if (origin === undefined) return response;
  const allow = allowOrigin(origin, config);
  if (allow === null) return response;
  const names = new Set(allow.map(([k]) => k.toLowerCase()));
  return {
    ...response,
    headers: [
      ...response.headers.filter(([k]) => !names.has(k.toLowerCase())),
      ...allow,
      ['Access-Control-Expose-Headers', EXPOSED],
    ],
  };
}
