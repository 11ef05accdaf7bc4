// Log output (lifecycle.md §2.6): the startup and shutdown lines on stderr, each prefixed with the
// time, and the Apache-style access log on stdout filtered by log-level.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { httpRequest } from '../../support/http.ts';
import { ANON, delay, lifecycleDatabase, lifecycleEnv } from '../../support/lifecycle.ts';
import { connectTestPostgres, type TestDatabase, type TestPostgresConnection } from '../../support/postgres.ts';
import { type RestgresProcess, startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let server: TestPostgresConnection;
let db: TestDatabase;

before(async () => {
  server = await connectTestPostgres();
  // api.broken fails with an internal error (XX000 → 500) when read.
  db = await lifecycleDatabase(
    server,
    'lifecycle_logging',
    `create function api.fail() returns int language plpgsql as $$
       begin raise exception 'boom' using errcode = 'XX000'; end $$;
     create view api.broken as select api.fail() as x;
     grant select on api.broken to ${ANON};
     grant execute on function api.fail() to ${ANON};`,
  );
});

after(async () => {
  await stopAllRestgres();
  await db?.drop();
  await server?.close();
});

const STAMP = /^\d\d\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}: /;

function messages(r: RestgresProcess): string[] {
  return r.stderr.map((l) => {
    assert.match(l, STAMP);
    return l.replace(STAMP, '');
  });
}

test('startup and shutdown lines on stderr, in order', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db) });
  const pgPort = new URL(db.superuserUri).port;
  const lines = messages(r);
  const expected: ReadonlyArray<RegExp> = [
    /^Starting restgres \d+\.\d+\.\d+\.\.\.$/,
    new RegExp(`^Admin server listening on 127\\.0\\.0\\.1:${r.adminPort}$`),
    new RegExp(
      `^Listener connected to PostgreSQL \\d+\\.\\d+ on "127\\.0\\.0\\.1:${pgPort}" and listening for database notifications on the "pgrst" channel$`,
    ),
    /^Successfully connected to PostgreSQL \d+\.\d+ on .+$/,
    /^Connection Pool initialized with a maximum size of 10 connections$/,
    /^Config reloaded$/,
    /^Schema cache queried in \d+\.\d milliseconds$/,
    /^Schema cache loaded 4 Relations, 0 Relationships, 1 RPCs, 0 Domain Representations, 4 Media Type Handlers$/,
    /^Schema cache loaded in \d+\.\d milliseconds$/,
    new RegExp(`^API server listening on 127\\.0\\.0\\.1:${r.port}$`),
  ];
  assert.equal(lines.length, expected.length, lines.join('\n'));
  // The listener runs on its own: its line may come anywhere after the admin server's.
  const listener = lines.findIndex((l) => expected[2]?.test(l) === true);
  assert.ok(listener >= 2, lines.join('\n'));
  const rest = lines.filter((_, i) => i !== listener);
  const restExpected = expected.filter((_, i) => i !== 2);
  rest.forEach((line, i) => {
    assert.match(line, restExpected[i] ?? /^$/);
  });

  assert.deepEqual(await r.stop('SIGTERM'), { code: 0, signal: null });
  assert.equal(messages(r).at(-1), 'Received termination unix signal SIGTERM');
  assert.deepEqual(r.stdout, []);
});

const LEVELS = {
  crit: [],
  error: [500],
  warn: [404, 500],
  info: [200, 404, 500],
  debug: [200, 404, 500],
} as const;

for (const [level, logged] of Object.entries(LEVELS)) {
  test(`log-level=${level}: access log of ${logged.length === 0 ? 'nothing' : logged.join(', ')}`, async () => {
    const r = await startRestgres({ env: lifecycleEnv(db, { PGRST_LOG_LEVEL: level }) });
    const headers = { 'user-agent': 'lifecycle-test', referer: 'http://example.com/' };
    const responses = new Map<number, string>();
    for (const [status, path] of [
      [200, '/projects?id=eq.1'],
      [404, '/nope'],
      [500, '/broken'],
    ] as const) {
      const res = await httpRequest(r.url(path), { headers });
      assert.equal(res.status, status, res.body);
      responses.set(status, `"GET ${path} HTTP/1.1" ${status} ${Buffer.byteLength(res.body)}`);
    }
    await delay(150); // the child writes each line right after its response; let the pipe deliver
    const access = logged.map(
      (status) =>
        new RegExp(
          `^127\\.0\\.0\\.1 - ${ANON} \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\] ${escapeRegExp(responses.get(status) ?? '')} "http://example\\.com/" "lifecycle-test"$`,
        ),
    );
    assert.equal(r.stdout.length, access.length, r.stdout.join('\n'));
    r.stdout.forEach((line, i) => {
      assert.match(line, access[i] ?? /^$/);
    });
    // A 5xx from the database is logged on stderr from level error on.
    const boom = '{"code":"XX000","details":null,"hint":null,"message":"boom"}';
    assert.equal(messages(r).includes(boom), level !== 'crit', messages(r).join('\n'));
    if (level === 'debug') {
      assert.ok(
        messages(r).some((l) => /^tables: \d+\.\d ms(, \w+: \d+\.\d ms)*$/.test(l)),
        messages(r).join('\n'),
      );
      assert.ok(messages(r).some((l) => /^Connection \d+ is available due to connection establishment$/.test(l)));
    } else {
      assert.ok(!messages(r).some((l) => /^Connection \d+ /.test(l)));
    }
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
