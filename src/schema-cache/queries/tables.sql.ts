// Relations of the exposed schemas with their columns and primary keys, one row per relation
// (PostgREST: Catalog/Query.hs tablesSqlQuery). Partitions are left out: clients use the parent.
//
// $1: the exposed schemas as quoted identifiers. The regnamespace[] cast fails for a schema that
// does not exist, which fails the load the way PostgREST's does.
// Columns come as one JSON array per relation (parsed once in JS, far cheaper than row decoding):
// [attnum, name, description, nullable, type, baseType|null (= type), maxLength, default,
// enumValues|null].

export const TABLES_QUERY = `
with recursive
domain_chain as (
  select t.oid, t.typbasetype as base, t.typtypmod as typmod
  from pg_catalog.pg_type t
  where t.typtype = 'd'
  union all
  select c.oid, b.typbasetype, case when c.typmod = -1 then b.typtypmod else c.typmod end
  from domain_chain c
  join pg_catalog.pg_type b on b.oid = c.base
  where b.typtype = 'd'
),
domain_base as (
  select c.oid, c.base, c.typmod
  from domain_chain c
  join pg_catalog.pg_type b on b.oid = c.base and b.typtype <> 'd'
),
rels as (
  select c.oid, n.nspname, c.relname, c.relkind
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relnamespace = any($1::pg_catalog.regnamespace[])
    and c.relkind in ('r', 'v', 'm', 'f', 'p')
    and not c.relispartition
),
columns as (
  select
    a.attrelid,
    pg_catalog.json_agg(pg_catalog.json_build_array(
      a.attnum,
      a.attname,
      d.description,
      not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)),
      pg_catalog.format_type(a.atttypid, a.atttypmod),
      -- null: same as the previous item (saves a format_type per column)
      case when db.base is not null then pg_catalog.format_type(db.base, db.typmod) end,
      -- information_schema._pg_char_max_length(_pg_truetypid(a, t), _pg_truetypmod(a, t)), inlined
      case when t.typtype = 'd' then
        case when t.typtypmod = -1 then null
          when t.typbasetype in (1042, 1043) then t.typtypmod - 4
          when t.typbasetype in (1560, 1562) then t.typtypmod end
      else
        case when a.atttypmod = -1 then null
          when a.atttypid in (1042, 1043) then a.atttypmod - 4
          when a.atttypid in (1560, 1562) then a.atttypmod end
      end,
      case
        when a.attidentity = 'd' then (
          select pg_catalog.format('nextval(%L)', dep.objid::pg_catalog.regclass)
          from pg_catalog.pg_depend dep
          where dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and dep.refobjid = a.attrelid
            and dep.refobjsubid = a.attnum and dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
            and dep.deptype = 'i')
        -- generated columns (stored, or virtual on PostgreSQL 18+) have no default
        when a.attgenerated <> '' then null
        when ad.adbin is not null then pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)
        when t.typtype = 'd' then pg_catalog.pg_get_expr(t.typdefaultbin, 0)
      end,
      case when coalesce(bt.typtype, t.typtype) = 'e' then (
        select pg_catalog.array_agg(e.enumlabel order by e.enumsortorder)
        from pg_catalog.pg_enum e where e.enumtypid = coalesce(bt.oid, t.oid)
      ) end
    ) order by a.attnum)::text as list
  from pg_catalog.pg_attribute a
  join rels r on r.oid = a.attrelid
  join pg_catalog.pg_type t on t.oid = a.atttypid
  left join domain_base db on db.oid = t.oid
  left join pg_catalog.pg_type bt on bt.oid = db.base
  left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join pg_catalog.pg_description d
    on d.objoid = a.attrelid and d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objsubid = a.attnum
  where a.attnum > 0 and not a.attisdropped
  group by a.attrelid
),
-- Materialized so that the function runs once per view or foreign table, not once per flag.
updatable as materialized (
  select r.oid, pg_catalog.pg_relation_is_updatable(r.oid, true) as bits
  from rels r
  where r.relkind in ('v', 'f')
)
select
  r.oid,
  r.nspname::text as schema,
  r.relname::text as name,
  r.relkind::text as kind,
  d.description,
  r.relkind in ('r', 'p') or coalesce((u.bits & 8) = 8, false) as insertable,
  r.relkind in ('r', 'p') or coalesce((u.bits & 4) = 4, false) as updatable,
  r.relkind in ('r', 'p') or coalesce((u.bits & 16) = 16, false) as deletable,
  -- key column numbers; named in JS from the columns (cheaper than joining pg_attribute again)
  case when r.relkind in ('r', 'p') then (
    select k.conkey from pg_catalog.pg_constraint k where k.conrelid = r.oid and k.contype = 'p'
  ) end as pk,
  coalesce(c.list, '[]') as columns
from rels r
left join updatable u on u.oid = r.oid
left join columns c on c.attrelid = r.oid
left join pg_catalog.pg_description d
  on d.objoid = r.oid and d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objsubid = 0
order by r.nspname, r.relname
`;
