// ReadPlan → the one statement that builds the response body inside PostgreSQL
// (PostgREST: Query/QueryBuilder.hs, Query/Statements.hs).

import type { ReadPlan } from '../plan/read-plan.ts';
import { qualified, type SqlNode, sql } from './sql.ts';

/**
 * Columns: page_total, body (json_agg text: PostgREST's bytes, `[{...}, \n {...}]`),
 * response.headers and response.status as set by the query or a function it called.
 */
export function buildReadStatement(plan: ReadPlan): SqlNode {
  const source = qualified(plan.table.schema, plan.table.name);
  const body = plan.headersOnly ? sql`null` : sql`coalesce(pg_catalog.json_agg(pgrst_t), '[]')::text`;
  return sql`select pg_catalog.count(pgrst_t)::text, ${body}, nullif(pg_catalog.current_setting('response.headers', true), ''), nullif(pg_catalog.current_setting('response.status', true), '') from (select ${source}.* from ${source}) pgrst_t`;
}
