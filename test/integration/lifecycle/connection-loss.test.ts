// Connection loss and the pool (lifecycle.md §2.4): a database restart under traffic, recovery
// disabled, bad credentials, and the pool acquisition timeout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HttpResponse, httpRequest } from '../../support/http.ts';
import {
  AUTHENTICATOR,
  AUTHENTICATOR_PASSWORD,
  delay,
  errorBody,
  exitWithin,
  lifecycleDatabase,
  lifecycleEnv,
  metricValue,
  PROJECTS_BODY,
  waitUntil,
} from '../../support/lifecycle.ts';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '../../support/postgres.ts';
import { startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let pg: TestPostgres;
let db: TestDatabase;

before(async () => {
  pg = await startTestPostgres(); // its own server: these tests stop it
  db = await lifecycleDatabase(pg, 'lifecycle_connection');
});

after(async () => {
  await stopAllRestgres();
  await pg?.stop();
});

const refusedDetails = () =>
  `connection to server at "127.0.0.1", port ${pg.port} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n`;

test('database restart under traffic: 503s while down, no hung request, the listener reconnects and reloads', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db, { PGRST_DB_POOL: '2' }) });
  const results: Array<HttpResponse | Error> = [];
  let running = true;
  const traffic = (async () => {
    while (running) {
      // A hung request would fail this timeout: every request must be answered.
      results.push(await httpRequest(r.url('/projects'), { timeoutMs: 5000 }).catch((error: Error) => error));
      await delay(20);
    }
  })();
  try {
    await waitUntil('some 200s', () => results.filter((x) => !(x instanceof Error) && x.status === 200).length >= 3);
    await pg.kill();
    await r.waitForLine('stderr', /: Failed listening for database notifications on the "pgrst" channel\. /);
    await r.waitForLine('stderr', /: Retrying listening for database notifications in 1 seconds\.\.\.$/);
    await waitUntil('/ready 503 while the database is down', async () => (await r.admin('/ready')).status === 503);
    assert.equal((await r.admin('/live')).status, 200);
    const down = await httpRequest(r.url('/projects'));
    assert.equal(down.status, 503);
    assert.equal(down.body, errorBody('PGRST000', 'Database connection error.', refusedDetails()));
    assert.equal(down.headers['proxy-status'], 'PostgREST; error=PGRST000');
    assert.equal(down.headers['retry-after'], '0');

    const successBefore = metricValue((await r.admin('/metrics')).body, 'pgrst_schema_cache_loads_total', {
      status: 'SUCCESS',
    });
    await pg.start();
    await r.waitForLine('stderr', /: Listener connected to PostgreSQL [\d.]+ on "127\.0\.0\.1:\d+" and listening/);
    await waitUntil('/ready 200', async () => (await r.admin('/ready')).status === 200, { timeoutMs: 8000 });
    // The reconnected listener reloads the cache: notifications may have been missed meanwhile.
    await waitUntil('a reload after the reconnect', async () => {
      const text = (await r.admin('/metrics')).body;
      return metricValue(text, 'pgrst_schema_cache_loads_total', { status: 'SUCCESS' }) === (successBefore ?? 0) + 1;
    });
    const mark = results.length;
    await waitUntil('200s again', () => results.slice(mark).some((x) => !(x instanceof Error) && x.status === 200));
  } finally {
    running = false;
    await traffic;
  }
  const errors = results.filter((x) => x instanceof Error);
  assert.deepEqual(errors, [], 'every request got an answer');
  const codes = new Set<string>();
  for (const res of results as HttpResponse[]) {
    if (res.status === 200) {
      assert.equal(res.body, PROJECTS_BODY);
      continue;
    }
    assert.equal(res.status, 503, res.body);
    const body = JSON.parse(res.body) as { code: string };
    codes.add(body.code);
    // A request that lost its session mid-way, or could not open one; nothing else.
    if (body.code === 'PGRST000') {
      // Refused, or turned away by a server that is shutting down or starting up.
      const at = `connection to server at "127.0.0.1", port ${pg.port} failed: `;
      const expected = [
        refusedDetails(),
        `${at}FATAL:  the database system is shutting down\n`,
        `${at}FATAL:  the database system is starting up\n`,
        `${at}server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n`,
      ].map((d) => errorBody('PGRST000', 'Database connection error.', d));
      assert.ok(expected.includes(res.body), res.body);
    } else if (body.code === 'PGRST001') {
      assert.match(
        res.body,
        /^\{"code":"PGRST001","details":".*","hint":null,"message":"Database client error\. Retrying the connection\."\}$/,
      );
    } else {
      assert.equal(body.code, '57P01', res.body); // terminating connection due to administrator command
    }
  }
  assert.ok(codes.has('PGRST000'), `codes seen: ${[...codes]}`);
});

