// The zero-configuration demo: with no database configured, `npm start` runs an embedded PostgreSQL
// with a persistent data dir under the project and serves the bookshop schema of demo-schema.ts.
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DEMO_DATABASE, DEMO_SCHEMA_SQL } from './demo-schema.ts';
import { type EmbeddedPgLog, resolveDataDir, startEmbeddedPg, stopOrphanedPostmaster } from './embedded-pg.ts';
import { findFreePort, isPortFree } from './free-port.ts';

/** Config values demo-mode.ts applies unless the user configured those keys. */
export const DEMO_DEFAULTS: {
  readonly dbSchemas: ReadonlyArray<string>;
  readonly dbAnonRole: string;
  readonly adminServerPort: number;
} = { dbSchemas: ['api'], dbAnonRole: 'anon', adminServerPort: 3001 };

/** Port of the demo PostgreSQL unless RESTGRES_PG_PORT says otherwise (PostgreSQL's 5432 is left alone). */
export const DEMO_PG_PORT = 54329;

export interface DemoDatabaseOptions {
  /** The project root: the data lives in `<projectDir>/.restgres/pgdata` (or a tmp fallback as root). */
  readonly projectDir: string;
  /** Overrides RESTGRES_PG_PORT and the default port; must be free. */
  readonly port?: number;
  readonly log: (line: string) => void;
  /** Where RESTGRES_DATA_DIR and RESTGRES_PG_PORT are read from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface DemoDatabase {
  /** Login role `authenticator` on the demo database: what db-uri would be. */
  readonly dbUri: string;
  /** Superuser on the demo database, for setup and inspection. */
  readonly superuserUri: string;
  readonly dataDir: string;
  /** Settles when PostgreSQL exits, for any reason. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

/** Starts (and on first use creates) the demo database. */
export async function startDemoDatabase(opts: DemoDatabaseOptions): Promise<DemoDatabase> {
  const env = opts.env ?? process.env;
  const explicitDir = nonEmpty(env.RESTGRES_DATA_DIR);
  const wrapperLog: EmbeddedPgLog = (line, source) => {
    // PostgreSQL's own stderr is noisy (every failed query); keep what an operator must see, less
    // the FATALs every pooled session logs when we shut the server down ourselves.
    if (source === 'restgres') opts.log(line);
    else if (/\b(FATAL|PANIC):/.test(line) && !/administrator command|shutting down/.test(line)) opts.log(line);
  };
  const dataDir =
    explicitDir === undefined
      ? resolveDataDir(path.join(opts.projectDir, '.restgres', 'pgdata'), wrapperLog)
      : path.resolve(explicitDir);
  // An orphan of ours (gotcha 12) may hold the default port: clear it before judging the port busy.
  await stopOrphanedPostmaster(dataDir, wrapperLog);
  const port = await choosePort(opts.port, nonEmpty(env.RESTGRES_PG_PORT), opts.log);

  opts.log(`embedded PostgreSQL: data dir ${dataDir}, port ${port}`);
  const db = await startEmbeddedPg({ dataDir, port, persistent: true, log: wrapperLog });
  try {
    const superuserUri = withDatabase(db.connectionString, DEMO_DATABASE);
    const password = crypto.randomBytes(18).toString('base64url');
    await withClient(db.connectionString, async (client) => {
      const found = await client.query('select 1 from pg_database where datname = $1', [DEMO_DATABASE]);
      if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(DEMO_DATABASE)}`);
    });
    await withClient(superuserUri, async (client) => {
      const loaded = await client.query<{ loaded: boolean }>(`select to_regnamespace('api') is not null as loaded`);
      if (loaded.rows[0]?.loaded !== true) {
        opts.log(`creating the demo schema "api" in the database ${DEMO_DATABASE}`);
        await client.query(DEMO_SCHEMA_SQL);
      }
      // A fresh password on every start: nothing to store, nothing guessable by other local users.
      await client.query(`alter role authenticator password ${client.escapeLiteral(password)}`);
    });
    const dbUri = `postgresql://authenticator:${encodeURIComponent(password)}@${db.host}:${db.port}/${DEMO_DATABASE}`;
    return { dbUri, superuserUri, dataDir: db.dataDir, exited: db.exited, stop: db.stop };
  } catch (err) {
    await db.stop();
    throw err;
  }
}

async function choosePort(
  explicit: number | undefined,
  fromEnv: string | undefined,
  log: (line: string) => void,
): Promise<number> {
  if (explicit !== undefined) return explicit;
  if (fromEnv !== undefined) {
    const port = Number(fromEnv);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`RESTGRES_PG_PORT must be a port number, got "${fromEnv}"`);
    }
    return port; // asked for explicitly: if it is busy, startEmbeddedPg says so
  }
  if (await isPortFree(DEMO_PG_PORT)) return DEMO_PG_PORT;
  const port = await findFreePort();
  log(
    `port ${DEMO_PG_PORT} is in use; the embedded PostgreSQL uses port ${port} instead (set RESTGRES_PG_PORT to pin one)`,
  );
  return port;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  // An idle client's error (server shut down under it) would otherwise crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
