// Views and materialized views whose keys may be inherited (PostgREST: Catalog/Query.hs
// allViewsKeyDependencies). PostgREST turns each view's stored rule into JSON with regexes inside
// the query; restgres ships the rule text and parses its target list in JS (node-tree.ts).
//
// $1: exposed schemas, $2: db-extra-search-path schemas (quoted identifiers). Views of both are
// returned: chains may pass through the extra schemas, but only exposed views inherit keys.

const VIEWS_CTE = `
views as (
  select c.oid, n.nspname, c.relname, r.ev_action,
    c.relnamespace = any($1::pg_catalog.regnamespace[]) as exposed
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_rewrite r on r.ev_class = c.oid and r.ev_type = '1'
  where c.relkind in ('v', 'm')
    and c.relnamespace = any($1::pg_catalog.regnamespace[] || $2::pg_catalog.regnamespace[])
)`;

/**
 * One row per view: `cols` holds the view's column names by attnum (index attnum - 1; only for
 * exposed views, the others are only passed through), `action` the `_RETURN` rule's node tree.
 */
export const VIEWS_QUERY = `
with ${VIEWS_CTE}
select
  v.oid,
  v.nspname::text as schema,
  v.relname::text as name,
  v.exposed,
  case when v.exposed then array(
    select a.attname::text from pg_catalog.pg_attribute a
    where a.attrelid = v.oid and a.attnum > 0 order by a.attnum
  ) end as cols,
  v.ev_action::text as action
from views v
`;

/**
 * Primary keys of the relations those views read from (from the rules' dependencies), columns in
 * key order: views inherit them when they expose every key column.
 */
export const VIEW_SOURCE_KEYS_QUERY = `
with ${VIEWS_CTE}
select
  k.conrelid as relid,
  k.conkey::int4[] as attnums,
  array(
    select a.attname::text from pg_catalog.unnest(k.conkey) with ordinality u(attnum, ord)
    join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
    order by u.ord
  ) as cols
from pg_catalog.pg_constraint k
where k.contype = 'p'
  and k.conrelid in (
    select d.refobjid
    from pg_catalog.pg_depend d
    join pg_catalog.pg_rewrite r on r.oid = d.objid
    where d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
      and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
      and r.ev_class in (select oid from views)
  )
`;
