// Relation rows of the tables query → the model's Table (PostgREST: Catalog/Decoders.hs
// decodeTables, SchemaCache.hs addViewPrimaryKeys).

import { compareText } from './relationship-order.ts';
import type { Column, RelationKind, Table } from './schema-cache.ts';

export interface TableRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly description: string | null;
  readonly insertable: boolean;
  readonly updatable: boolean;
  readonly deletable: boolean;
  /** Primary key column numbers (tables only). */
  readonly pk: number[] | null;
  /** JSON, see queries/tables.sql.ts. */
  readonly columns: string;
}

/** See queries/tables.sql.ts: [attnum, name, description, nullable, type, baseType, …]. */
type ColumnJson = [
  number,
  string,
  string | null,
  boolean,
  string,
  string | null,
  number | null,
  string | null,
  string[] | null,
];

const KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  p: 'partitioned table',
};

const NO_VALUES: ReadonlyArray<string> = Object.freeze([]);

/**
 * @param viewPrimaryKeys inherited keys of views (`schema\0name` → columns), see view-keys.ts.
 * @param strings a pool shared by one load: type names repeat across hundreds of thousands of
 *   columns on big schemas, and one copy each keeps the cache small.
 */
export function toTable(
  row: TableRow,
  viewPrimaryKeys: ReadonlyMap<string, ReadonlyArray<string>>,
  strings: Map<string, string> = new Map(),
  /** If given, receives the column names by attnum (index = attnum), keyed by the relation's oid. */
  namesByRelation?: Map<number, ReadonlyArray<string>>,
): Table {
  const intern = (text: string): string => {
    const found = strings.get(text);
    if (found !== undefined) return found;
    strings.set(text, text);
    return text;
  };
  const kind = KINDS[row.kind] ?? 'table';
  const isView = kind === 'view' || kind === 'materialized view';
  const json = JSON.parse(row.columns) as ColumnJson[];
  if (namesByRelation !== undefined) {
    const names: string[] = [];
    for (const [attnum, name] of json) names[attnum] = intern(name);
    namesByRelation.set(row.oid, names);
  }
  const columns = json.map(
    ([, name, description, nullable, type, baseType, maxLength, defaultValue, enumValues]): Column => ({
      name: intern(name),
      description,
      nullable,
      type: intern(type),
      baseType: intern(baseType ?? type),
      maxLength,
      defaultValue: defaultValue === null ? null : intern(defaultValue),
      enumValues: enumValues ?? NO_VALUES,
    }),
  );
  return {
    schema: row.schema,
    name: row.name,
    kind,
    description: row.description,
    insertable: row.insertable,
    updatable: row.updatable,
    deletable: row.deletable,
    primaryKey: isView ? (viewPrimaryKeys.get(`${row.schema}\0${row.name}`) ?? []) : keyNames(json, row.pk),
    columns,
  };
}

/** Key columns by name, sorted the way PostgREST's query sorts them (by name, byte order). */
function keyNames(columns: ReadonlyArray<ColumnJson>, attnums: ReadonlyArray<number> | null): ReadonlyArray<string> {
  if (attnums === null || attnums.length === 0) return [];
  const names: string[] = [];
  for (const [attnum, name] of columns) if (attnums.includes(attnum)) names.push(name);
  return names.sort(compareText);
}
