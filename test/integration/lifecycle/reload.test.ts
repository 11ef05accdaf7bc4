// Reloads (lifecycle.md §2.5): NOTIFY payloads, SIGUSR1/SIGUSR2, coalescing of bursts, and a failed
// reload that keeps serving the old schema cache while /ready says 503.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { httpRequest } from '../../support/http.ts';
import {
  AUTHENTICATOR,
  delay,
  errorBody,
  lifecycleDatabase,
  lifecycleEnv,
  metricValue,
  PROJECTS_BODY,
  waitUntil,
} from '../../support/lifecycle.ts';
import { connectTestPostgres, type TestDatabase, type TestPostgresConnection } from '../../support/postgres.ts';
import { type RestgresProcess, startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let server: TestPostgresConnection;
let db: TestDatabase;

before(async () => {
  server = await connectTestPostgres();
  db = await lifecycleDatabase(server, 'lifecycle_reload');
});

after(async () => {
  await stopAllRestgres();
  await db?.drop();
  await server?.close();
});

async function loads(r: RestgresProcess, status: 'SUCCESS' | 'FAIL'): Promise<number> {
  return metricValue((await r.admin('/metrics')).body, 'pgrst_schema_cache_loads_total', { status }) ?? 0;
}

function waitForLoads(r: RestgresProcess, status: 'SUCCESS' | 'FAIL', n: number): Promise<true> {
  return waitUntil(`${status} loads = ${n}`, async () => (await loads(r, status)) === n || undefined);
}

/** stderr lines after index `from`, without their timestamps. */
function messagesSince(r: RestgresProcess, from: number): string[] {
  return r.stderr.slice(from).map((l) => l.replace(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}: /, ''));
}

/** A fresh table in api that the anonymous role may read. */
async function createTable(name: string): Promise<void> {
  await db.query(`create table api.${name} (id int); grant select on api.${name} to lifecycle_anon`);
}

async function assertNotInCache(r: RestgresProcess, table: string): Promise<void> {
  const res = await httpRequest(r.url(`/${table}`));
  assert.equal(res.status, 404, `${table}: ${res.body}`);
  assert.equal(JSON.parse(res.body).code, 'PGRST205');
}

async function assertServed(r: RestgresProcess, table: string, body = '[]'): Promise<void> {
  const res = await httpRequest(r.url(`/${table}`));
  assert.equal(res.status, 200, `${table}: ${res.body}`);
  assert.equal(res.body, body);
}

test('NOTIFY payloads: empty and "reload schema" reload the schema, "reload config" the config, others nothing', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db) });
  await waitForLoads(r, 'SUCCESS', 1);
  const notFound = await httpRequest(r.url('/added_by_empty'));
  assert.equal(notFound.status, 404);
  assert.equal(
    notFound.body,
    errorBody('PGRST205', "Could not find the table 'api.added_by_empty' in the schema cache"),
  );

  await createTable('added_by_empty');
  await db.query(`notify pgrst, ''`);
  await waitForLoads(r, 'SUCCESS', 2);
  assert.ok(r.stderr.some((l) => l.endsWith(': Received a schema cache reload message on the "pgrst" channel')));
  await assertServed(r, 'added_by_empty');

  await createTable('added_by_reload_schema');
  await db.query(`notify pgrst, 'reload schema'`);
  await waitForLoads(r, 'SUCCESS', 3);
  await assertServed(r, 'added_by_reload_schema');

  // An unknown payload does nothing at all; 'reload config' (sent after it, so handled after it)
  // re-reads the configuration, including in-database settings, but not the schema.
  await createTable('added_unseen');
  await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} set pgrst.db_max_rows = '1'`);
  const mark = r.stderr.length;
  await db.query(`notify pgrst, 'reload everything please'`);
  await db.query(`notify pgrst, 'reload config'`);
  await r.waitForLine('stderr', /: Config reloaded$/);
  await waitUntil('Config reloaded after the mark', () => messagesSince(r, mark).includes('Config reloaded'));
  assert.deepEqual(messagesSince(r, mark), [
    'Received a config reload message on the "pgrst" channel',
    'Config reloaded',
  ]);
  assert.equal(await loads(r, 'SUCCESS'), 3);
  await assertNotInCache(r, 'added_unseen');
  await assertServed(r, 'projects', '[{"id":1,"name":"Windows 7"}]');
  await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} reset pgrst.db_max_rows`);
  await db.query(`notify pgrst, 'reload config'`);
  await waitUntil('max-rows unset', async () => (await httpRequest(r.url('/projects'))).body === PROJECTS_BODY);
});

