// Loads the schema cache (PostgREST: SchemaCache.hs querySchemaCache): seven set-based catalog
// queries in one read-only transaction; builder.ts and relationships.ts do the rest in JS.

import type { DbConnection } from '../db/connection.ts';
import { quoteIdent } from '../query/identifiers.ts';
import {
  type ComputedSqlRow,
  type ForeignKeySqlRow,
  type RepresentationSqlRow,
  SchemaCacheBuilder,
} from './builder.ts';
import { FOREIGN_KEYS_QUERY } from './queries/relationships.sql.ts';
import { REPRESENTATIONS_QUERY } from './queries/representations.sql.ts';
import { COMPUTED_RELATIONSHIPS_QUERY, ROUTINES_QUERY } from './queries/routines.sql.ts';
import { TABLES_QUERY } from './queries/tables.sql.ts';
import { VIEW_SOURCE_KEYS_QUERY, VIEWS_QUERY } from './queries/views.sql.ts';
import type { RoutineRow } from './routines.ts';
import type { SchemaCache } from './schema-cache.ts';
import type { TableRow } from './tables.ts';
import type { PrimaryKeyRow, ViewRow } from './view-keys.ts';

/** Rows per cursor fetch: a few round trips on big schemas, bounded memory per batch. */
const FETCH_SIZE = 5000;

export interface IntrospectOptions {
  readonly schemas: ReadonlyArray<string>;
  /** db-extra-search-path: views there pass keys through to views of the exposed schemas. */
  readonly extraSearchPath?: ReadonlyArray<string>;
  /** `server_version_num` of the session, which the caller has already asked for. */
  readonly pgVersionNum: number;
  /** Test knobs: pg_sleep (ms) before and after the queries, inside the transaction. */
  readonly sleepBeforeMs: number | null;
  readonly sleepAfterMs: number | null;
}

export interface IntrospectResult {
  readonly cache: SchemaCache;
  /** Per-query and derivation timings for the debug log line. */
  readonly timings: string;
  /** Milliseconds spent deriving the cache in JS (the "Schema cache loaded in" part). */
  readonly deriveMs: number;
}

export async function introspect(db: DbConnection, options: IntrospectOptions): Promise<IntrospectResult> {
  // regnamespace input parses identifiers: quote them so case and odd characters survive.
  const schemas = options.schemas.map(quoteIdent);
  const extra = (options.extraSearchPath ?? []).map(quoteIdent);
  const builder = new SchemaCacheBuilder(options.schemas);
  const times: Array<readonly [string, number]> = [];
  // Results are read through a cursor a batch at a time, each batch going to the builder at once,
  // so the raw rows (column JSON, rule texts) are never all held together, whatever the schema size.
  const run = async <R extends object>(label: string, text: string, values: unknown[], use: (rows: R[]) => void) => {
    const started = performance.now();
    let building = 0;
    await db.query(`declare restgres_schema_cache no scroll cursor for ${text}`, values);
    for (;;) {
      const rows = await db.query<R>(`fetch forward ${FETCH_SIZE} from restgres_schema_cache`);
      const handed = performance.now();
      use(rows);
      building += performance.now() - handed;
      if (rows.length < FETCH_SIZE) break;
    }
    await db.query('close restgres_schema_cache');
    times.push([label, performance.now() - started - building]);
  };

  await db.query('begin isolation level repeatable read read only');
  try {
    // An empty search_path makes format_type() and regclass output schema-qualify every name.
    // JIT: the catalog queries look expensive to the planner on big schemas, and compiling them
    // took longer than running them (about a second each on 10,000 tables).
    // cursor_tuple_fraction = 1: every row is fetched, so plan for the whole result.
    await db.query(
      "select pg_catalog.set_config('search_path', '', true), pg_catalog.set_config('jit', 'off', true), " +
        "pg_catalog.set_config('cursor_tuple_fraction', '1', true)",
    );
    if (options.sleepBeforeMs !== null)
      await db.query('select pg_catalog.pg_sleep($1)', [options.sleepBeforeMs / 1000]);
    await run<TableRow>('tables', TABLES_QUERY, [schemas], (rows) => builder.addTables(rows));
    await run<ViewRow>('views', VIEWS_QUERY, [schemas, extra], (rows) => builder.addViews(rows));
    await run<PrimaryKeyRow>('keydeps', VIEW_SOURCE_KEYS_QUERY, [schemas, extra], (rows) =>
      builder.addViewSourceKeys(rows),
    );
    await run<ForeignKeySqlRow>('rels', FOREIGN_KEYS_QUERY, [schemas], (rows) => builder.addForeignKeys(rows));
    await run<RoutineRow>('funcs', ROUTINES_QUERY, [schemas], (rows) => builder.addRoutines(rows));
    await run<ComputedSqlRow>('comprels', COMPUTED_RELATIONSHIPS_QUERY, [schemas], (rows) =>
      builder.addComputedRelationships(rows),
    );
    await run<RepresentationSqlRow>('reps', REPRESENTATIONS_QUERY, [], (rows) => builder.addRepresentations(rows));
    if (options.sleepAfterMs !== null) await db.query('select pg_catalog.pg_sleep($1)', [options.sleepAfterMs / 1000]);
    await db.query('commit');
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  }

  const { cache, unreadableViews } = builder.build(options.pgVersionNum);
  times.push(['derive', builder.elapsedMs]);
  let timings = times.map(([label, ms]) => `${label}: ${ms.toFixed(1)} ms`).join(', ');
  // Should a future PostgreSQL print view rules differently, say so instead of silently losing keys.
  if (unreadableViews.length > 0)
    timings += `; view rules not understood (no inherited keys): ${unreadableViews.map((v) => `${v.schema}.${v.name}`).join(', ')}`;
  return { cache, timings, deriveMs: builder.elapsedMs };
}
