// The command line (behavior.md §8.3): --help, --version, --example, --dump-config, --dump-schema,
// --ready, and what an invalid configuration or argument does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { USAGE } from '../../../src/cli.ts';
import { EXAMPLE_CONFIG } from '../../../src/config/example.ts';
import { VERSION } from '../../../src/version.ts';
import { AUTHENTICATOR, exitWithin, lifecycleDatabase, lifecycleEnv } from '../../support/lifecycle.ts';
import { connectTestPostgres, type TestDatabase, type TestPostgresConnection } from '../../support/postgres.ts';
import { type StartRestgresOptions, startRestgres, stopAllRestgres } from '../../support/restgres.ts';

let server: TestPostgresConnection;
let db: TestDatabase;
let dir: string;

before(async () => {
  server = await connectTestPostgres();
  db = await lifecycleDatabase(server, 'lifecycle_cli');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-cli-'));
});

after(async () => {
  await stopAllRestgres();
  await db?.drop();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string[];
}

/** Runs restgres with `args` to completion. */
async function cli(args: string[], options: Partial<StartRestgresOptions> = {}): Promise<Run> {
  const r = await startRestgres({ env: {}, ...options, args, wait: 'none' });
  const { code } = await exitWithin(r, 30_000);
  return { code, stdout: r.stdout.join('\n'), stderr: r.stderr };
}

// The short spellings (-h, -v, -e) are parsed like the long ones: test/unit/cli.test.ts.
test('--help prints the usage', async () => {
  assert.deepEqual(await cli(['--help']), { code: 0, stdout: USAGE.trimEnd(), stderr: [] });
  assert.match(
    USAGE,
    /^Usage: restgres \[-v\|--version\] \[-e\|--example\] \[--dump-config \| --dump-schema \| --ready\] \[FILENAME\]$/m,
  );
});

test('--version', async () => {
  assert.deepEqual(await cli(['--version']), { code: 0, stdout: `restgres ${VERSION}`, stderr: [] });
});

test('--example prints a config file that loads', async () => {
  const run = await cli(['--example']);
  assert.deepEqual(run, { code: 0, stdout: EXAMPLE_CONFIG.trimEnd(), stderr: [] });
  const loaded = await cli(['--dump-config'], { configFile: EXAMPLE_CONFIG, env: { PGRST_DB_CONFIG: 'false' } });
  assert.equal(loaded.code, 0, loaded.stderr.join('\n'));
});

test('--dump-config prints file, environment and in-database settings; its output reads back', async () => {
  await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} set pgrst.db_max_rows = '7'`);
  try {
    // Fixed ports: the harness would pick new ones per run (nothing is bound by --dump-config).
    const ports = { PGRST_SERVER_PORT: '3000', PGRST_ADMIN_SERVER_PORT: '3001' };
    const env = lifecycleEnv(db, ports);
    const run = await cli(['--dump-config'], { env, configFile: 'db-pool = 3\nserver-timing-enabled = true\n' });
    assert.equal(run.code, 0, run.stderr.join('\n'));
    assert.deepEqual(run.stderr, []);
    const lines = run.stdout.split('\n');
    for (const line of [
      'db-anon-role = "lifecycle_anon"',
      'db-max-rows = 7',
      'db-pool = 3',
      'db-schemas = "api"',
      'log-level = "info"',
      'server-timing-enabled = true',
    ]) {
      assert.ok(lines.includes(line), `missing ${line}`);
    }
    assert.deepEqual(lines, [...lines].sort(), 'sorted by key');
    // The dump is a config file: loading it (without the database) gives the same dump.
    const again = await cli(['--dump-config'], {
      configFile: `${run.stdout}\n`,
      env: { ...ports, PGRST_DB_CONFIG: 'false' },
    });
    assert.equal(again.code, 0, again.stderr.join('\n'));
    assert.equal(again.stdout.replace('db-config = false', 'db-config = true'), run.stdout);
  } finally {
    await db.query(`alter role ${AUTHENTICATOR} in database ${db.name} reset pgrst.db_max_rows`);
  }
});

test('--dump-schema prints the schema cache as JSON', async () => {
  const run = await cli(['--dump-schema'], { env: lifecycleEnv(db) });
  assert.equal(run.code, 0, run.stderr.join('\n'));
  const json = JSON.parse(run.stdout) as { tables: Array<{ schema: string; name: string }> };
  assert.deepEqual(
    json.tables.map((t) => `${t.schema}.${t.name}`),
    ['api.projects', 'api.sleep_seconds', 'api.slow'],
  );
});

test('--ready: OK on stdout and exit 0 when ready; ERROR on stderr and exit 1 otherwise', async () => {
  const slow = await startRestgres({
    env: lifecycleEnv(db, { PGRST_INTERNAL_SCHEMA_CACHE_QUERY_SLEEP: '3000' }),
    wait: 'none',
  });
  await slow.waitForLine('stderr', /Admin server listening/);
  const adminUrl = `http://127.0.0.1:${slow.adminPort}/ready`;
  const admin = { PGRST_ADMIN_SERVER_HOST: '127.0.0.1', PGRST_ADMIN_SERVER_PORT: String(slow.adminPort) };
  assert.deepEqual(await cli(['--ready'], { env: admin }), {
    code: 1,
    stdout: '',
    stderr: [`ERROR: ${adminUrl}`],
  });
  assert.deepEqual(await slow.stop(), { code: 0, signal: null });
  assert.deepEqual(await cli(['--ready'], { env: admin }), {
    code: 1,
    stdout: '',
    stderr: [`ERROR: connection refused to ${adminUrl}`],
  });

  const ready = await startRestgres({ env: lifecycleEnv(db) });
  const readyEnv = { PGRST_ADMIN_SERVER_HOST: '127.0.0.1', PGRST_ADMIN_SERVER_PORT: String(ready.adminPort) };
  assert.deepEqual(await cli(['--ready'], { env: readyEnv }), {
    code: 0,
    stdout: `OK: http://127.0.0.1:${ready.adminPort}/ready`,
    stderr: [],
  });

  assert.deepEqual(await cli(['--ready'], { env: { PGRST_ADMIN_SERVER_PORT: '' } }), {
    code: 1,
    stdout: '',
    stderr: ['ERROR: Admin server is not running. Please check admin-server-port config.'],
  });
  assert.deepEqual(await cli(['--ready'], { env: { PGRST_ADMIN_SERVER_HOST: '*4' } }), {
    code: 1,
    stdout: '',
    stderr: [
      'ERROR: The `--ready` flag cannot be used when server-host is configured as "*4". Please update your server-host config to "localhost".',
    ],
  });
});

