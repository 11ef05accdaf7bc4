// Startup (lifecycle.md §2.2): the database down at start, a slow first load during which the main
// port is closed, a failed first load and its recovery, and the ways the main socket is bound.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type HttpResponse, httpRequest } from '../../support/http.ts';
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
import { startTestPostgres, type TestDatabase, type TestPostgres } from '../../support/postgres.ts';
import { type RestgresProcess, startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let pg: TestPostgres;
let db: TestDatabase;

before(async () => {
  pg = await startTestPostgres(); // its own server: the first test stops it
  db = await lifecycleDatabase(pg, 'lifecycle_startup');
});

after(async () => {
  await stopAllRestgres();
  await pg?.stop();
});

const PGRST002 = errorBody('PGRST002', 'Could not query the database for the schema cache. Retrying.');

/** The response, or the connect error's code (ECONNREFUSED…). */
async function outcome(url: string, socketPath?: string): Promise<HttpResponse | string> {
  try {
    return await httpRequest(url, { timeoutMs: 5000, ...(socketPath === undefined ? {} : { socketPath }) });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

async function loadCounts(r: RestgresProcess): Promise<{ success: number; fail: number }> {
  const text = (await r.admin('/metrics')).body;
  return {
    success: metricValue(text, 'pgrst_schema_cache_loads_total', { status: 'SUCCESS' }) ?? 0,
    fail: metricValue(text, 'pgrst_schema_cache_loads_total', { status: 'FAIL' }) ?? 0,
  };
}

function assertPgrst002(res: HttpResponse, retryAfter: string): void {
  assert.equal(res.status, 503);
  assert.equal(res.body, PGRST002);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(res.headers['proxy-status'], 'PostgREST; error=PGRST002');
  assert.equal(res.headers['retry-after'], retryAfter);
}

test('database down at start: 503 PGRST002 with the real Retry-After, live but not ready, then recovery', async () => {
  await pg.kill();
  // The first attempt fails at once, so the main socket is bound right after it: /live says 200.
  const r = await startRestgres({ env: lifecycleEnv(db), wait: 'live' });

  // The first failure schedules the next attempt 1 s later.
  assertPgrst002(await httpRequest(r.url('/projects')), '1');
  assert.equal((await r.admin('/ready')).status, 503);
  assert.equal((await r.admin('/live')).status, 200);
  assert.ok(r.stderr.some((l) => l.endsWith('Attempting to reconnect to the database in 1 seconds...')));

  // The second failure waits 2 s: Retry-After counts down the real time left.
  await r.waitForLine('stderr', /Attempting to reconnect to the database in 2 seconds\.\.\.$/);
  assertPgrst002(await httpRequest(r.url('/projects')), '2');
  await delay(1100);
  assertPgrst002(await httpRequest(r.url('/projects')), '1');
  assert.equal((await r.admin('/ready')).status, 503);
  assert.equal((await r.admin('/live')).status, 200);
  // PGRST002 is logged as an error (PostgREST #4129).
  assert.ok(r.stderr.some((l) => l.endsWith(`: ${PGRST002}`)));

  await pg.start();
  await waitUntil('/ready 200 after the database came back', async () => (await r.admin('/ready')).status === 200, {
    timeoutMs: 8000,
  });
  const ok = await httpRequest(r.url('/projects'));
  assert.equal(ok.status, 200);
  assert.equal(ok.body, PROJECTS_BODY);
  assert.equal(ok.headers['retry-after'], undefined);
  const counts = await loadCounts(r);
  assert.equal(counts.success, 1, 'one successful load, however the listener and the retry loop raced');
  // Every failed attempt is counted and announces the next one.
  const retries = r.stderr.filter((l) => l.includes('Attempting to reconnect to the database')).length;
  assert.ok(retries >= 2);
  assert.equal(counts.fail, retries);
  assert.equal(r.stderr.filter((l) => l.includes(': Failed to query the PostgreSQL version. ')).length, retries);
  assert.deepEqual(await r.stop(), { code: 0, signal: null });
});

test('a slow first load: the main port refuses connections, /ready 503 and /live 500, then it serves', async () => {
  const r = await startRestgres({
    env: lifecycleEnv(db, { PGRST_INTERNAL_SCHEMA_CACHE_QUERY_SLEEP: '1000' }),
    wait: 'none',
  });
  await r.waitForLine('stderr', /Admin server listening on 127\.0\.0\.1:/);
  await waitUntil('the load to start', () => r.stderr.some((l) => l.includes('Successfully connected to PostgreSQL')));
  assert.equal(await outcome(r.url('/projects')), 'ECONNREFUSED');
  assert.equal((await r.admin('/ready')).status, 503);
  assert.equal((await r.admin('/live')).status, 500);

  await waitUntil('/ready 200', async () => (await r.admin('/ready')).status === 200);
  const ok = await httpRequest(r.url('/projects'));
  assert.equal(ok.status, 200);
  assert.equal(ok.body, PROJECTS_BODY);
  assert.equal((await r.admin('/live')).status, 200);
  const queried = r.stderr.find((l) => l.includes('Schema cache queried in'));
  const ms = Number(/queried in ([\d.]+) milliseconds$/.exec(queried ?? '')?.[1]);
  assert.ok(ms >= 1000 && ms < 2000, `queried in ${ms} ms`);
  // No double load at startup (PostgREST's test_no_double_schema_cache_reload_on_empty_schema).
  assert.deepEqual(await loadCounts(r), { success: 1, fail: 0 });
});

test('a failed first load binds the main socket anyway (503 PGRST002) and recovers when the cause is gone', async () => {
  // Every load sleeps 600 ms while the authenticator's statement_timeout is 300 ms: it fails.
  await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} set statement_timeout = '300ms'`);
  try {
    const r = await startRestgres({
      env: lifecycleEnv(db),
      configFile: 'internal-schema-cache-query-sleep = 600\n',
      wait: 'live',
    });
    const failed = await r.waitForLine('stderr', /Failed to load the schema cache/);
    assert.match(
      failed,
      /: Failed to load the schema cache using db-schemas=api and db-extra-search-path=public\. \{"code":"57014","details":null,"hint":null,"message":"canceling statement due to statement timeout"\}$/,
    );
    assertPgrst002(await httpRequest(r.url('/projects')), '1');
    assert.equal((await r.admin('/live')).status, 200);
    assert.equal((await r.admin('/ready')).status, 503);

    // Every attempt re-reads the config file: without the sleep the next one succeeds.
    fs.writeFileSync(r.configPath ?? '', '');
    await waitUntil('/ready 200', async () => (await r.admin('/ready')).status === 200, { timeoutMs: 8000 });
    const ok = await httpRequest(r.url('/projects'));
    assert.equal(ok.status, 200);
    assert.equal(ok.body, PROJECTS_BODY);
    const counts = await loadCounts(r);
    assert.equal(counts.success, 1);
    assert.equal(counts.fail, r.stderr.filter((l) => l.includes('Failed to load the schema cache')).length);
    assert.ok(!r.stderr.some((l) => l.includes('Failed to query the PostgreSQL version')));
  } finally {
    await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} reset statement_timeout`);
  }
});