test('SIGUSR1 reloads the schema cache; SIGUSR2 reloads the config file only', async () => {
  const env = lifecycleEnv(db);
  delete env.PGRST_LOG_LEVEL; // the environment beats the file, even with an empty value
  const r = await startRestgres({ env, configFile: 'log-level = "info"\n' });
  await createTable('added_by_usr1');
  r.signal('SIGUSR1');
  await waitForLoads(r, 'SUCCESS', 2);
  await assertServed(r, 'added_by_usr1');
  await waitUntil('the access log line', () => r.stdout.some((l) => l.includes('"GET /added_by_usr1 HTTP/1.1" 200')));

  // SIGUSR2: log-level error from the file applies (a 200 is no longer logged); no schema load.
  await createTable('added_before_usr2');
  fs.writeFileSync(r.configPath ?? '', 'log-level = "error"\n');
  const mark = r.stderr.length;
  r.signal('SIGUSR2');
  await waitUntil('Config reloaded', () => messagesSince(r, mark).includes('Config reloaded'));
  assert.deepEqual(messagesSince(r, mark), ['Config reloaded']);
  const logged = r.stdout.length;
  await assertServed(r, 'projects', PROJECTS_BODY);
  await assertNotInCache(r, 'added_before_usr2'); // a 404: not logged at level error either
  await delay(100); // the child writes the access line right after the response: give the pipe time
  assert.deepEqual(
    r.stdout.slice(logged).filter((l) => l.includes('"GET ')),
    [],
    'no access log for a 200 or a 404 at log-level error',
  );
  assert.equal(await loads(r, 'SUCCESS'), 2);
});

test('a burst of reload requests during a load coalesces into exactly one more load, and loses no change', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db), configFile: 'internal-schema-cache-query-sleep = 500\n' });
  await waitForLoads(r, 'SUCCESS', 1);
  const connected = () => r.stderr.filter((l) => l.includes('Successfully connected to PostgreSQL')).length;
  const before = connected();
  r.signal('SIGUSR1');
  await waitUntil('the reload to start', () => connected() > before);
  // While a loaded cache is being reloaded the instance stays ready.
  assert.equal((await r.admin('/ready')).status, 200);
  await createTable('added_during_reload');
  for (let i = 0; i < 5; i++) {
    r.signal('SIGUSR1');
    await db.query(`notify pgrst`);
  }
  await waitForLoads(r, 'SUCCESS', 3);
  await assertServed(r, 'added_during_reload');
  // Long enough for a fourth load to have started (cooldown 100 ms) and finished (500 ms).
  await delay(800);
  assert.equal(await loads(r, 'SUCCESS'), 3);
  assert.equal(connected(), before + 2);
});

test('a failed reload keeps serving the old cache while /ready says 503, then recovers', async () => {
  // Loads that sleep 600 ms fail against the authenticator's 300 ms statement_timeout.
  await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} set statement_timeout = '300ms'`);
  try {
    const r = await startRestgres({ env: lifecycleEnv(db), configFile: '' });
    await waitForLoads(r, 'SUCCESS', 1);
    await db.query('drop table if exists api.dropped_later; create table api.dropped_later (id int)');
    fs.writeFileSync(r.configPath ?? '', 'internal-schema-cache-query-sleep = 600\n');
    r.signal('SIGUSR1');
    await waitForLoads(r, 'FAIL', 1);
    const failed = r.stderr.find((l) => l.includes('Failed to load the schema cache'));
    assert.match(
      failed ?? '',
      /: Failed to load the schema cache using db-schemas=api and db-extra-search-path=public\. \{"code":"57014","details":null,"hint":null,"message":"canceling statement due to statement timeout"\}$/,
    );
    assert.equal((await r.admin('/ready')).status, 503);
    assert.equal((await r.admin('/live')).status, 200);
    const stale = await httpRequest(r.url('/projects'));
    assert.equal(stale.status, 200);
    assert.equal(stale.body, PROJECTS_BODY);
    const metrics = (await r.admin('/metrics')).body;
    assert.equal(metricValue(metrics, 'restgres_schema_cache_state', { state: 'failed' }), 1);
    const nextRetry = metricValue(metrics, 'restgres_schema_cache_next_retry_seconds') ?? -1;
    assert.ok(nextRetry > 0 && nextRetry <= 1, `next retry in ${nextRetry} s`);

    // The next attempt (1 s after the failure) reads the file again and succeeds.
    fs.writeFileSync(r.configPath ?? '', '');
    await waitUntil('/ready 200', async () => (await r.admin('/ready')).status === 200, { timeoutMs: 5000 });
    assert.equal(await loads(r, 'FAIL'), 1, 'the retry waited its 1 s backoff');
    assert.equal(await loads(r, 'SUCCESS'), 2);
  } finally {
    await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} reset statement_timeout`);
  }
});
