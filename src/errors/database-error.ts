// An error raised by PostgreSQL while running a request, with PostgREST's SQLSTATE → HTTP mapping
// (PostgREST: Error.hs, mapSQLtoHTTP). RAISE SQLSTATE 'PGRST' and 'PTnnn' give the function full
// control over the response; both are decoded here.

import { PgrstError } from './pgrst-error.ts';

/** The fields of a PostgreSQL ErrorResponse that PostgREST exposes. */
export interface PgErrorFields {
  readonly code: string;
  readonly message: string;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
}

export class DatabaseError extends PgrstError {
  /** The HTTP reason phrase; PTnnn errors use the message as the phrase. */
  readonly statusText: string | null;

  constructor(
    code: string,
    status: number,
    message: string,
    fields: ConstructorParameters<typeof PgrstError>[3] & { statusText?: string | null },
  ) {
    super(code, status, message, fields);
    this.statusText = fields.statusText ?? null;
  }

  /**
   * @param anonymous whether the request ran as db-anon-role: a permission error is then a 401
   *   (log in and try again) rather than a 403.
   */
  static fromPg(pg: PgErrorFields, anonymous: boolean): PgrstError {
    if (pg.code === 'PGRST') return raisePgrst(pg);
    const status = statusForSqlState(pg.code, pg.message, anonymous);
    const statusText = pg.code.startsWith('PT') && status !== 500 ? pg.message : null;
    const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
    return new DatabaseError(pg.code, status, pg.message, {
      details: pg.detail ?? null,
      hint: pg.hint ?? null,
      headers,
      statusText,
    });
  }
}

/** SQLSTATE → HTTP status. A specific code is checked before its class. */
export function statusForSqlState(code: string, message: string, anonymous: boolean): number {
  switch (code) {
    case '23503': // foreign_key_violation
    case '23505': // unique_violation
      return 409;
    case '25006': // read_only_sql_transaction: a GET on a function that writes
      return 405;
    case '21000': // cardinality_violation; pg-safeupdate's refusal is the client's fault
      return message.endsWith('requires a WHERE clause') ? 400 : 500;
    case '22023': // invalid_parameter_value; an unknown role from a JWT is an auth failure
      return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
    case '53400': // configuration_limit_exceeded
      return 500;
    case '57P01': // admin_shutdown
      return 503;
    case 'P0001': // plain RAISE
      return 400;
    case '42883': // undefined_function; xmlagg means no XML output handler
      return message.startsWith('function xmlagg(') ? 406 : 404;
    case '42P01': // undefined_table
      return 404;
    case '42P17': // infinite_recursion
      return 500;
    case '42501': // insufficient_privilege
      return anonymous ? 401 : 403;
  }
  if (code.startsWith('PT')) {
    const n = Number(code.slice(2));
    return /^\d{3}$/.test(code.slice(2)) && n >= 100 && n <= 599 ? n : 500;
  }
  switch (code.slice(0, 2)) {
    case '08': // connection exception
    case '53': // insufficient resources
      return 503;
    case '0L': // invalid grantor
    case '0P': // invalid role specification
    case '28': // invalid authorization specification
      return 403;
    case '09':
    case '25':
    case '2D':
    case '38':
    case '39':
    case '3B':
    case '40':
    case '54':
    case '55':
    case '57':
    case '58':
    case 'F0':
    case 'HV':
    case 'XX':
    case 'P0':
      return 500;
    default:
      return 400;
  }
}

const MESSAGE_HINT =
  "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.";
const DETAIL_HINT =
  "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";

/** RAISE SQLSTATE 'PGRST' USING MESSAGE = '{json}', DETAIL = '{json}'. */
function raisePgrst(pg: PgErrorFields): PgrstError {
  const parseError = (details: string, hint: string): PgrstError =>
    new PgrstError('PGRST121', 500, 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error', { details, hint });

  const message = parseObject(pg.message);
  if (
    message === null ||
    typeof message.code !== 'string' ||
    typeof message.message !== 'string' ||
    !optionalString(message.details) ||
    !optionalString(message.hint)
  ) {
    return parseError(`Invalid JSON value for MESSAGE: '${pg.message}'`, MESSAGE_HINT);
  }
  if (pg.detail === undefined) return parseError('DETAIL is missing in the RAISE statement', DETAIL_HINT);
  const detail = parseObject(pg.detail);
  const headers = detail?.headers;
  if (
    detail === null ||
    typeof detail.status !== 'number' ||
    !Number.isInteger(detail.status) ||
    !optionalString(detail.status_text) ||
    typeof headers !== 'object' ||
    headers === null ||
    Array.isArray(headers) ||
    !Object.values(headers).every((v) => typeof v === 'string')
  ) {
    return parseError(`Invalid JSON value for DETAIL: '${pg.detail}'`, DETAIL_HINT);
  }
  return new DatabaseError(message.code, detail.status, message.message, {
    details: (message.details as string | undefined) ?? null,
    hint: (message.hint as string | undefined) ?? null,
    headers: headers as Record<string, string>,
    statusText: (detail.status_text as string | undefined) ?? null,
  });
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}
