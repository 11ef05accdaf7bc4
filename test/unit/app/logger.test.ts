// The log lines: exact texts (PostgREST's wording), where they go, and log-level filtering.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger, type LogSink } from '../../../src/app/logger.ts';
import type { Observation } from '../../../src/app/observation.ts';
import type { LogLevel } from '../../../src/config/app-config.ts';
import { ConnectionError } from '../../../src/errors/connection-error.ts';
import { DatabaseError } from '../../../src/errors/database-error.ts';
import { formatLogTime } from '../../../src/util/log-time.ts';

const NOW = new Date(2026, 10, 26, 15, 39, 43); // local time, as the logger prints it
const STAMP = formatLogTime(NOW);

function capture(level: LogLevel, clock: () => Date = () => NOW) {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  const sink: LogSink = {
    stdout: (text) => out.stdout.push(text),
    stderr: (text) => out.stderr.push(text),
    now: clock,
  };
  return { logger: new Logger(level, sink), out };
}

/** What `o` prints on stderr at `level`, without the time prefix. */
function stderrOf(o: Observation, level: LogLevel = 'info'): string[] {
  const { logger, out } = capture(level);
  logger.observe(o);
  return out.stderr.map((text) => {
    assert.ok(text.startsWith(`${STAMP}: `) && text.endsWith('\n'), JSON.stringify(text));
    return text.slice(STAMP.length + 2, -1);
  });
}

const refused = ConnectionError.connection(
  'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n',
);
const refusedJson =
  '{"code":"PGRST000","details":"connection to server at \\"127.0.0.1\\", port 5432 failed: Connection refused\\n\\tIs the server running on that host and accepting TCP/IP connections?\\n","hint":null,"message":"Database connection error."}';

describe('lifecycle lines (printed at every level)', () => {
  const cases: ReadonlyArray<{ o: Observation; lines: string[] }> = [
    { o: { kind: 'appStart', version: '1.2.3' }, lines: ['Starting restgres 1.2.3...'] },
    { o: { kind: 'adminListening', address: '127.0.0.1:3001' }, lines: ['Admin server listening on 127.0.0.1:3001'] },
    { o: { kind: 'apiListening', address: '/tmp/api.sock' }, lines: ['API server listening on /tmp/api.sock'] },
    {
      o: { kind: 'dbConnected', pgVersion: 'PostgreSQL 18.4 on x86_64-pc-linux-gnu' },
      lines: ['Successfully connected to PostgreSQL 18.4 on x86_64-pc-linux-gnu'],
    },
    { o: { kind: 'poolInit', size: 10 }, lines: ['Connection Pool initialized with a maximum size of 10 connections'] },
    {
      o: { kind: 'pgVersionQueryFailed', error: refused },
      lines: [`Failed to query the PostgreSQL version. ${refusedJson}`],
    },
    {
      o: { kind: 'unsupportedPgVersion', pgVersion: 'PostgreSQL 13.1', minimum: 'PostgreSQL 14' },
      lines: ['Cannot run in this PostgreSQL version (PostgreSQL 13.1), restgres needs at least PostgreSQL 14'],
    },
    { o: { kind: 'noRecoveryExit' }, lines: ['Automatic recovery disabled, exiting.'] },
    {
      o: { kind: 'fatalDbError', prefix: 'Failed to establish a connection. ', error: refused },
      lines: [`Failed to establish a connection. ${refusedJson}`],
    },
    {
      o: { kind: 'configReadFailed', error: refused },
      lines: [`Failed to query database settings for the config parameters.${refusedJson}`],
    },
    { o: { kind: 'roleSettingsFailed', error: refused }, lines: [`Failed to query the role settings. ${refusedJson}`] },
    { o: { kind: 'configInvalid', message: 'bad value' }, lines: ['Failed reloading config: bad value'] },
    { o: { kind: 'configReloaded' }, lines: ['Config reloaded'] },
    {
      o: {
        kind: 'schemaCacheLoaded',
        ms: 1.25,
        summary: '15 Relations, 8 Relationships, 8 RPCs, 0 Domain Representations, 4 Media Type Handlers',
      },
      lines: [
        'Schema cache loaded 15 Relations, 8 Relationships, 8 RPCs, 0 Domain Representations, 4 Media Type Handlers',
        'Schema cache loaded in 1.3 milliseconds',
      ],
    },
    {
      o: { kind: 'schemaCacheFailed', schemas: ['api', 'v2'], extraSearchPath: ['public', 'x'], error: refused },
      lines: [
        `Failed to load the schema cache using db-schemas=api,v2 and db-extra-search-path=public,x. ${refusedJson}`,
      ],
    },
    {
      o: { kind: 'connectionRetry', delaySeconds: 4 },
      lines: ['Attempting to reconnect to the database in 4 seconds...'],
    },
    {
      o: { kind: 'listenerStart', pgVersion: 'PostgreSQL 18.4', address: '127.0.0.1:5432', channel: 'pgrst' },
      lines: [
        'Listener connected to PostgreSQL 18.4 on "127.0.0.1:5432" and listening for database notifications on the "pgrst" channel',
      ],
    },
    {
      o: { kind: 'listenerFailed', channel: 'pgrst', message: 'Connection closed' },
      lines: ['Failed listening for database notifications on the "pgrst" channel. Connection closed'],
    },
    {
      o: { kind: 'listenerRetry', delaySeconds: 2 },
      lines: ['Retrying listening for database notifications in 2 seconds...'],
    },
    {
      o: { kind: 'listenerGotSchemaMessage', channel: 'pgrst' },
      lines: ['Received a schema cache reload message on the "pgrst" channel'],
    },
    {
      o: { kind: 'listenerGotConfigMessage', channel: 'pgrst' },
      lines: ['Received a config reload message on the "pgrst" channel'],
    },
    { o: { kind: 'terminationSignal', signal: 'SIGTERM' }, lines: ['Received termination unix signal SIGTERM'] },
    { o: { kind: 'warning', message: 'careful' }, lines: ['WARNING: careful'] },
    { o: { kind: 'internalError', message: 'oops' }, lines: ['oops'] },
  ];
  for (const { o, lines } of cases) {
    it(o.kind, () => {
      for (const level of ['crit', 'error', 'warn', 'info', 'debug'] as const) {
        assert.deepEqual(stderrOf(o, level), lines, level);
      }
    });
  }
});

