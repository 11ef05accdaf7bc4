// Accept: application/vnd.pgrst.plan: the EXPLAIN output as the body (PostgREST: DbPlanResult).

import type { StatementResult } from '../db/pipeline.ts';
import type { Negotiated } from '../plan/negotiate.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { HttpResponse } from './http-response.ts';

export function planResponse(result: StatementResult, negotiated: Negotiated, api: ApiRequest): HttpResponse {
  // FORMAT TEXT returns one row per line; FORMAT JSON one row.
  const body = result.rows.map((row) => row[0] ?? '').join('\n');
  const headers: Array<readonly [string, string]> = [['Content-Type', negotiated.contentType]];
  if (api.negotiatedProfile) headers.push(['Content-Profile', api.schema]);
  headers.push(['Vary', 'Accept, Prefer, Range']);
  return { status: 200, headers, body };
}
