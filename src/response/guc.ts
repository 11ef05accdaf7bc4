// response.headers / response.status set by SQL (PostgREST: Response/GucHeader.hs): a function or
// pre-request hook can add or override headers and change the status of a successful response.

import { ApiRequestError } from '../errors/api-request-error.ts';
import type { Headers } from './http-response.ts';

/** `[{"Cache-Control": "no-cache"}, {"Set-Cookie": "a=1"}]` → header pairs; PGRST111 otherwise. */
export function parseGucHeaders(text: string | null): Headers {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw ApiRequestError.gucHeaders();
  }
  if (!Array.isArray(value)) throw ApiRequestError.gucHeaders();
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw ApiRequestError.gucHeaders();
    const entries = Object.entries(item);
    const [entry] = entries;
    if (entries.length !== 1 || entry === undefined || typeof entry[1] !== 'string') throw ApiRequestError.gucHeaders();
    return [entry[0], entry[1]] as const;
  });
}

/** A decimal status code; PGRST112 otherwise. */
export function parseGucStatus(text: string | null): number | null {
  if (text === null) return null;
  const m = /^(\d+)/.exec(text);
  const status = m?.[1] === undefined ? Number.NaN : Number(m[1]);
  if (!Number.isInteger(status) || status < 100 || status > 999) throw ApiRequestError.gucStatus();
  return status;
}

/** SQL-set headers replace PostgREST's headers of the same name (case-insensitive). */
export function overrideHeaders(own: Headers, fromSql: Headers): Headers {
  const names = new Set(fromSql.map(([k]) => k.toLowerCase()));
  return [...own.filter(([k]) => !names.has(k.toLowerCase())), ...fromSql];
}