test('server-port 0 binds a port the kernel picks and logs it', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db, { PGRST_SERVER_PORT: '0' }) });
  const line = await r.waitForLine('stderr', /API server listening on /);
  const port = Number(/API server listening on 127\.0\.0\.1:(\d+)$/.exec(line)?.[1]);
  assert.ok(port > 0, line);
  const res = await httpRequest(`http://127.0.0.1:${port}/projects`);
  assert.equal(res.status, 200);
  assert.equal(res.body, PROJECTS_BODY);
});

test('server-unix-socket: a stale file is replaced, the mode applies, /live follows the file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-sock-'));
  try {
    const socket = path.join(dir, 'api.sock');
    fs.writeFileSync(socket, 'stale');
    const r = await startRestgres({
      env: lifecycleEnv(db, { PGRST_SERVER_UNIX_SOCKET: socket, PGRST_SERVER_UNIX_SOCKET_MODE: '600' }),
    });
    assert.ok(r.stderr.some((l) => l.endsWith(`: API server listening on ${socket}`)));
    const stat = fs.statSync(socket);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
    const res = await httpRequest('http://localhost/projects', { socketPath: socket });
    assert.equal(res.status, 200);
    assert.equal(res.body, PROJECTS_BODY);
    // The TCP port is not bound when a unix socket is configured.
    assert.equal(await outcome(r.url('/projects')), 'ECONNREFUSED');

    // Deleting the socket file makes the instance unreachable: it is no longer live (nor ready).
    fs.rmSync(socket);
    assert.equal((await r.admin('/live')).status, 500);
    assert.equal((await r.admin('/ready')).status, 500);
    assert.deepEqual(await r.stop(), { code: 0, signal: null });

    const defaults = await startRestgres({ env: lifecycleEnv(db, { PGRST_SERVER_UNIX_SOCKET: socket }) });
    assert.equal(fs.statSync(socket).mode & 0o777, 0o660);
    assert.deepEqual(await defaults.stop(), { code: 0, signal: null });
    assert.equal(fs.existsSync(socket), false, 'the socket file is removed on exit');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Whether this machine can bind ::1 (IPv6 may be disabled). */
function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });
}

