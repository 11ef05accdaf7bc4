// Reads the `pgrst.*` settings for in-database configuration (PostgREST: Config/Database.hs):
// the db-pre-config function's set_config() calls, overridden by `ALTER ROLE <authenticator>
// [IN DATABASE db] SET pgrst.x = …` (the database-specific value wins).

import { quoteFunctionName } from '../query/identifiers.ts';
import type { DbConnection } from './connection.ts';

const AUTHENTICATOR_SETTINGS_QUERY = `
select kv.key, kv.value
from (
  select s.setdatabase, pg_catalog.split_part(c, '=', 1) as key, pg_catalog.substr(c, pg_catalog.strpos(c, '=') + 1) as value
  from pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) as c
  where s.setrole = (select r.oid from pg_catalog.pg_roles r where r.rolname = session_user)
    and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()))
) kv
where kv.key like 'pgrst.%'
order by kv.setdatabase`;

/**
 * @param names the `pgrst.*` names to read.
 * @returns name → value for every setting that is set.
 */
export async function readInDbSettings(
  db: DbConnection,
  preConfig: string | null,
  names: ReadonlyArray<string>,
): Promise<Map<string, string>> {
  const settings = new Map<string, string>();
  if (preConfig !== null) {
    await db.query('begin read only');
    try {
      await db.query(`select ${quoteFunctionName(preConfig)}()`);
      const rows = await db.query<{ name: string; value: string | null }>(
        'select n as name, pg_catalog.current_setting(n, true) as value from pg_catalog.unnest($1::text[]) as n',
        [names],
      );
      for (const { name, value } of rows) if (value !== null && value !== '') settings.set(name, value);
    } finally {
      await db.query('rollback');
    }
  }
  for (const { key, value } of await db.query<{ key: string; value: string }>(AUTHENTICATOR_SETTINGS_QUERY)) {
    if (names.includes(key)) settings.set(key, value);
  }
  return settings;
}
