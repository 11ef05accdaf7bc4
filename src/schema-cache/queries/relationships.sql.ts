// Every foreign key of the database, one row each (PostgREST: Catalog/Query.hs allM2OandO2ORels).
// All schemas, not only the exposed ones: views in exposed schemas may inherit keys of hidden
// tables. FKs cloned onto partitions (conparentid <> 0) are left out; the parent's one counts.
//
// `one_to_one`: the FK columns are exactly the columns of a PK or UNIQUE constraint of the
// referencing table. Keys never repeat a column, so two-way containment is set equality, and the
// lookup uses pg_constraint's conrelid index (PostgREST compares against a CTE of all keys).
// `in_pk`: every FK column is in the referencing table's primary key (the junction test of M2M).
// Attribute numbers come along so views' column origins can be matched against the keys in JS.
// Column names only come for relations the tables query does not return (null otherwise: JS
// names them from that query's columns; looking them up here was most of this query's cost).
// $1: exposed schemas (quoted identifiers).

export const FOREIGN_KEYS_QUERY = `
select
  c.oid,
  c.conname::text as name,
  c.conrelid as relid,
  n1.nspname::text as schema,
  t1.relname::text as table,
  c.confrelid as frelid,
  n2.nspname::text as fschema,
  t2.relname::text as ftable,
  c.conkey::int4[] as attnums,
  c.confkey::int4[] as fattnums,
  case when not (t1.relnamespace = any($1::pg_catalog.regnamespace[]) and not t1.relispartition) then array(
    select a.attname::text from pg_catalog.unnest(c.conkey) with ordinality k(attnum, ord)
    join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    order by k.ord
  ) end as cols,
  case when not (t2.relnamespace = any($1::pg_catalog.regnamespace[]) and not t2.relispartition) then array(
    select a.attname::text from pg_catalog.unnest(c.confkey) with ordinality k(attnum, ord)
    join pg_catalog.pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
    order by k.ord
  ) end as fcols,
  exists (
    select 1 from pg_catalog.pg_constraint u
    where u.conrelid = c.conrelid and u.contype in ('p', 'u')
      and u.conkey operator(pg_catalog.@>) c.conkey and u.conkey operator(pg_catalog.<@) c.conkey
  ) as one_to_one,
  coalesce((
    select pk.conkey operator(pg_catalog.@>) c.conkey from pg_catalog.pg_constraint pk
    where pk.conrelid = c.conrelid and pk.contype = 'p'
  ), false) as in_pk
from pg_catalog.pg_constraint c
join pg_catalog.pg_class t1 on t1.oid = c.conrelid
join pg_catalog.pg_namespace n1 on n1.oid = t1.relnamespace
join pg_catalog.pg_class t2 on t2.oid = c.confrelid
join pg_catalog.pg_namespace n2 on n2.oid = t2.relnamespace
where c.contype = 'f' and c.conparentid = 0
`;
