// What a request's transaction carries besides the query, and the settings that shape responses:
// app.settings.*, the impersonated role's own settings and isolation level, db-pre-request,
// server-trace-header, server-timing-enabled, server-cors-allowed-origins and log-query.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '../../support/lifecycle.ts';
import {
  assertResponse,
  errorJson,
  JSON_TYPE,
  type ReadClient,
  type ReadServer,
  startReadServer,
} from './read-server.ts';

// Roles are cluster-wide: this one is only used by this file.
const ROLE = 'request_settings_anon';

let server: ReadServer;
/** restgres with the default settings, started after the objects below exist. */
let plain: ReadClient;
before(async () => {
  server = await startReadServer('restgres_read_request_settings');
  const q = (sql: string) => server.db.query(sql);
  await q(`do $$ begin
    if not exists (select from pg_roles where rolname = '${ROLE}') then create role ${ROLE} nologin; end if;
  end $$`);
  await q(`grant ${ROLE} to authenticator`);
  await q(`alter role ${ROLE} set statement_timeout = '4321ms'`);
  // Upper case on purpose: values are lower-cased on reading, as PostgREST does.
  await q(`alter role ${ROLE} set default_transaction_isolation = 'REPEATABLE READ'`);
  // Left out, as by PostgREST: a parameter only a superuser may set (set_config would refuse it and
  // fail every request), and a setting for one database only.
  await q(`alter role ${ROLE} set log_min_duration_statement = '1000'`);
  await q(`alter role ${ROLE} in database restgres_read_request_settings set statement_timeout = '999ms'`);
  await q(`grant usage on schema api to ${ROLE}`);
  await q(`create view api.session_probe as select
      current_user::text as "user",
      pg_catalog.current_setting('statement_timeout') as statement_timeout,
      pg_catalog.current_setting('lock_timeout') as lock_timeout,
      pg_catalog.current_setting('transaction_isolation') as isolation,
      pg_catalog.current_setting('transaction_read_only') as read_only,
      pg_catalog.current_setting('app.settings.tenant', true) as tenant,
      pg_catalog.current_setting('request.headers', true)::json->>'x-name' as x_name,
      pg_catalog.current_setting('request.cookies', true)::json->>'who' as who`);
  await q(`grant select on api.session_probe, api.films to anon, ${ROLE}`);
  await q(`create function api.check_request() returns void language plpgsql as $$
    begin
      if pg_catalog.current_setting('request.headers', true)::json->>'x-block' = 'yes' then
        raise sqlstate 'PT403' using message = 'blocked by pre-request';
      end if;
      if pg_catalog.current_setting('request.headers', true)::json->>'x-block' = 'ja' then
        raise sqlstate 'PT403' using message = '拒否されました';
      end if;
      perform pg_catalog.set_config('response.headers', '[{"X-Pre-Request":"ran"}]', true);
    end $$`);
  await q('grant execute on function api.check_request() to anon');
  await q(`create table api."映画" (id integer primary key); insert into api."映画" values (1)`);
  await q(`create table api."café" (id integer primary key); insert into api."café" values (2)`);
  await q(`grant select on api."映画", api."café" to anon`);
  plain = await server.withSettings({});
});
after(async () => {
  if (server === undefined) return;
  await server.db.query(`drop owned by ${ROLE}`);
  await server.db.query(`drop role ${ROLE}`);
  await server.stop();
});

test('app.settings.* are set in every request transaction', async () => {
  const configured = await server.withSettings({ PGRST_APP_SETTINGS_TENANT: 'acme' });
  assertResponse(await configured.get('/session_probe?select=tenant'), { status: 200, body: '[{"tenant":"acme"}]' });
  assertResponse(await plain.get('/session_probe?select=tenant'), { status: 200, body: '[{"tenant":null}]' });
});

