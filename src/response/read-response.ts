// The response to a read (PostgREST: Response.hs): status, Content-Range, Content-Location and
// the body PostgreSQL built.

import type { StatementResult } from '../db/pipeline.ts';
import { InternalError } from '../errors/internal-error.ts';
import type { ReadPlan } from '../plan/read-plan.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { HttpResponse } from './http-response.ts';

export function readResponse(api: ApiRequest, plan: ReadPlan, result: StatementResult): HttpResponse {
  const row = result.rows[0];
  if (row === undefined) throw InternalError.from(new Error('the read statement returned no row'));
  const count = Number(row[0]);
  const body = row[1] ?? null;
  const range = count === 0 ? '*/*' : `0-${count - 1}/*`;
  const headers: Array<readonly [string, string]> = [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Content-Range', range],
    ['Content-Location', api.query === '' ? api.path : `${api.path}?${api.query}`],
    ['Vary', 'Accept, Prefer, Range'],
  ];
  if (api.negotiatedProfile) headers.push(['Content-Profile', api.schema]);
  return { status: 200, headers, body: plan.headersOnly ? null : body };
}
