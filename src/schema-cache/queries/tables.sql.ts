// Relations of the exposed schemas with their columns and primary keys, one row per relation.
// Partitions are left out: clients address the partitioned parent.

export const TABLES_QUERY = `
select
  n.nspname as schema,
  c.relname as name,
  c.relkind::text as kind,
  pg_catalog.obj_description(c.oid, 'pg_class') as description,
  c.relkind in ('r', 'p') or (pg_catalog.pg_relation_is_updatable(c.oid, true) & 8) = 8 as insertable,
  c.relkind in ('r', 'p') or (pg_catalog.pg_relation_is_updatable(c.oid, true) & 4) = 4 as updatable,
  c.relkind in ('r', 'p') or (pg_catalog.pg_relation_is_updatable(c.oid, true) & 16) = 16 as deletable,
  (
    select pg_catalog.array_agg(a.attname order by k.ord)
    from pg_catalog.pg_constraint pk
    cross join lateral pg_catalog.unnest(pk.conkey) with ordinality as k(attnum, ord)
    join pg_catalog.pg_attribute a on a.attrelid = pk.conrelid and a.attnum = k.attnum
    where pk.conrelid = c.oid and pk.contype = 'p'
  ) as pk,
  coalesce((
    select pg_catalog.json_agg(pg_catalog.json_build_object(
      'n', a.attname,
      'd', pg_catalog.col_description(c.oid, a.attnum),
      'nl', not (a.attnotnull or coalesce(bt.typnotnull, false)),
      't', pg_catalog.format_type(a.atttypid, a.atttypmod),
      'nt', pg_catalog.format_type(coalesce(bt.oid, t.oid), case when bt.oid is null then a.atttypmod else t.typtypmod end),
      'ml', information_schema._pg_char_max_length(coalesce(bt.oid, t.oid), coalesce(nullif(t.typtypmod, -1), a.atttypmod)),
      'df', pg_catalog.pg_get_expr(d.adbin, d.adrelid),
      'e', (select pg_catalog.array_agg(e.enumlabel order by e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = coalesce(bt.oid, t.oid))
    ) order by a.attnum)
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_type t on t.oid = a.atttypid
    left join pg_catalog.pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
    left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  ), '[]')::text as columns
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'v', 'm', 'f', 'p')
  and n.nspname = any($1::text[])
  and not c.relispartition
order by n.nspname, c.relname
`;