describe('filtered lines', () => {
  const dbError = DatabaseError.fromPg({ code: 'XX000', message: 'boom' }, true);
  it('schemaCacheQueried adds the per-query timings at debug', () => {
    const o: Observation = { kind: 'schemaCacheQueried', ms: 2, timings: 'tables: 1.0 ms' };
    assert.deepEqual(stderrOf(o, 'info'), ['Schema cache queried in 2.0 milliseconds']);
    assert.deepEqual(stderrOf(o, 'debug'), ['Schema cache queried in 2.0 milliseconds', 'tables: 1.0 ms']);
  });
  it('server errors and the empty-cache error from level error on', () => {
    const noCache = ConnectionError.noSchemaCache();
    for (const o of [
      { kind: 'serverError', error: dbError },
      { kind: 'schemaCacheEmpty', error: noCache },
    ] as const) {
      assert.deepEqual(stderrOf(o, 'crit'), []);
      assert.deepEqual(stderrOf(o, 'error'), [o.error.toBody()]);
    }
    assert.deepEqual(stderrOf({ kind: 'schemaCacheEmpty', error: noCache }, 'error'), [
      '{"code":"PGRST002","details":null,"hint":null,"message":"Could not query the database for the schema cache. Retrying."}',
    ]);
  });
  it('pool events only at debug', () => {
    const connection: Observation = { kind: 'poolConnection', id: 7, event: 'is terminated due to max idletime' };
    assert.deepEqual(stderrOf(connection, 'info'), []);
    assert.deepEqual(stderrOf(connection, 'debug'), ['Connection 7 is terminated due to max idletime']);
    assert.deepEqual(stderrOf({ kind: 'poolFlushed' }, 'info'), []);
    assert.deepEqual(stderrOf({ kind: 'poolFlushed' }, 'debug'), ['Database connection pool flushed']);
  });
  it('pool acquisition timeouts: at most one line per 5 s', () => {
    let now = NOW.getTime();
    const { logger, out } = capture('error', () => new Date(now));
    const error = ConnectionError.acquisitionTimeout();
    for (const step of [0, 1000, 3999, 1, 4999, 1]) {
      now += step;
      logger.observe({ kind: 'poolAcquisitionTimeout', error });
    }
    // t = 0 logs; 1000 and 4999 do not; 5000 logs; 9999 does not; 10000 logs.
    assert.equal(out.stderr.length, 3);
    assert.ok(out.stderr.every((l) => l.endsWith(`: ${error.toBody()}\n`)));
    const crit = capture('crit');
    crit.logger.observe({ kind: 'poolAcquisitionTimeout', error });
    assert.deepEqual(crit.out.stderr, []);
  });
});

describe('access log', () => {
  const response = (status: number): Observation => ({
    kind: 'response',
    remoteAddress: '127.0.0.1',
    role: status === 401 ? null : 'web_anon',
    method: 'GET',
    url: '/projects?id=eq.1',
    httpVersion: '1.1',
    status,
    contentLength: status === 204 ? null : 29,
    referer: 'http://example.com/',
    userAgent: 'curl/8.5.0',
  });
  it('Apache format on stdout', () => {
    const { logger, out } = capture('info');
    logger.observe(response(200));
    logger.observe(response(401));
    logger.observe(response(204));
    assert.deepEqual(out.stdout, [
      `127.0.0.1 - web_anon [${STAMP}] "GET /projects?id=eq.1 HTTP/1.1" 200 29 "http://example.com/" "curl/8.5.0"\n`,
      `127.0.0.1 - - [${STAMP}] "GET /projects?id=eq.1 HTTP/1.1" 401 29 "http://example.com/" "curl/8.5.0"\n`,
      `127.0.0.1 - web_anon [${STAMP}] "GET /projects?id=eq.1 HTTP/1.1" 204 - "http://example.com/" "curl/8.5.0"\n`,
    ]);
    assert.deepEqual(out.stderr, []);
  });
  const levels: ReadonlyArray<{ level: LogLevel; logged: number[] }> = [
    { level: 'crit', logged: [] },
    { level: 'error', logged: [500, 503] },
    { level: 'warn', logged: [404, 500, 503] },
    { level: 'info', logged: [200, 302, 404, 500, 503] },
    { level: 'debug', logged: [200, 302, 404, 500, 503] },
  ];
  for (const { level, logged } of levels) {
    it(`log-level=${level}`, () => {
      const { logger, out } = capture(level);
      for (const status of [200, 302, 404, 500, 503]) logger.observe(response(status));
      assert.deepEqual(
        out.stdout.map((l) => Number(/" (\d{3}) /.exec(l)?.[1])),
        logged,
      );
    });
  }
  it('setLevel applies to the next line', () => {
    const { logger, out } = capture('crit');
    logger.observe(response(200));
    logger.setLevel('info');
    logger.observe(response(200));
    assert.equal(out.stdout.length, 1);
  });
});
