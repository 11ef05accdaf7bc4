// OPTIONS responses (PostgREST: Response.hs, respondInfo): no database, just Allow.

import type { HttpResponse } from './http-response.ts';

export function infoResponse(allow: string): HttpResponse {
  return {
    status: 200,
    headers: [
      ['Access-Control-Allow-Origin', '*'],
      ['Allow', allow],
      ['Vary', 'Accept, Prefer, Range'],
    ],
    body: '',
  };
}
