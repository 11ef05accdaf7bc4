// Functions of the exposed schemas callable as /rpc/<name> (PostgREST: Catalog/Query.hs
// funcsSqlQuery) and computed relationships (SchemaCache.hs allComputedRels).
//
// Routines: prokind 'f' only (no procedures, aggregates, window functions), not returning
// `trigger`, and "callable": PostgREST drops a function whose inputs are all unnamed unless it has
// a single one of type bytea/json/jsonb/text/xml (the raw-body fallback). Only a missing
// proargnames counts as "unnamed": `f(int, b int)` keeps a parameter named ''.
// Unlike PostgREST, input parameters are matched with their types through proallargtypes, so an
// OUT parameter declared before an IN one does not shift names against types.
// $1: exposed schemas (quoted identifiers).

export const ROUTINES_QUERY = `
with recursive
domain_chain as (
  select t.oid, t.typbasetype as base from pg_catalog.pg_type t where t.typtype = 'd'
  union all
  select c.oid, b.typbasetype from domain_chain c
  join pg_catalog.pg_type b on b.oid = c.base where b.typtype = 'd'
),
domain_base as (
  select c.oid, c.base from domain_chain c
  join pg_catalog.pg_type b on b.oid = c.base and b.typtype <> 'd'
),
procs as (
  select p.*, n.nspname
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.pronamespace = any($1::pg_catalog.regnamespace[]) and p.prokind = 'f'
)
select
  p.nspname::text as schema,
  p.proname::text as name,
  d.description,
  coalesce(args.list, '[]') as params,
  args.unnamed_ok,
  rn.nspname::text as ret_schema,
  coalesce(rc.relname, rt.typname)::text as ret_name,
  pg_catalog.format_type(rt.oid, null) as ret_type,
  rt.oid = 'pg_catalog.void'::pg_catalog.regtype as ret_void,
  rt.oid = 'pg_catalog.record'::pg_catalog.regtype as ret_record,
  p.proretset as setof,
  rt.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false) as composite,
  p.provolatile::text as volatility,
  p.provariadic <> 0 as variadic,
  p.proconfig as config
from procs p
left join domain_base db on db.oid = p.prorettype
join pg_catalog.pg_type rt on rt.oid = coalesce(db.base, p.prorettype)
join pg_catalog.pg_namespace rn on rn.oid = rt.typnamespace
left join pg_catalog.pg_class rc on rc.oid = rt.typrelid
left join pg_catalog.pg_description d
  on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objsubid = 0
left join lateral (
  select
    pg_catalog.json_agg(pg_catalog.json_build_array(
      coalesce(x.name, ''),
      pg_catalog.format_type(x.type, null),
      case x.type
        when 'pg_catalog.bit'::pg_catalog.regtype then 'bit varying'
        when 'pg_catalog.bit[]'::pg_catalog.regtype then 'bit varying[]'
        when 'pg_catalog.bpchar'::pg_catalog.regtype then 'character varying'
        when 'pg_catalog.bpchar[]'::pg_catalog.regtype then 'character varying[]'
        else pg_catalog.format_type(x.type, null)
      end,
      x.idx <= p.pronargs - p.pronargdefaults,
      x.mode = 'v'
    ) order by x.idx)::text as list,
    case pg_catalog.count(*) filter (where x.name is null)
      when 0 then true
      when 1 then (pg_catalog.array_agg(x.type))[1] = any(array[
        'pg_catalog.bytea'::pg_catalog.regtype, 'pg_catalog.json'::pg_catalog.regtype,
        'pg_catalog.jsonb'::pg_catalog.regtype, 'pg_catalog.text'::pg_catalog.regtype,
        'pg_catalog.xml'::pg_catalog.regtype]::pg_catalog.oid[])
      else false
    end as unnamed_ok
  from (
    select a.name, a.type, coalesce(a.mode, 'i') as mode, pg_catalog.row_number() over (order by a.ord) as idx
    from rows from (
      pg_catalog.unnest(coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[])),
      pg_catalog.unnest(p.proargnames),
      pg_catalog.unnest(p.proargmodes)
    ) with ordinality a(type, name, mode, ord)
    where coalesce(a.mode, 'i') in ('i', 'b', 'v')
  ) x
) args on true
where rt.oid <> 'pg_catalog.trigger'::pg_catalog.regtype
  and coalesce(args.unnamed_ok, true)
`;

/**
 * `fn(rel) returns [setof] rel2`: one argument of a relation's row type, returning a relation's
 * row type. Any function kind, as in PostgREST. Only origins in exposed schemas are kept: the
 * others cannot survive the exposed-schema filter.
 */
export const COMPUTED_RELATIONSHIPS_QUERY = `
select
  pn.nspname::text as fn_schema,
  p.proname::text as fn_name,
  an.nspname::text as schema,
  ac.relname::text as table,
  rn.nspname::text as fschema,
  rc.relname::text as ftable,
  not p.proretset or p.prorows = 1 as to_one
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
join pg_catalog.pg_type at on at.oid = p.proargtypes[0]
join pg_catalog.pg_class ac on ac.oid = at.typrelid and ac.reltype = at.oid
join pg_catalog.pg_namespace an on an.oid = ac.relnamespace
join pg_catalog.pg_type rt on rt.oid = p.prorettype
join pg_catalog.pg_class rc on rc.oid = rt.typrelid and rc.reltype = rt.oid
join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
where p.pronargs = 1
  and ac.relkind in ('v', 'r', 'm', 'f', 'p')
  and rc.relkind in ('v', 'r', 'm', 'f', 'p')
  and ac.relnamespace = any($1::pg_catalog.regnamespace[])
`;
