// The `Range` request header and the top-level range it forms with `limit`/`offset`
// (PostgREST: RangeQuery.hs rangeParse, and ApiRequest.hs getRanges).

import { ApiRequestError } from '../errors/api-request-error.ts';
import type { Range } from './types.ts';

/**
 * Rows `lower..upper` inclusive (upper null: unbounded), as PostgREST's Data.Ranged ranges. Such a
 * range is empty when upper < lower; `limit=0` is the one empty range allowed through.
 */
interface Bounds {
  readonly lower: number;
  readonly upper: number | null;
}

const ALL: Bounds = { lower: 0, upper: null };
const EMPTY: Bounds = { lower: Number.POSITIVE_INFINITY, upper: Number.NEGATIVE_INFINITY };

const isEmpty = (b: Bounds): boolean => b.upper !== null && b.upper < b.lower;

function intersect(a: Bounds, b: Bounds): Bounds {
  if (isEmpty(a) || isEmpty(b)) return EMPTY;
  const upper = a.upper === null ? b.upper : b.upper === null ? a.upper : Math.min(a.upper, b.upper);
  return { lower: Math.max(a.lower, b.lower), upper };
}

const toBounds = (r: Range): Bounds => ({ lower: r.offset, upper: r.limit === null ? null : r.offset + r.limit - 1 });

/**
 * `0-9` → rows 0..9, `5-` → rows from 5; anything else (`items=0-9`, `0-1,5-6`, ` 0-9`) is ignored
 * and means all rows. `9-0` gives an empty range, which {@link topLevelRange} rejects.
 */
function parseRangeHeader(value: string | undefined): Bounds {
  const m = value === undefined ? null : /^([0-9]+)-([0-9]*)$/.exec(value);
  if (m === null) return ALL;
  const lower = Number(m[1]);
  const upper = m[2] === undefined || m[2] === '' ? null : Number(m[2]);
  return intersect({ lower, upper: null }, { lower: Number.NEGATIVE_INFINITY, upper });
}

/**
 * The root's rows: the `limit`/`offset` range (`QueryParams.ranges.get('')`) intersected with the
 * `Range` header, which the caller passes for GET only. `limit=0` wins over any header. An empty
 * result is 416 PGRST103: "lowerGreaterThanUpper" when the header itself was inverted, else
 * "negativeLimit" (`limit=-1`, but also `limit=0&offset=5` or `offset=5` with `Range: 0-1`).
 * Example: `{offset: 10, limit: null}` with `Range: 0-4` → rows 10..4, empty → 416 negativeLimit.
 */
export function topLevelRange(limitOffset: Range | undefined, rangeHeader: string | undefined): Range {
  const header = parseRangeHeader(rangeHeader);
  const limitRange = limitOffset === undefined ? ALL : toBounds(limitOffset);
  const limitZero = limitRange.upper === -1;
  const top = limitZero ? { lower: 0, upper: -1 } : intersect(header, limitRange);
  if (isEmpty(top) && !limitZero) {
    throw ApiRequestError.invalidRange({ kind: isEmpty(header) ? 'lowerGreaterThanUpper' : 'negativeLimit' });
  }
  return { offset: top.lower, limit: top.upper === null ? null : top.upper - top.lower + 1 };
}

/** True for "every row" (no limit, no offset): on PUT anything else is PGRST114. */
export function isAllRange(range: Range): boolean {
  return range.offset === 0 && range.limit === null;
}
