// Generates a big schema for schema-cache load benchmarks: N tables, FKs between them, views over
// some of them (inheriting keys), junction tables (M2M) and computed relationships.
// `node bench/schema-gen.ts --tables 10000 --fks-per-table 1 --views-every 10 | psql …`

import { parseArgs } from 'node:util';

export interface SchemaGenOptions {
  readonly tables: number;
  /** Foreign keys per table (table 0 has none: keys point to lower-numbered tables). */
  readonly fksPerTable: number;
  /** A view `v_<i>` over every n-th table (0: none). Views expose every column, so keys carry over. */
  readonly viewsEvery: number;
  /** A junction table between two tables every n tables (0: none), giving M2M relationships. */
  readonly junctionsEvery?: number;
  /** A computed relationship function every n tables (0: none). */
  readonly functionsEvery?: number;
  readonly schema?: string;
  /**
   * Tables per transaction (default 50): one transaction per statement is slow to load, one for
   * everything runs out of lock slots (max_locks_per_transaction) on big schemas.
   */
  readonly tablesPerTransaction?: number;
}

/**
 * The SQL creating the schema (dropped first). Deterministic: the same options give the same SQL.
 * Every table has `id` (PK), `name`, `created_at` and one `ref_<k>` column per FK.
 */
export function generateSchemaSql(options: SchemaGenOptions): string {
  const schema = options.schema ?? 'bench';
  const q = (name: string) => `"${schema}"."${name}"`;
  const batch = Math.max(1, options.tablesPerTransaction ?? 50);
  const out: string[] = [`drop schema if exists "${schema}" cascade;`, `create schema "${schema}";`];
  for (let i = 0; i < options.tables; i++) {
    if (i % batch === 0) out.push(i === 0 ? 'begin;' : 'commit;\nbegin;');
    const cols = ['id int primary key', 'name text not null', 'created_at timestamptz default now()'];
    if (i > 0) {
      for (let k = 0; k < options.fksPerTable; k++) cols.push(`ref_${k} int references ${q(`t_${target(i, k)}`)}`);
    }
    out.push(`create table ${q(`t_${i}`)} (${cols.join(', ')});`);
    if (options.viewsEvery > 0 && i % options.viewsEvery === 0)
      out.push(`create view ${q(`v_${i}`)} as select * from ${q(`t_${i}`)};`);
    const junctions = options.junctionsEvery ?? 0;
    if (junctions > 0 && i > 0 && i % junctions === 0) {
      const other = target(i, 7);
      out.push(
        `create table ${q(`j_${i}`)} (a_id int references ${q(`t_${i}`)}, b_id int references ${q(`t_${other}`)}, primary key (a_id, b_id));`,
      );
    }
    const functions = options.functionsEvery ?? 0;
    if (functions > 0 && i > 0 && i % functions === 0) {
      const other = target(i, 3);
      out.push(
        `create function ${q(`f_${i}`)}(${q(`t_${i}`)}) returns setof ${q(`t_${other}`)} rows 1 stable language sql as $$ select * from ${q(`t_${other}`)} limit 1 $$;`,
      );
    }
  }
  out.push('commit;');
  return `${out.join('\n')}\n`;
}

/** A lower-numbered table for FK k of table i, spread pseudo-randomly (Knuth's multiplicative hash). */
function target(i: number, k: number): number {
  // Reduce to 32 bits first: (i × c) mod i would always be 0 and make t_0 the target of every table.
  const hash = (BigInt(i) * 2654435761n + BigInt(k) * 40503n) % 2n ** 32n;
  return Number(hash % BigInt(i));
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      tables: { type: 'string', default: '10000' },
      'fks-per-table': { type: 'string', default: '1' },
      'views-every': { type: 'string', default: '10' },
      'junctions-every': { type: 'string', default: '0' },
      'functions-every': { type: 'string', default: '0' },
      schema: { type: 'string', default: 'bench' },
    },
  });
  process.stdout.write(
    generateSchemaSql({
      tables: Number(values.tables),
      fksPerTable: Number(values['fks-per-table']),
      viewsEvery: Number(values['views-every']),
      junctionsEvery: Number(values['junctions-every']),
      functionsEvery: Number(values['functions-every']),
      schema: values.schema,
    }),
  );
}
