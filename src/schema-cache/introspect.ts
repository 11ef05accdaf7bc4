// Loads the schema cache with a few set-based catalog queries in one read-only transaction.

import type { DbConnection } from '../db/connection.ts';
import { TABLES_QUERY } from './queries/tables.sql.ts';
import type { Column, RelationKind, SchemaCache, Table } from './schema-cache.ts';

export interface IntrospectOptions {
  readonly schemas: ReadonlyArray<string>;
  /** Test knobs: pg_sleep (ms) before and after the queries, inside the transaction. */
  readonly sleepBeforeMs: number | null;
  readonly sleepAfterMs: number | null;
}

export interface IntrospectResult {
  readonly cache: SchemaCache;
  /** Per-query timings for the debug log line. */
  readonly timings: string;
}

interface TableRow {
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly description: string | null;
  readonly insertable: boolean;
  readonly updatable: boolean;
  readonly deletable: boolean;
  readonly pk: string[] | null;
  readonly columns: string;
}

interface ColumnJson {
  readonly n: string;
  readonly d: string | null;
  readonly nl: boolean;
  readonly t: string;
  readonly nt: string;
  readonly ml: number | null;
  readonly df: string | null;
  readonly e: string[] | null;
}

const KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  p: 'partitioned table',
};

export async function introspect(db: DbConnection, options: IntrospectOptions): Promise<IntrospectResult> {
  await db.query('begin isolation level read committed read only');
  try {
    // An empty search_path makes format_type() and regclass casts schema-qualify every name.
    await db.query("select pg_catalog.set_config('search_path', '', true)");
    if (options.sleepBeforeMs !== null)
      await db.query('select pg_catalog.pg_sleep($1)', [options.sleepBeforeMs / 1000]);
    const versionRows = await db.query<{ v: string }>("select pg_catalog.current_setting('server_version_num') as v");
    const started = performance.now();
    const rows = await db.query<TableRow>(TABLES_QUERY, [options.schemas]);
    const tablesMs = performance.now() - started;
    if (options.sleepAfterMs !== null) await db.query('select pg_catalog.pg_sleep($1)', [options.sleepAfterMs / 1000]);
    await db.query('commit');
    const tables = new Map<string, Map<string, Table>>();
    for (const schema of options.schemas) tables.set(schema, new Map());
    for (const row of rows) tables.get(row.schema)?.set(row.name, toTable(row));
    return {
      cache: { tables, relationships: new Map(), routines: new Map(), pgVersion: Number(versionRows[0]?.v ?? 0) },
      timings: `tables: ${tablesMs.toFixed(1)} ms`,
    };
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  }
}

function toTable(row: TableRow): Table {
  const columns: ColumnJson[] = JSON.parse(row.columns);
  return {
    schema: row.schema,
    name: row.name,
    kind: KINDS[row.kind] ?? 'table',
    description: row.description,
    insertable: row.insertable,
    updatable: row.updatable,
    deletable: row.deletable,
    primaryKey: row.pk ?? [],
    columns: columns.map(
      (c): Column => ({
        name: c.n,
        description: c.d,
        nullable: c.nl,
        dataType: c.t,
        nominalType: c.nt,
        maxLength: c.ml,
        defaultValue: c.df,
        enumValues: c.e ?? [],
      }),
    ),
  };
}