const HOSTS: ReadonlyArray<{ host: string; v4: boolean; v6: boolean; logged: RegExp }> = [
  { host: '*', v4: true, v6: true, logged: /API server listening on \[::\]:\d+$/ },
  { host: '*4', v4: true, v6: false, logged: /API server listening on 0\.0\.0\.0:\d+$/ },
  { host: '!4', v4: true, v6: false, logged: /API server listening on 0\.0\.0\.0:\d+$/ },
  { host: '*6', v4: true, v6: true, logged: /API server listening on \[::\]:\d+$/ },
  { host: '!6', v4: false, v6: true, logged: /API server listening on \[::\]:\d+$/ },
];

for (const { host, v4, v6, logged } of HOSTS) {
  test(`server-host ${host} (and the admin server on it)`, async (t) => {
    const hasV6 = await ipv6Available();
    if ((host === '*6' || host === '!6' || host === '*') && !hasV6) {
      t.skip('IPv6 is not available on this machine');
      return;
    }
    const r = await startRestgres({
      env: lifecycleEnv(db, { PGRST_SERVER_HOST: host, PGRST_ADMIN_SERVER_HOST: host }),
      wait: 'none',
    });
    const line = await r.waitForLine('stderr', /API server listening on /);
    assert.match(line, logged);
    const adminHost = v4 ? '127.0.0.1' : '[::1]';
    await waitUntil('/ready 200', async () => {
      const res = await httpRequest(`http://${adminHost}:${r.adminPort}/ready`);
      return res.status === 200;
    });
    assert.equal((await httpRequest(`http://${adminHost}:${r.adminPort}/live`)).status, 200);
    const overV4 = await outcome(`http://127.0.0.1:${r.port}/projects`);
    const overV6 = hasV6 ? await outcome(`http://[::1]:${r.port}/projects`) : 'no IPv6';
    if (v4) assert.equal((overV4 as HttpResponse).status, 200);
    else assert.equal(overV4, 'ECONNREFUSED');
    if (!hasV6) return;
    if (v6) assert.equal((overV6 as HttpResponse).status, 200);
    else assert.equal(overV6, 'ECONNREFUSED');
    assert.deepEqual(await r.stop(), { code: 0, signal: null });
  });
}