test('--ready over an admin unix socket', async () => {
  const socket = path.join(dir, 'admin.sock');
  const env = { PGRST_ADMIN_SERVER_UNIX_SOCKET: socket };
  await startRestgres({ env: lifecycleEnv(db, env) });
  assert.deepEqual(await cli(['--ready'], { env }), {
    code: 0,
    stdout: `OK: http+unix://${encodeURIComponent(socket)}/ready`,
    stderr: [],
  });
});

test('an invalid configuration: one line on stderr, exit 1', async () => {
  const cases: ReadonlyArray<{ options: Partial<StartRestgresOptions>; line: string | RegExp }> = [
    {
      options: { env: { PGRST_LOG_LEVEL: 'loud' } },
      line: 'Invalid value for log-level: "loud" is not one of crit, error, warn, info, debug',
    },
    { options: { env: { PGRST_DB_POOL: 'many' } }, line: 'Invalid value for db-pool: "many" is not an integer' },
    {
      options: { configFile: 'db-uri = "unterminated\n' },
      line: /^Syntax error in config file \/.+\/restgres\.conf at line 1, column 10: unterminated string$/,
    },
  ];
  for (const { options, line } of cases) {
    const run = await cli([], options);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.length, 1, run.stderr.join('\n'));
    if (typeof line === 'string') assert.equal(run.stderr[0], line);
    else assert.match(run.stderr[0] ?? '', line);
  }
  const missing = await cli([path.join(dir, 'missing.conf')]);
  assert.equal(missing.code, 1);
  assert.deepEqual(missing.stderr, [
    `Cannot read config file ${path.join(dir, 'missing.conf')}: ENOENT: no such file or directory`,
  ]);
});

test('a command-line error: the error, a blank line, the usage, exit 1', async () => {
  const unknown = await cli(['--nope']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr[0] ?? '', /^Unknown option '--nope'/);
  assert.equal(unknown.stderr[1], '');
  assert.equal(unknown.stderr.slice(2).join('\n'), USAGE.trimEnd());
});
