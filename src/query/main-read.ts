// The whole read statement (PostgREST: Query/Statements.hs, mainRead): the read in a CTE, an
// optional count, and ONE row holding the total, the page size, the body built by PostgreSQL in
// the negotiated format, and the response.headers/response.status settings.

import type { ReadPlanTree } from '../plan/types.ts';
import { isAllRows } from '../plan/types.ts';
import type { Range } from '../request/types.ts';
import { countQuery, readQuery } from './read-query.ts';
import { EMPTY, param, type SqlNode, sql } from './sql.ts';

/** How PostgreSQL aggregates the rows into the body. */
export type BodyHandler =
  | { readonly kind: 'jsonArray'; readonly stripNulls: boolean }
  | { readonly kind: 'jsonObject'; readonly stripNulls: boolean }
  | { readonly kind: 'csv' }
  | { readonly kind: 'geojson' }
  /** HEAD: no body at all. */
  | { readonly kind: 'none' };

export type CountMode = 'exact' | 'planned' | 'estimated' | null;

export interface MainReadOptions {
  readonly handler: BodyHandler;
  readonly count: CountMode;
  readonly maxRows: number | null;
  /** The root range as requested: a separate count is needed only when it cuts the result. */
  readonly range: Range;
}

/** Columns: total_result_set, page_total, body, response_headers, response_status (all text). */
export function mainReadStatement(tree: ReadPlanTree, options: MainReadOptions): SqlNode {
  const { countCte, total } = countParts(tree, options);
  return sql`WITH pgrst_source AS ( ${readQuery(tree)} ) ${countCte} SELECT ${total}::text AS total_result_set, pg_catalog.count(_postgrest_t)::text AS page_total, ${bodyExpression(options.handler)} AS body, nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status FROM ( SELECT * FROM pgrst_source ) _postgrest_t`;
}

/** `EXPLAIN (FORMAT JSON)` of the count, for Prefer: count=planned|estimated. */
export function explainCountStatement(tree: ReadPlanTree): SqlNode {
  return sql`EXPLAIN (FORMAT JSON) ${countQuery(tree)}`;
}

function countParts(tree: ReadPlanTree, options: MainReadOptions): { countCte: SqlNode; total: SqlNode } {
  const counted = options.count === 'exact' || options.count === 'estimated';
  if (!counted) return { countCte: EMPTY, total: sql`null::bigint` };
  // v16: without limits the page is the whole result, so its size is the total.
  if (options.maxRows === null && isAllRows(options.range))
    return { countCte: EMPTY, total: sql`pg_catalog.count(_postgrest_t)` };
  const query =
    options.count === 'estimated' && options.maxRows !== null
      ? sql`${countQuery(tree)} LIMIT ${param(String(options.maxRows + 1))}`
      : countQuery(tree);
  return {
    countCte: sql`, pgrst_source_count AS (${query})`,
    total: sql`(SELECT pg_catalog.count(*) FROM pgrst_source_count)`,
  };
}

function stripped(strip: boolean, node: SqlNode): SqlNode {
  return strip ? sql`json_strip_nulls(${node})` : node;
}

function bodyExpression(handler: BodyHandler): SqlNode {
  switch (handler.kind) {
    case 'jsonArray':
      return sql`coalesce(${stripped(handler.stripNulls, sql`json_agg(_postgrest_t)`)}, '[]')::text`;
    case 'jsonObject':
      return sql`coalesce(${stripped(handler.stripNulls, sql`json_agg(_postgrest_t)->0`)}, 'null')::text`;
    case 'geojson':
      return sql`json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(ST_AsGeoJSON(_postgrest_t)::json), '[]'))::text`;
    case 'csv':
      // Header from the first row's keys, then each row in composite text format without its parentheses.
      return sql`(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text as k FROM (SELECT row_to_json(hh) as r from pgrst_source as hh limit 1) s) a) || '\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), '\n'), '')`;
    case 'none':
      return sql`''::text`;
  }
}
