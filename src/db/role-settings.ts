// The impersonated roles' own settings (PostgREST: Config/Database.hs, queryRoleSettings):
// `ALTER ROLE web_anon SET statement_timeout = '2s'` must hold for requests that run as web_anon,
// although a session that switches role with set_config('role') never applies them itself.
// Read with the in-database configuration (db-config), for every role the authenticator is a
// direct member of; each request's transaction then sets them before switching role.

import type { DbConnection } from './connection.ts';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface RoleSettings {
  /** role → [setting, value] pairs, in catalog order; default_transaction_isolation is kept apart. */
  readonly settings: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>>;
  /** role → its default_transaction_isolation. */
  readonly isolation: ReadonlyMap<string, IsolationLevel>;
}

export const NO_ROLE_SETTINGS: RoleSettings = { settings: new Map(), isolation: new Map() };

// Like PostgREST: only database-independent settings (rolconfig), only parameters the role may set
// itself (user context, or SET granted on PostgreSQL 15+), and values lower-cased.
const roleSettingsQuery = (pgVersionNum: number) => `
select r.rolname as role,
       pg_catalog.split_part(c.setting, '=', 1) as key,
       pg_catalog.lower(pg_catalog.substr(c.setting, pg_catalog.strpos(c.setting, '=') + 1)) as value
from pg_catalog.pg_auth_members m
join pg_catalog.pg_roles r on r.oid = m.roleid
cross join lateral pg_catalog.unnest(r.rolconfig) with ordinality as c(setting, n)
join pg_catalog.pg_settings ps on ps.name = pg_catalog.split_part(c.setting, '=', 1)
where m.member = (select oid from pg_catalog.pg_roles where rolname = current_user)
  and (ps.context = 'user'${pgVersionNum >= 150000 ? " or pg_catalog.has_parameter_privilege(current_user, ps.name, 'set')" : ''})
order by r.rolname, c.n`;

/** @param pgVersionNum `server_version_num`; GRANT SET on parameters exists from 15 on. */
export async function readRoleSettings(db: DbConnection, pgVersionNum: number): Promise<RoleSettings> {
  const rows = await db.query<{ role: string; key: string; value: string }>(roleSettingsQuery(pgVersionNum));
  const settings = new Map<string, Array<readonly [string, string]>>();
  const isolation = new Map<string, IsolationLevel>();
  for (const { role, key, value } of rows) {
    if (key === 'default_transaction_isolation') {
      isolation.set(role, toIsolationLevel(value));
      continue;
    }
    const pairs = settings.get(role) ?? [];
    pairs.push([key, value]);
    settings.set(role, pairs);
  }
  return { settings, isolation };
}

function toIsolationLevel(value: string): IsolationLevel {
  if (value === 'repeatable read' || value === 'serializable') return value;
  return 'read committed';
}
