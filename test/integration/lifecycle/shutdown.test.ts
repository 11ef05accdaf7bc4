// Graceful shutdown (lifecycle.md §2.7): SIGTERM/SIGINT let in-flight requests finish and exit 0,
// also when they arrive during startup (where PostgREST can swallow them).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HttpResponse, httpRequest } from '../../support/http.ts';
import { AUTHENTICATOR, exitWithin, lifecycleDatabase, lifecycleEnv, waitUntil } from '../../support/lifecycle.ts';
import { connectTestPostgres, type TestDatabase, type TestPostgresConnection } from '../../support/postgres.ts';
import { type RestgresProcess, startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let server: TestPostgresConnection;
let db: TestDatabase;

before(async () => {
  server = await connectTestPostgres();
  db = await lifecycleDatabase(server, 'lifecycle_shutdown');
});

after(async () => {
  await stopAllRestgres();
  await db?.drop();
  await server?.close();
});

async function connectError(url: string): Promise<string | number> {
  try {
    return (await httpRequest(url, { timeoutMs: 2000 })).status;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

/** Waits until the backend of `GET /slow` is sleeping in PostgreSQL. */
function slowQueryRunning(): Promise<true> {
  return waitUntil('the slow request to reach PostgreSQL', async () => {
    const rows = await db.query(
      `select 1 from pg_stat_activity where usename = $1 and datname = $2 and wait_event = 'PgSleep'`,
      [AUTHENTICATOR, db.name],
    );
    return rows.length > 0 || undefined;
  });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} lets an in-flight request finish, refuses new connections, exits 0`, async () => {
    await db.query('update api.sleep_seconds set seconds = 1');
    const r = await startRestgres({ env: lifecycleEnv(db) });
    const slow = httpRequest(r.url('/slow'), { timeoutMs: 5000 });
    await slowQueryRunning();
    const signalled = Date.now();
    r.signal(signal);
    await r.waitForLine('stderr', new RegExp(`: Received termination unix signal ${signal}$`));
    // The listening socket is closed at once: new connections are refused while the request runs.
    await waitUntil('the main port to close', async () => (await connectError(r.url('/projects'))) === 'ECONNREFUSED');
    assert.equal(await connectError(r.adminUrl('/live')), 'ECONNREFUSED');

    const res: HttpResponse = await slow;
    assert.equal(res.status, 200);
    assert.equal(res.body, '[{"result":"done"}]');
    assert.equal(res.headers.connection, 'close');
    assert.deepEqual(await exitWithin(r), { code: 0, signal: null });
    assert.ok(Date.now() - signalled < 3000, `exited ${Date.now() - signalled} ms after ${signal}`);
  });
}

test('SIGTERM while the first schema-cache load is running exits 0 promptly', async () => {
  const r = await startRestgres({
    env: lifecycleEnv(db, { PGRST_INTERNAL_SCHEMA_CACHE_QUERY_SLEEP: '5000' }),
    wait: 'none',
  });
  await r.waitForLine('stderr', /Successfully connected to PostgreSQL/);
  assert.equal((await r.admin('/ready')).status, 503);
  const signalled = Date.now();
  r.signal('SIGTERM');
  assert.deepEqual(await exitWithin(r), { code: 0, signal: null });
  const took = Date.now() - signalled;
  assert.ok(took < 1500, `exited ${took} ms after SIGTERM, the load sleeps 5000 ms`);
  assert.ok(!r.stderr.some((l) => l.includes('API server listening')), 'the main socket was never bound');
});

test('SIGTERM with server-reuseport and the database down (never loaded) exits 0 promptly', async () => {
  const env = lifecycleEnv(db, { PGRST_SERVER_REUSEPORT: 'true' });
  env.PGRST_DB_URI = 'postgresql://nobody@127.0.0.1:1/nowhere'; // nothing listens on port 1
  const r: RestgresProcess = await startRestgres({ env, wait: 'none' });
  await r.waitForLine('stderr', /Attempting to reconnect to the database in 1 seconds/);
  assert.equal(await connectError(r.url('/projects')), 'ECONNREFUSED');
  assert.equal((await r.admin('/live')).status, 500);
  const signalled = Date.now();
  r.signal('SIGTERM');
  assert.deepEqual(await exitWithin(r), { code: 0, signal: null });
  assert.ok(Date.now() - signalled < 1500, `exited ${Date.now() - signalled} ms after SIGTERM`);
});

test('a second SIGTERM exits at once (1) when a request does not finish', async () => {
  await db.query('update api.sleep_seconds set seconds = 5');
  try {
    const r = await startRestgres({ env: lifecycleEnv(db) });
    const slow = httpRequest(r.url('/slow'), { timeoutMs: 8000 }).catch((error: Error) => error);
    await slowQueryRunning();
    r.signal('SIGTERM');
    await r.waitForLine('stderr', /Received termination unix signal SIGTERM$/);
    const signalled = Date.now();
    r.signal('SIGTERM');
    assert.deepEqual(await exitWithin(r), { code: 1, signal: null });
    assert.ok(Date.now() - signalled < 1500);
    assert.ok((await slow) instanceof Error, 'the unfinished request was cut off');
  } finally {
    await db.query('update api.sleep_seconds set seconds = 1');
  }
});