test("the impersonated role's own settings and isolation level apply to its requests", async () => {
  const asRole = await server.withSettings({ PGRST_DB_ANON_ROLE: ROLE, PGRST_DB_POOL: '1' });
  const probe = '/session_probe?select=user,statement_timeout,isolation,read_only';
  const expected = `[{"user":"${ROLE}","statement_timeout":"4321ms","isolation":"repeatable read","read_only":"on"}]`;
  assertResponse(await asRole.get(probe), { status: 200, body: expected });
  // The default role has no settings of its own.
  assertResponse(await plain.get(probe), {
    status: 200,
    body: '[{"user":"anon","statement_timeout":"0","isolation":"read committed","read_only":"on"}]',
  });
  // A failure inside the explicit transaction must not poison the only pooled session.
  assertResponse(await asRole.get('/films?id=eq.not-a-number'), {
    status: 400,
    body: errorJson('22P02', 'invalid input syntax for type integer: "not-a-number"'),
  });
  assertResponse(await asRole.get(probe), { status: 200, body: expected });
});

test('a config reload reads the role settings again', async () => {
  const asRole = await server.withSettings({ PGRST_DB_ANON_ROLE: ROLE });
  assertResponse(await asRole.get('/session_probe?select=lock_timeout'), {
    status: 200,
    body: '[{"lock_timeout":"0"}]',
  });
  await server.db.query(`alter role ${ROLE} set lock_timeout = '1234ms'`);
  try {
    await server.db.query(`notify pgrst, 'reload config'`);
    await waitUntil('the new lock_timeout', async () => {
      const res = await asRole.get('/session_probe?select=lock_timeout');
      return res.body === '[{"lock_timeout":"1234ms"}]';
    });
  } finally {
    await server.db.query(`alter role ${ROLE} reset lock_timeout`);
  }
});

test('role settings are read only with db-config', async () => {
  const noDbConfig = await server.withSettings({ PGRST_DB_ANON_ROLE: ROLE, PGRST_DB_CONFIG: 'false' });
  assertResponse(await noDbConfig.get('/session_probe?select=statement_timeout,isolation'), {
    status: 200,
    body: '[{"statement_timeout":"0","isolation":"read committed"}]',
  });
});

test('db-pre-request runs after the settings and can set headers or refuse the request', async () => {
  const guarded = await server.withSettings({ PGRST_DB_PRE_REQUEST: 'api.check_request' });
  assertResponse(await guarded.get('/session_probe?select=user'), {
    status: 200,
    headers: { 'x-pre-request': 'ran', 'content-type': JSON_TYPE },
    body: '[{"user":"anon"}]',
  });
  assertResponse(await guarded.get('/session_probe?select=user', { 'X-Block': 'yes' }), {
    status: 403,
    headers: { 'x-pre-request': null },
    body: errorJson('PT403', 'blocked by pre-request'),
  });
  // An unqualified name is found through the search_path (the request's schema first).
  const unqualified = await server.withSettings({ PGRST_DB_PRE_REQUEST: 'check_request' });
  assertResponse(await unqualified.get('/session_probe?select=user', { 'X-Block': 'yes' }), {
    status: 403,
    body: errorJson('PT403', 'blocked by pre-request'),
  });
});

test('server-trace-header is echoed on every response; Server-Timing only on successes', async () => {
  const traced = await server.withSettings({
    PGRST_SERVER_TRACE_HEADER: 'X-Request-Id',
    PGRST_SERVER_TIMING_ENABLED: 'true',
  });
  const ok = await traced.get('/session_probe?select=user', { 'X-Request-Id': 'abc-123' });
  assertResponse(ok, { status: 200, headers: { 'x-request-id': 'abc-123' }, body: '[{"user":"anon"}]' });
  assert.match(
    String(ok.headers['server-timing']),
    /^jwt;dur=\d+\.\d, parse;dur=\d+\.\d, plan;dur=\d+\.\d, transaction;dur=\d+\.\d, response;dur=\d+\.\d$/,
  );
  assertResponse(await traced.get('/session_probe?select=user'), { status: 200, headers: { 'x-request-id': '' } });
  const options = await traced.request('OPTIONS', '/films');
  assert.match(String(options.headers['server-timing']), /^jwt;dur=\d+\.\d, parse;dur=\d+\.\d, response;dur=\d+\.\d$/);
  assertResponse(await traced.get('/no_such_table', { 'X-Request-Id': 'err-1' }), {
    status: 404,
    headers: { 'x-request-id': 'err-1', 'server-timing': null },
  });
  // Without the settings neither header appears.
  assertResponse(await plain.get('/session_probe?select=user', { 'X-Request-Id': 'abc-123' }), {
    status: 200,
    headers: { 'x-request-id': null, 'server-timing': null },
  });
});

