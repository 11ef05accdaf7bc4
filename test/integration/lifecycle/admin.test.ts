// The admin server (lifecycle.md §1.1, behavior.md §8.3): /live, /ready, /metrics, /schema_cache,
// 404 for anything else; over TCP or a unix socket; with or without the listener.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { httpRequest } from '../../support/http.ts';
import { lifecycleDatabase, lifecycleEnv, metricValue } from '../../support/lifecycle.ts';
import { connectTestPostgres, type TestDatabase, type TestPostgresConnection } from '../../support/postgres.ts';
import { startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let server: TestPostgresConnection;
let db: TestDatabase;

before(async () => {
  server = await connectTestPostgres();
  db = await lifecycleDatabase(server, 'lifecycle_admin');
});

after(async () => {
  await stopAllRestgres();
  await db?.drop();
  await server?.close();
});

test('/live, /ready, /metrics, /schema_cache and 404, with the listener on', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db) });
  for (const endpoint of ['/live', '/ready']) {
    const res = await r.admin(endpoint);
    assert.equal(res.status, 200, endpoint);
    assert.equal(res.body, '');
    assert.equal(res.headers['content-length'], '0');
  }
  assert.equal((await r.admin('/ready?verbose=1')).status, 200, 'the query string is ignored');

  const notFound = await r.admin('/nope');
  assert.equal(notFound.status, 404);
  assert.equal(notFound.body, '');
  assert.equal((await r.admin('/')).status, 404);

  const metrics = await r.admin('/metrics');
  assert.equal(metrics.status, 200);
  assert.equal(metrics.headers['content-type'], 'text/plain; charset=utf-8');
  const text = metrics.body;
  assert.equal(metricValue(text, 'pgrst_schema_cache_loads_total', { status: 'SUCCESS' }), 1);
  assert.equal(metricValue(text, 'pgrst_schema_cache_loads_total', { status: 'FAIL' }), undefined);
  assert.equal(metricValue(text, 'pgrst_db_pool_max'), 10);
  assert.equal(metricValue(text, 'pgrst_db_pool_waiting'), 0);
  assert.equal(metricValue(text, 'pgrst_db_pool_timeouts_total'), 0);
  assert.ok((metricValue(text, 'pgrst_db_pool_available') ?? -1) >= 0);
  const queryTime = metricValue(text, 'pgrst_schema_cache_query_time_seconds') ?? -1;
  assert.ok(queryTime > 0 && queryTime < 5, `query time ${queryTime} s: seconds, not milliseconds`);
  assert.equal(metricValue(text, 'restgres_schema_cache_state', { state: 'loaded' }), 1);
  for (const state of ['initial', 'loading', 'failed']) {
    assert.equal(metricValue(text, 'restgres_schema_cache_state', { state }), 0, state);
  }
  assert.equal(metricValue(text, 'restgres_schema_cache_next_retry_seconds'), 0);
  assert.match(text, /^# TYPE pgrst_schema_cache_loads_total counter$/m);
  assert.match(text, /^# TYPE pgrst_db_pool_available gauge$/m);
  assert.ok(metricValue(text, 'process_resident_memory_bytes') !== undefined, 'process metrics');

  const cache = await r.admin('/schema_cache');
  assert.equal(cache.status, 200);
  assert.equal(cache.headers['content-type'], 'application/json; charset=utf-8');
  const json = JSON.parse(cache.body) as { tables: Array<{ schema: string; name: string }> };
  assert.deepEqual(
    json.tables.map((t) => `${t.schema}.${t.name}`),
    ['api.projects', 'api.sleep_seconds', 'api.slow'],
  );

  // The admin server does not serve the API and the API server does not serve admin paths.
  assert.equal((await r.admin('/projects')).status, 404);
  assert.equal((await httpRequest(r.url('/live'))).status, 404);
});

test('/ready without the listener probes the database through the pool', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db, { PGRST_DB_CHANNEL_ENABLED: 'false' }) });
  assert.equal((await r.admin('/ready')).status, 200);
  assert.ok(!r.stderr.some((l) => l.includes('Listener connected')));
});

test('the admin server on a unix socket, with its mode; an API on a unix socket too', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-admin-'));
  try {
    const adminSocket = path.join(dir, 'admin.sock');
    const apiSocket = path.join(dir, 'api.sock');
    const r = await startRestgres({
      env: lifecycleEnv(db, {
        PGRST_ADMIN_SERVER_UNIX_SOCKET: adminSocket,
        PGRST_ADMIN_SERVER_UNIX_SOCKET_MODE: '640',
        PGRST_SERVER_UNIX_SOCKET: apiSocket,
      }),
    });
    assert.ok(r.stderr.some((l) => l.endsWith(`: Admin server listening on ${adminSocket}`)));
    assert.equal(fs.statSync(adminSocket).mode & 0o777, 0o640);
    assert.equal((await r.admin('/live')).status, 200);
    assert.equal((await r.admin('/ready')).status, 200);
    // Deleting the main socket file: the app is unreachable, so not live and not ready (500).
    fs.rmSync(apiSocket);
    assert.equal((await r.admin('/live')).status, 500);
    assert.equal((await r.admin('/ready')).status, 500);
  } finally {
    await stopAllRestgres();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no admin server unless admin-server-port or admin-server-unix-socket is set', async () => {
  const env = lifecycleEnv(db);
  const r = await startRestgres({ env: { ...env, PGRST_ADMIN_SERVER_PORT: '' }, wait: 'listening' });
  assert.ok(!r.stderr.some((l) => l.includes('Admin server listening')));
  assert.equal((await httpRequest(r.url('/projects'))).status, 200);
});
