// Smoke test of the test harness and the embedded demo: a throwaway PostgreSQL survives restart and
// kill/start, and the demo database loads, lets `authenticator` in, and applies row-level security.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { startDemoDatabase } from '../../src/embedded/demo.ts';
import { stopEmbeddedPgSync } from '../../src/embedded/embedded-pg.ts';
import { findFreePort } from '../../src/embedded/free-port.ts';
import { createTestDatabase, startTestPostgres, type TestPostgres } from '../support/postgres.ts';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ms = (start: number) => `${Math.round(performance.now() - start)} ms`;

test('a throwaway PostgreSQL answers, survives restart and kill/start, and leaves nothing behind', async (t) => {
  const started = performance.now();
  const server: TestPostgres = await startTestPostgres({ settings: { application_name: 'restgres-support-test' } });
  cleanups.push(() => server.stop());
  t.diagnostic(`startTestPostgres: ${ms(started)}`);

  const [first] = await server.query<{ answer: number; app: string }>(
    `select $1::int as answer, current_setting('application_name') as app`,
    [42],
  );
  assert.deepEqual(first, { answer: 42, app: 'restgres-support-test' }); // our settings reach the server
  assert.equal((await server.query(`show fsync`))[0]?.fsync, 'off');
  await server.query('create table kept (id int primary key)');
  await server.query('insert into kept values (1), (2)');

  const { port } = server;
  const restarted = performance.now();
  await server.restart();
  t.diagnostic(`restart: ${ms(restarted)}`);
  assert.equal(server.port, port);
  assert.deepEqual(await server.query('select id from kept order by id'), [{ id: 1 }, { id: 2 }]);

  await server.kill();
  await assert.rejects(server.query('select 1'), /ECONNREFUSED/);
  await server.start();
  assert.deepEqual(await server.query('select count(*)::int as n from kept'), [{ n: 2 }]);

  const db = await createTestDatabase(server, 'support_fixture', 'create table t (x int); insert into t values (7);');
  assert.deepEqual(await db.query('select x from t'), [{ x: 7 }]);
  await db.drop();
  assert.deepEqual(await server.query(`select 1 from pg_database where datname = 'support_fixture'`), []);

  await server.stop();
  assert.equal(fs.existsSync(path.dirname(server.dataDir)), false);
});

test('the demo database loads once, lets authenticator in and applies RLS', async (t) => {
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-demo-test-'));
  fs.chmodSync(projectDir, 0o755); // gotcha 6: as root, postgres must traverse it
  // The demo's data is persistent: remove it ourselves, also when Ctrl-C skips the `after` hooks.
  const removeProject = () => {
    stopEmbeddedPgSync(path.join(projectDir, '.restgres', 'pgdata'));
    fs.rmSync(projectDir, { recursive: true, force: true });
  };
  process.on('exit', removeProject);
  cleanups.push(() => {
    removeProject();
    process.removeListener('exit', removeProject);
  });
  const port = await findFreePort(); // never the developer's own demo on 54329
  const logs: string[] = [];
  const opts = { projectDir, port, env: {}, log: (line: string) => logs.push(line) };

  let started = performance.now();
  const demo = await startDemoDatabase(opts);
  cleanups.push(() => demo.stop());
  t.diagnostic(`startDemoDatabase, first run: ${ms(started)}`);
  assert.equal(demo.dataDir, path.join(projectDir, '.restgres', 'pgdata'));
  assert.ok(logs.some((line) => line.includes('creating the demo schema')));

  await withClient(demo.superuserUri, async (c) => {
    const roles = await c.query(
      `select rolname, rolcanlogin, rolinherit from pg_roles
       where rolname in ('authenticator', 'anon', 'web_user') order by rolname`,
    );
    assert.deepEqual(roles.rows, [
      { rolname: 'anon', rolcanlogin: false, rolinherit: true },
      { rolname: 'authenticator', rolcanlogin: true, rolinherit: false },
      { rolname: 'web_user', rolcanlogin: false, rolinherit: true },
    ]);
    const relations = await c.query(
      `select c.relname, c.relkind from pg_class c where c.relnamespace = 'api'::regnamespace
       and c.relkind in ('r', 'v') order by c.relname`,
    );
    assert.deepEqual(
      relations.rows.map((r) => `${r.relname}:${r.relkind}`),
      ['authors:r', 'book_details:v', 'book_genres:r', 'books:r', 'genres:r', 'publishers:r', 'reviews:r'],
    );
    const pk = await c.query(
      `select array_agg(a.attname::text order by a.attname) as cols from pg_constraint k
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
       where k.conrelid = 'api.book_genres'::regclass and k.contype = 'p'`,
    );
    assert.deepEqual(pk.rows[0]?.cols, ['book_id', 'genre_id']);
  });

  // What restgres does per request: log in as authenticator, switch role (and claims) in a transaction.
  await withClient(demo.dbUri, async (c) => {
    assert.equal((await c.query('select current_user as u')).rows[0]?.u, 'authenticator');
    await c.query('begin');
    await c.query(`select set_config('role', 'anon', true)`);
    const anon = await c.query('select current_user as u, count(*)::int as n from api.reviews group by 1');
    assert.deepEqual(anon.rows, [{ u: 'anon', n: 11 }]);
    const search = await c.query(`select title from api.search_books('advent') order by id`);
    assert.deepEqual(
      search.rows.map((r) => r.title),
      ['Adventures of Huckleberry Finn', 'The Adventures of Tom Sawyer'],
    );
    await assert.rejects(c.query(`insert into api.reviews (book_id, reviewer, rating) values (1, 'x', 1)`), {
      code: '42501',
    });
    await c.query('rollback');

    await c.query('begin');
    await c.query(`select set_config('role', 'web_user', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: 'alice', role: 'web_user' }),
    ]);
    const mine = await c.query('select count(*)::int as n from api.reviews');
    assert.equal(mine.rows[0]?.n, 12); // the 11 public ones and alice's private note
    const inserted = await c.query(
      `insert into api.reviews (book_id, reviewer, rating, is_public) values (2, 'alice', 4, false) returning id`,
    );
    assert.equal(inserted.rows[0]?.id, 15); // the identity continues after the seeded ids
    await assert.rejects(c.query(`insert into api.reviews (book_id, reviewer, rating) values (2, 'bob', 1)`), {
      code: '42501',
    });
    await c.query('rollback');
    // After a transaction that set the claims, the setting reads '' (not NULL): the policy still works.
    await c.query('begin');
    await c.query(`select set_config('role', 'anon', true)`);
    assert.equal((await c.query('select count(*)::int as n from api.reviews')).rows[0]?.n, 11);
    await c.query('commit');
  });

  const stopped = performance.now();
  await demo.stop();
  t.diagnostic(`demo stop: ${ms(stopped)}`);

  // Second run: same data dir, schema detected, a new authenticator password.
  logs.length = 0;
  started = performance.now();
  const again = await startDemoDatabase(opts);
  cleanups.push(() => again.stop());
  t.diagnostic(`startDemoDatabase, second run: ${ms(started)}`);
  assert.ok(!logs.some((line) => line.includes('creating the demo schema')));
  assert.notEqual(again.dbUri, demo.dbUri);
  await withClient(again.dbUri, async (c) => {
    await c.query(`set role anon`); // authenticator is NOINHERIT: no access of its own
    assert.equal((await c.query('select count(*)::int as n from api.books')).rows[0]?.n, 18);
  });
  await assert.rejects(
    withClient(demo.dbUri, async () => {}),
    /password authentication failed/,
  );
  await again.stop();
});

async function withClient(uri: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: uri });
  client.on('error', () => {});
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
