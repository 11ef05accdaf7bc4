// Domain representations: implicit casts implemented by a function between a domain and json or
// text, one row each (PostgREST: SchemaCache.hs dataRepresentations). All schemas, as PostgREST
// does: a domain of a hidden schema may type a column of an exposed table, and the summary line
// counts them all. Only casts whose function the loading role may execute qualify.
//
// Types are named by regtype output under the load's empty search_path (`api.color`, `json`),
// which is how format_type() names column types in the tables query, so the two match as text.
// The function comes as schema and name, to be quoted when called. 114 and 25: json and text.

export const REPRESENTATIONS_QUERY = `
select
  c.castsource::pg_catalog.regtype::text as source,
  c.casttarget::pg_catalog.regtype::text as target,
  n.nspname::text as fn_schema,
  p.proname::text as fn_name
from pg_catalog.pg_cast c
join pg_catalog.pg_type s on s.oid = c.castsource
join pg_catalog.pg_type t on t.oid = c.casttarget
join pg_catalog.pg_proc p on p.oid = c.castfunc
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
where c.castcontext = 'i'
  and c.castmethod = 'f'
  and pg_catalog.has_function_privilege(c.castfunc, 'execute')
  and (
    (s.typtype = 'd' and c.casttarget in (114, 25))
    or (t.typtype = 'd' and c.castsource in (114, 25))
  )
order by 1, 2
`;