test('db-pool-automatic-recovery=false: losing the database exits with code 1', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db, { PGRST_DB_POOL_AUTOMATIC_RECOVERY: 'false' }) });
  await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1 and datname = $2`, [
    AUTHENTICATOR,
    db.name,
  ]);
  assert.deepEqual(await exitWithin(r), { code: 1, signal: null });
  assert.ok(r.stderr.some((l) => l.endsWith(': Automatic recovery disabled, exiting.')));
});

test('db-pool-automatic-recovery=false with the database down at start exits with code 1, no retry', async () => {
  await pg.kill();
  try {
    const r = await startRestgres({
      env: lifecycleEnv(db, { PGRST_DB_POOL_AUTOMATIC_RECOVERY: 'false' }),
      wait: 'none',
    });
    assert.deepEqual(await exitWithin(r), { code: 1, signal: null });
    assert.ok(r.stderr.some((l) => l.endsWith(': Automatic recovery disabled, exiting.')));
    assert.ok(!r.stderr.some((l) => l.includes('Attempting to reconnect')));
  } finally {
    await pg.start();
  }
});

test('a wrong password exits with code 1 without retrying', async () => {
  const env = lifecycleEnv(db);
  env.PGRST_DB_URI = db.uri(AUTHENTICATOR, `${AUTHENTICATOR_PASSWORD}-wrong`);
  const r = await startRestgres({ env, wait: 'none' });
  assert.deepEqual(await exitWithin(r), { code: 1, signal: null });
  assert.ok(
    r.stderr.some((l) =>
      l.endsWith(
        `: Failed to establish a connection. {"code":"PGRST000","details":"connection to server at \\"127.0.0.1\\", port ${pg.port} failed: FATAL:  password authentication failed for user \\"${AUTHENTICATOR}\\"\\n","hint":null,"message":"Database connection error."}`,
      ),
    ),
    r.stderr.join('\n'),
  );
  assert.ok(!r.stderr.some((l) => l.includes('Attempting to reconnect')));
});

test('db-pool-acquisition-timeout: 504 PGRST003 while the only connection is busy', async () => {
  await db.query('update api.sleep_seconds set seconds = 2');
  try {
    const r = await startRestgres({
      env: lifecycleEnv(db, { PGRST_DB_POOL: '1', PGRST_DB_POOL_ACQUISITION_TIMEOUT: '1' }),
    });
    const slow = httpRequest(r.url('/slow'), { timeoutMs: 5000 });
    await waitUntil('the slow request to hold the connection', async () => {
      const rows = await db.query(
        `select 1 from pg_stat_activity where usename = $1 and datname = $2 and wait_event = 'PgSleep'`,
        [AUTHENTICATOR, db.name],
      );
      return rows.length > 0;
    });
    const started = Date.now();
    const res = await httpRequest(r.url('/projects'));
    const waited = Date.now() - started;
    assert.equal(res.status, 504);
    assert.equal(res.body, errorBody('PGRST003', 'Timed out acquiring connection from connection pool.'));
    assert.equal(res.headers['proxy-status'], 'PostgREST; error=PGRST003');
    assert.equal(res.headers['retry-after'], undefined);
    assert.ok(waited >= 950 && waited < 1900, `answered after ${waited} ms`);
    assert.ok(
      r.stderr.some((l) => l.endsWith(`: ${res.body}`)),
      'the timeout is logged',
    );
    const metrics = (await r.admin('/metrics')).body;
    assert.equal(metricValue(metrics, 'pgrst_db_pool_timeouts_total'), 1);
    assert.equal(metricValue(metrics, 'pgrst_db_pool_max'), 1);
    assert.equal(metricValue(metrics, 'pgrst_db_pool_available'), 0);
    assert.equal((await slow).status, 200);
    assert.equal((await httpRequest(r.url('/projects'))).status, 200);
  } finally {
    await db.query('update api.sleep_seconds set seconds = 1');
  }
});
