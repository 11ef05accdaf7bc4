// `::type` casts from the URL. A type name cannot be a bind parameter, so it is written as a
// quoted identifier — request text never becomes raw SQL — except the SQL-standard spellings
// that only exist as keywords (`int`, `double precision`, `character varying` …), which come from
// this table. PostgreSQL folds unquoted names to lower case; so do we before quoting.

import { ident, type SqlNode, sql } from './sql.ts';

const KEYWORD_TYPES: ReadonlyMap<string, SqlNode> = new Map([
  ['int', sql`int`],
  ['integer', sql`integer`],
  ['smallint', sql`smallint`],
  ['bigint', sql`bigint`],
  ['real', sql`real`],
  ['float', sql`float`],
  ['double precision', sql`double precision`],
  ['decimal', sql`decimal`],
  ['dec', sql`dec`],
  ['numeric', sql`numeric`],
  ['boolean', sql`boolean`],
  ['char', sql`char`],
  ['character', sql`character`],
  ['varchar', sql`varchar`],
  ['character varying', sql`character varying`],
  ['nchar', sql`nchar`],
  ['national character', sql`national character`],
  ['bit', sql`bit`],
  ['bit varying', sql`bit varying`],
  ['time', sql`time`],
  ['timestamp', sql`timestamp`],
  ['interval', sql`interval`],
  ['time with time zone', sql`time with time zone`],
  ['time without time zone', sql`time without time zone`],
  ['timestamp with time zone', sql`timestamp with time zone`],
  ['timestamp without time zone', sql`timestamp without time zone`],
]);

export function castType(name: string): SqlNode {
  const normalized = name.trim().replace(/\s+/g, ' ').toLowerCase();
  return KEYWORD_TYPES.get(normalized) ?? ident(normalized);
}