test('server-cors-allowed-origins echoes listed origins with credentials and ignores others', async () => {
  const cors = await server.withSettings({
    PGRST_SERVER_CORS_ALLOWED_ORIGINS: 'https://good.example, https://other.example',
  });
  assertResponse(
    await cors.request('OPTIONS', '/films', {
      Origin: 'https://good.example',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'X-Custom',
    }),
    {
      status: 200,
      headers: {
        'access-control-allow-origin': 'https://good.example',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD',
        'access-control-allow-headers': 'Authorization, X-Custom, Accept, Accept-Language, Content-Language',
        'access-control-max-age': '86400',
      },
    },
  );
  assertResponse(await cors.get('/films?select=id&id=eq.1', { Origin: 'https://other.example' }), {
    status: 200,
    headers: { 'access-control-allow-origin': 'https://other.example', 'access-control-allow-credentials': 'true' },
    body: '[{"id":1}]',
  });
  // Served, but without CORS headers: the browser refuses it, as with PostgREST.
  assertResponse(await cors.get('/films?select=id&id=eq.1', { Origin: 'https://evil.example' }), {
    status: 200,
    headers: { 'access-control-allow-origin': null, 'access-control-allow-credentials': null },
    body: '[{"id":1}]',
  });
});

test('log-query logs the statements of the requests whose status passes log-level', async () => {
  const logged = await server.withSettings({ PGRST_LOG_QUERY: 'true', PGRST_LOG_LEVEL: 'warn' });
  assertResponse(await logged.get('/session_probe?select=user'), { status: 200 });
  assertResponse(await logged.get('/films?id=eq.not-a-number'), { status: 400 });
  const main = await logged.process.waitForLine('stderr', /WITH pgrst_source AS/);
  assert.match(main, /FROM "api"\."films"/);
  const stderr = logged.process.stderr;
  assert.equal(stderr.filter((l) => l.includes('pg_catalog.set_config(')).length, 1);
  assert.equal(
    stderr.some((l) => l.includes('session_probe')),
    false,
  );
});

/** A response header as text: node hands header bytes over as Latin-1. */
const utf8Header = (value: string | string[] | undefined): string =>
  Buffer.from(String(value), 'latin1').toString('utf8');

test('non-ASCII names, messages and echoed values go out as UTF-8, as with PostgREST', async () => {
  const japanese = await plain.get('/映画?select=id');
  assertResponse(japanese, { status: 200, body: '[{"id":1}]' });
  assert.equal(utf8Header(japanese.headers['content-location']), '/映画?select=id');
  const latin = await plain.get('/café?select=id');
  assertResponse(latin, { status: 200, body: '[{"id":2}]' });
  assert.equal(utf8Header(latin.headers['content-location']), '/café?select=id');
  // The message becomes the reason phrase, which node alone would refuse.
  const guarded = await server.withSettings({ PGRST_DB_PRE_REQUEST: 'api.check_request' });
  assertResponse(await guarded.get('/films?select=id&id=eq.1', { 'X-Block': 'ja' }), {
    status: 403,
    body: errorJson('PT403', '拒否されました'),
  });
  // Request headers and cookies reach SQL as the text the client meant.
  const named = await plain.get('/session_probe?select=x_name,who', {
    'X-Name': Buffer.from('Zoë 映画', 'utf8').toString('latin1'),
    Cookie: `who=${Buffer.from('José', 'utf8').toString('latin1')}`,
  });
  assertResponse(named, { status: 200, body: '[{"x_name":"Zoë 映画","who":"José"}]' });
  // UTF-8 bytes in, the same bytes out.
  const traced = await server.withSettings({ PGRST_SERVER_TRACE_HEADER: 'X-Request-Id' });
  const sent = Buffer.from('café-№1', 'utf8').toString('latin1');
  const echoed = await traced.get('/films?select=id&id=eq.1', { 'X-Request-Id': sent });
  assertResponse(echoed, { status: 200, headers: { 'x-request-id': sent } });
});
