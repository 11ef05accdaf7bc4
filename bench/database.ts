// The throwaway PostgreSQL both servers share: an embedded cluster in a temp dir with a unix
// socket, the benchmark dataset in the database `bench`, and a superuser pool for the harness.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedPg, startEmbeddedPg, stopEmbeddedPgSync } from '../src/embedded/embedded-pg.ts';
import { findFreePort, PortInUseError } from '../src/embedded/free-port.ts';

export type Transport = 'unix' | 'tcp';

export const DB_NAME = 'bench';
/** Settings for a cluster whose contents are thrown away: durability only costs time here. */
const THROWAWAY_SETTINGS = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  shared_buffers: '512MB',
  max_connections: '200',
  // Our own prefix, so that the SQL capture can tell where a log entry starts (sql-capture.ts).
  log_line_prefix: '@@%p@@ ',
};

export interface BenchDatabase {
  readonly server: EmbeddedPg;
  readonly postmasterPid: number;
  readonly serverVersion: string;
  readonly transport: Transport;
  /** libpq URI for the authenticator over `transport`; PostgREST and restgres both read it. */
  readonly authenticatorUri: string;
  readonly authenticatorPassword: string;
  /** libpq URI for the superuser in database `name`, over `transport`. */
  superuserUri(name: string): string;
  /** pgbench's connection options for the authenticator, over the same transport. */
  readonly pgbenchConnection: { readonly args: ReadonlyArray<string>; readonly env: Readonly<Record<string, string>> };
  /** As superuser in `bench`. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs `sql` in a fresh database `name` (dropped first when it exists). */
  createDatabase(name: string, sql: string): Promise<void>;
  /** As superuser in database `name`, on a connection of its own. */
  queryIn<R extends pg.QueryResultRow = pg.QueryResultRow>(name: string, sql: string, params?: unknown[]): Promise<R[]>;
  dropDatabase(name: string): Promise<void>;
  /** Listens to PostgreSQL's log lines until the returned function is called. */
  tapLog(onLine: (line: string) => void): () => void;
  stop(): Promise<void>;
}

export interface StartBenchDatabaseOptions {
  readonly transport: Transport;
  /** Extra server settings on top of the throwaway ones. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

/**
 * Where the throwaway cluster lives: tmpfs when there is one. On this project's shared machines
 * the disk's ext4 is churned by every test run's temp clusters, and its inode allocator then
 * made CREATE TABLE ten times slower (10 ms instead of 1 ms; perf showed ext4 recently_deleted()),
 * which a 50,000-table schema turns into many minutes. Nothing here needs to survive a reboot.
 */
function clusterParentDir(): string {
  const shm = '/dev/shm';
  try {
    fs.accessSync(shm, fs.constants.W_OK);
    if (fs.statfsSync(shm).bavail * fs.statfsSync(shm).bsize > 4 * 2 ** 30) return shm;
  } catch {
    // no tmpfs here
  }
  return os.tmpdir();
}

export async function startBenchDatabase(opts: StartBenchDatabaseOptions): Promise<BenchDatabase> {
  const base = fs.mkdtempSync(path.join(clusterParentDir(), 'restgres-bench-'));
  // As root PostgreSQL runs as `postgres`, which must traverse the dir (mkdtemp makes it 0700).
  fs.chmodSync(base, 0o755);
  const dataDir = path.join(base, 'pgdata');
  const removeBase = () => {
    stopEmbeddedPgSync(dataDir);
    fs.rmSync(base, { recursive: true, force: true });
  };
  process.on('exit', removeBase);

  const taps = new Set<(line: string) => void>();
  const log = (line: string) => {
    opts.log?.(line);
    for (const tap of taps) tap(line);
  };

  let server: EmbeddedPg | undefined;
  try {
    for (let attempt = 1; server === undefined; attempt++) {
      try {
        server = await startEmbeddedPg({
          dataDir,
          port: await findFreePort(),
          persistent: false,
          noSync: true,
          unixSocket: true,
          settings: { ...THROWAWAY_SETTINGS, ...opts.settings },
          log,
        });
      } catch (err) {
        // Someone may take the probed port before PostgreSQL binds it.
        if (!(err instanceof PortInUseError) || attempt >= 3) throw err;
      }
    }
  } catch (err) {
    removeBase();
    process.removeListener('exit', removeBase);
    throw err;
  }
  const started = server;
  const postmasterPid = Number.parseInt(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8'), 10);

  const admin = new pg.Pool({ connectionString: started.connectionString, max: 2 });
  admin.on('error', () => {});
  await admin.query(`create database ${DB_NAME}`);
  const pool = new pg.Pool({ connectionString: withDatabase(started.connectionString, DB_NAME), max: 4 });
  pool.on('error', () => {});
  const serverVersion = String((await pool.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '');

  const password = crypto.randomBytes(18).toString('base64url');
  const socketDir = started.socketDir;
  const transport: Transport = opts.transport === 'unix' && socketDir !== null ? 'unix' : 'tcp';
  const host = transport === 'unix' && socketDir !== null ? socketDir : started.host;
  const uri = (user: string, pw: string, db: string) =>
    transport === 'unix'
      ? `postgresql://${user}:${encodeURIComponent(pw)}@/${db}?host=${encodeURIComponent(host)}&port=${started.port}`
      : `postgresql://${user}:${encodeURIComponent(pw)}@${host}:${started.port}/${db}`;

  let stopping: Promise<void> | undefined;
  return {
    server: started,
    postmasterPid,
    serverVersion,
    transport,
    authenticatorUri: uri('authenticator', password, DB_NAME),
    authenticatorPassword: password,
    superuserUri: (name) => uri(started.user, started.password, name),
    pgbenchConnection: {
      args: ['-h', host, '-p', String(started.port), '-U', 'authenticator', DB_NAME],
      env: { PGPASSWORD: password },
    },
    query: async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) =>
      (await pool.query<R>(sql, params)).rows,
    createDatabase: async (name, sql) => {
      const ident = pg.escapeIdentifier(name);
      await admin.query(`drop database if exists ${ident} with (force)`);
      await admin.query(`create database ${ident}`);
      const client = new pg.Client({ connectionString: withDatabase(started.connectionString, name) });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    queryIn: async <R extends pg.QueryResultRow>(name: string, sql: string, params?: unknown[]) => {
      const client = new pg.Client({ connectionString: withDatabase(started.connectionString, name) });
      client.on('error', () => {});
      await client.connect();
      try {
        return (await client.query<R>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    dropDatabase: async (name) => {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    },
    tapLog: (onLine) => {
      taps.add(onLine);
      return () => taps.delete(onLine);
    },
    stop: () => {
      stopping ??= (async () => {
        await pool.end();
        await admin.end();
        await started.stop();
        removeBase();
        process.removeListener('exit', removeBase);
      })();
      return stopping;
    },
  };
}

function withDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}
