// The response to a read (PostgREST: Response.hs, WrappedReadPlan): status from the range and
// count, Content-Range, Content-Location, the body PostgreSQL built, SQL-set headers and status.

import type { StatementResult } from '../db/pipeline.ts';
import { ApiRequestError } from '../errors/api-request-error.ts';
import { InternalError } from '../errors/internal-error.ts';
import type { ErrorVerbosity } from '../errors/pgrst-error.ts';
import type { BodyHandler, CountMode } from '../query/main-read.ts';
import { rangeStatus } from './content-range.ts';
import { overrideHeaders, parseGucHeaders, parseGucStatus } from './guc.ts';
import type { Headers, HttpResponse } from './http-response.ts';

export interface ReadResponseInput {
  /** The main statement's row: total, page total, body, response.headers, response.status. */
  readonly main: StatementResult;
  /** EXPLAIN (FORMAT JSON) of the count, for planned/estimated counts. */
  readonly explain: StatementResult | null;
  readonly handler: BodyHandler;
  /** application/vnd.pgrst.object: exactly one row or 406, also for HEAD. */
  readonly singular: boolean;
  readonly count: CountMode;
  readonly maxRows: number | null;
  readonly offset: number;
  readonly contentType: string;
  /** `/table?canonical-query`. */
  readonly contentLocation: string;
  /** Content-Profile value when the schema was negotiated. */
  readonly profile: string | null;
  readonly preferenceApplied: string | null;
  readonly verbosity: ErrorVerbosity;
}

export function readResponse(input: ReadResponseInput): HttpResponse {
  const row = input.main.rows[0];
  if (row === undefined) throw InternalError.from(new Error('the read statement returned no row'));
  const [totalText, pageText, body, gucHeaders, gucStatus] = row;
  const pageTotal = Number(pageText);
  const total = countTotal(input, totalText ?? null);
  if (input.singular && pageTotal !== 1) throw ApiRequestError.singularity(pageTotal);
  const { status, contentRange } = rangeStatus(input.offset, pageTotal, total);
  const headers: Array<readonly [string, string]> = [
    ['Content-Range', contentRange],
    ['Content-Location', input.contentLocation],
    ['Content-Type', input.contentType],
  ];
  if (input.profile !== null) headers.push(['Content-Profile', input.profile]);
  if (input.preferenceApplied !== null) headers.push(['Preference-Applied', input.preferenceApplied]);
  // v16: caches must key on what changes the body.
  headers.push(['Vary', 'Accept, Prefer, Range']);
  let responseBody: string | null = input.handler.kind === 'none' ? null : (body ?? '');
  if (status === 416) {
    responseBody = ApiRequestError.invalidRange({ kind: 'outOfBounds', lower: input.offset, total: total ?? 0 }).toBody(
      input.verbosity,
    );
  }
  const finalStatus = parseGucStatus(gucStatus ?? null) ?? status;
  const finalHeaders: Headers = overrideHeaders(headers, parseGucHeaders(gucHeaders ?? null));
  return { status: finalStatus, headers: finalHeaders, body: responseBody };
}

/** The total for Content-Range: exact, or estimated from the planner's row count. */
function countTotal(input: ReadResponseInput, exactText: string | null): number | null {
  const exact = exactText === null ? null : Number(exactText);
  if (input.count === null) return null;
  if (input.count === 'exact') return exact;
  const planned = plannedRows(input.explain);
  if (input.count === 'planned') return planned;
  // estimated: exact up to db-max-rows, the planner's guess beyond it.
  if (exact === null) return planned;
  if (planned === null) return exact;
  if (input.maxRows === null || exact > input.maxRows) return Math.max(exact, planned);
  return exact;
}

function plannedRows(explain: StatementResult | null): number | null {
  const text = explain?.rows[0]?.[0];
  if (text === undefined || text === null) return null;
  const plan: unknown = JSON.parse(text);
  if (!Array.isArray(plan)) return null;
  const first: unknown = plan[0];
  if (typeof first !== 'object' || first === null || !('Plan' in first)) return null;
  const node: unknown = first.Plan;
  if (typeof node !== 'object' || node === null || !('Plan Rows' in node)) return null;
  const rows = node['Plan Rows'];
  return typeof rows === 'number' ? rows : null;
}
