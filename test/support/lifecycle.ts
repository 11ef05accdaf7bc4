// Shared pieces of the lifecycle integration tests (test/integration/lifecycle/): a small fixture
// database, the restgres environment pointing at it, polling helpers and Prometheus parsing.
import type { TestDatabase, TestPostgresConnection } from './postgres.ts';
import { createTestDatabase } from './postgres.ts';

export const AUTHENTICATOR = 'lifecycle_authenticator';
export const AUTHENTICATOR_PASSWORD = 'lifecycle-secret';
export const ANON = 'lifecycle_anon';

/** The rows of api.projects, as `GET /projects` returns them (json_agg's own spacing, like PostgREST). */
export const PROJECTS_BODY = '[{"id":1,"name":"Windows 7"}, \n {"id":2,"name":"Windows 10"}]';

/**
 * Roles are cluster-wide, so they are created only when missing (files may share one server).
 * api.slow sleeps for api.sleep_seconds.seconds: a request that holds a pool connection.
 */
const FIXTURE = `
do $$ begin
  if not exists (select from pg_roles where rolname = '${AUTHENTICATOR}') then
    create role ${AUTHENTICATOR} login noinherit password '${AUTHENTICATOR_PASSWORD}';
  end if;
  if not exists (select from pg_roles where rolname = '${ANON}') then
    create role ${ANON} nologin;
  end if;
end $$;
grant ${ANON} to ${AUTHENTICATOR};
create schema api;
grant usage on schema api to ${ANON};
create table api.projects (id int primary key, name text not null);
insert into api.projects values (1, 'Windows 7'), (2, 'Windows 10');
create table api.sleep_seconds (seconds float8 not null);
insert into api.sleep_seconds values (1);
create view api.slow as
  select 'done'::text as result from (select pg_catalog.pg_sleep(seconds) from api.sleep_seconds) s;
grant select on api.projects, api.slow to ${ANON};
`;

export function lifecycleDatabase(server: TestPostgresConnection, name: string, extraSql = ''): Promise<TestDatabase> {
  return createTestDatabase(server, name, FIXTURE + extraSql);
}

/** The environment of a restgres serving the fixture as the anonymous role (channel on, info logs). */
export function lifecycleEnv(db: TestDatabase, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PGRST_DB_URI: db.uri(AUTHENTICATOR, AUTHENTICATOR_PASSWORD),
    PGRST_DB_SCHEMAS: 'api',
    PGRST_DB_ANON_ROLE: ANON,
    PGRST_LOG_LEVEL: 'info',
    ...extra,
  };
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it returns something other than undefined/false and returns that; throws
 * with `what` and the last probe result after the deadline. Probes that throw count as "not yet".
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    }
    await delay(options.intervalMs ?? 50);
  }
}

/** The exit status of a process expected to end by itself; throws after `ms` instead of hanging. */
export async function exitWithin<S>(process: { readonly exited: Promise<S> }, ms = 10_000): Promise<S> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the process did not exit within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([process.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The value of one sample in Prometheus text, e.g. `metricValue(text, 'pgrst_schema_cache_loads_total',
 * { status: 'SUCCESS' })`; undefined when the sample is absent.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = (m[2] ?? '')
      .split(',')
      .filter((l) => l !== '')
      .sort()
      .join(',');
    if (have === wanted) return Number(m[3]);
  }
  return undefined;
}

/** The error body PostgREST sends for `code`, keys in its order. */
export function errorBody(code: string, message: string, details: string | null = null, hint: string | null = null) {
  return JSON.stringify({ code, details, hint, message });
}
