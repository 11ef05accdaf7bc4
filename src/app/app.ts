// The server process (PostgREST: App.hs, AppState.hs): the admin server first, then the
// listener, ONE schema-cache load attempt, and only then the main socket. If that attempt fails
// the main socket is bound anyway and requests get 503 PGRST002 until the retry loop succeeds;
// with server-reuseport the socket waits for a successful load, so a new instance never takes
// traffic it cannot serve. Reloads, connection loss and graceful shutdown live here too.

import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { IN_DB_NAMES, mergeReloadable } from '../config/keys.ts';
import { loadConfig, readConfigFile } from '../config/load.ts';
import type { DbConnection } from '../db/connection.ts';
import { type ConnectionSettings, connectionSettings, withReadWrite } from '../db/connection-settings.ts';
import { isAuthFailure, toRequestError } from '../db/db-error.ts';
import { readInDbSettings } from '../db/in-db-settings.ts';
import { Listener } from '../db/listener.ts';
import { Pool } from '../db/pool.ts';
import { NO_ROLE_SETTINGS, type RoleSettings, readRoleSettings } from '../db/role-settings.ts';
import { PgrstError } from '../errors/pgrst-error.ts';
import { createAdminServer } from '../http/admin-server.ts';
import { createApiServer } from '../http/api-server.ts';
import { type Drainer, trackConnections } from '../http/drain.ts';
import { handle } from '../http/handle.ts';
import { type BindTarget, bind } from '../http/listen.ts';
import { introspect } from '../schema-cache/introspect.ts';
import { type SchemaCache, schemaCacheToJson, summarize } from '../schema-cache/schema-cache.ts';
import { SERVER_NAME, VERSION } from '../version.ts';
import { Logger, type LogSink, processSink } from './logger.ts';
import { Metrics } from './metrics.ts';
import type { Observation } from './observation.ts';
import { SchemaCacheLoader } from './schema-cache-loader.ts';
import { isSchemaCacheReady } from './schema-cache-status.ts';
import { type SystemdNotifier, systemdNotifier } from './systemd.ts';

/** How long a connection accepted just before shutdown may take to send its request. */
const FRESH_CONNECTION_GRACE_MS = 2000;

/** PostgREST v16 supports PostgreSQL 14 and later. */
const MIN_PG_VERSION = 140000;

/** What one read of the in-database configuration (db-config) yields. */
interface InDbSettings {
  /** `pgrst.*` name → value. */
  readonly settings: Map<string, string>;
  readonly roles: RoleSettings;
}

export interface AppOptions {
  readonly config: AppConfig;
  /** Re-read on config reloads; null when configured by the environment alone. */
  readonly configFile: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly sink?: LogSink;
  /** A listening socket handed over by systemd, used instead of binding server-host/port. */
  readonly listenFd: number | null;
}

export class App {
  #config: AppConfig;
  #schemaCache: SchemaCache | null = null;
  /** The impersonated roles' own settings, read with the in-database configuration. */
  #roleSettings: RoleSettings = NO_ROLE_SETTINGS;
  readonly #connectionSettings: ConnectionSettings;
  /** `server_version_num` as of the last load attempt; 0 before the first. */
  #pgVersionNum = 0;
  readonly #options: AppOptions;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #pool: Pool;
  readonly #loader: SchemaCacheLoader;
  readonly #systemd: SystemdNotifier | null;
  #listener: Listener | null = null;
  #adminServer: Server | null = null;
  #apiDrainer: Drainer | null = null;
  #apiBound = false;
  /** A load attempt is waiting for its database session (see the listener's onReconnect). */
  #attemptAwaitsSession = false;
  #stopping = false;
  #control: Promise<unknown> = Promise.resolve();
  readonly #exit = Promise.withResolvers<number>();
  /** Resolves with the process exit code once everything is closed. */
  readonly exitCode: Promise<number> = this.#exit.promise;

  constructor(options: AppOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#logger = new Logger(this.#config.logLevel, options.sink ?? processSink);
    this.#metrics = new Metrics({
      poolStats: () => this.#pool.stats(),
      schemaCacheStatus: () => this.#loader.status,
      now: Date.now,
    });
    const c = this.#config;
    // db-uri is not reloadable: parsed (and its certificate files read) once.
    this.#connectionSettings = connectionSettings(c.dbUri, SERVER_NAME);
    this.#pool = new Pool({
      settings: this.#connectionSettings,
      size: c.dbPool,
      acquisitionTimeoutMs: c.dbPoolAcquisitionTimeout * 1000,
      maxLifetimeMs: c.dbPoolMaxLifetime * 1000,
      maxIdleMs: c.dbPoolMaxIdletime * 1000,
      observe: this.observe,
    });
    this.#loader = new SchemaCacheLoader({
      attempt: () => this.#loadAttempt(),
      observe: this.observe,
      retry: () => this.#config.dbPoolAutomaticRecovery,
      onGiveUp: () => {
        this.observe({ kind: 'noRecoveryExit' });
        void this.stop(1);
      },
    });
    this.#systemd = systemdNotifier(options.env, (message) => this.observe({ kind: 'warning', message }));
  }

  readonly observe = (o: Observation): void => {
    this.#logger.observe(o);
    this.#metrics.observe(o);
  };

  get config(): AppConfig {
    return this.#config;
  }

  /** Runs the startup sequence; resolves once the main socket is bound (or startup was cut short). */
  async start(): Promise<void> {
    this.observe({ kind: 'appStart', version: VERSION });
    try {
      await this.#startAdmin();
      this.#startListener();
      this.#loader.trigger();
      // PostgREST #4880: try once before listening; with reuseport, wait for a good cache.
      await (this.#config.serverReuseport ? this.#loader.loaded() : this.#loader.firstAttemptDone());
      if (this.#stopping) return;
      await this.#startApi();
      if (this.#schemaCache !== null) this.#systemd?.notify('READY=1');
    } catch (error) {
      this.observe({ kind: 'internalError', message: error instanceof Error ? error.message : String(error) });
      await this.stop(1);
    }
  }

  /** SIGUSR1 / NOTIFY 'reload schema'. */
  reloadSchema(): void {
    this.#loader.trigger();
  }

  /** SIGUSR2 / NOTIFY 'reload config': file, environment and in-database settings. */
  async reloadConfig(): Promise<void> {
    const settings = this.#config.dbConfig ? await this.#readInDbSettings() : undefined;
    this.#applyConfig(settings);
  }

  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish, close the pool.
   * Works in every phase, including before the main socket exists.
   */
  async stop(code = 0): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#systemd?.notify('STOPPING=1');
    this.#loader.stop();
    const closing: Array<Promise<void>> = [];
    if (this.#adminServer !== null) closing.push(closeAdmin(this.#adminServer));
    if (this.#apiDrainer !== null) closing.push(this.#apiDrainer.drain(FRESH_CONNECTION_GRACE_MS));
    await Promise.all(closing);
    this.#apiBound = false;
    await this.#listener?.stop();
    await this.#pool.end();
    this.#exit.resolve(code);
  }

  get shuttingDown(): boolean {
    return this.#stopping;
  }

  async #startAdmin(): Promise<void> {
    const c = this.#config;
    let target: BindTarget | null = null;
    if (c.adminServerUnixSocket !== null) {
      target = { kind: 'unix', path: c.adminServerUnixSocket, mode: c.adminServerUnixSocketMode };
    } else if (c.adminServerPort !== null) {
      // Never SO_REUSEPORT: each instance must answer /ready for itself.
      target = { kind: 'tcp', host: c.adminServerHost, port: c.adminServerPort, reusePort: false };
    }
    if (target === null) return;
    const server = createAdminServer({
      live: () => this.#isLive(),
      schemaCacheReady: () => this.#schemaCache !== null && isSchemaCacheReady(this.#loader.status),
      databaseReachable: () => this.#databaseReachable(),
      metrics: () => this.#metrics.registry.metrics(),
      schemaCacheJson: () => (this.#schemaCache === null ? null : JSON.stringify(schemaCacheToJson(this.#schemaCache))),
    });
    this.#adminServer = server;
    this.observe({ kind: 'adminListening', address: await bind(server, target) });
  }

  async #startApi(): Promise<void> {
    const c = this.#config;
    const server = createApiServer({
      handle: (raw) =>
        handle(raw, {
          config: this.#config,
          schemaCache: this.#schemaCache,
          roleSettings: this.#roleSettings,
          schemaCacheStatus: this.#loader.status,
          pool: this.#pool,
          observe: this.observe,
          now: Date.now,
        }),
      observe: this.observe,
      shuttingDown: () => this.#stopping,
    });
    this.#apiDrainer = trackConnections(server);
    const target: BindTarget =
      this.#options.listenFd !== null
        ? { kind: 'fd', fd: this.#options.listenFd }
        : c.serverUnixSocket !== null
          ? { kind: 'unix', path: c.serverUnixSocket, mode: c.serverUnixSocketMode }
          : { kind: 'tcp', host: c.serverHost, port: c.serverPort, reusePort: c.serverReuseport };
    if (target.kind === 'tcp' && target.reusePort) this.#warnAboutMigration();
    const address = await bind(server, target);
    this.#apiBound = true;
    this.observe({ kind: 'apiListening', address });
  }

  /** /live: the main socket is bound, and a unix socket file still exists. */
  #isLive(): boolean {
    if (!this.#apiBound || this.#stopping) return false;
    const socket = this.#options.listenFd === null ? this.#config.serverUnixSocket : null;
    return socket === null || existsSync(socket);
  }

  async #databaseReachable(): Promise<boolean> {
    if (this.#listener !== null) return this.#listener.connected;
    try {
      await this.#pool.use((db) => db.query('select 1'));
      return true;
    } catch {
      return false;
    }
  }

  #startListener(): void {
    const c = this.#config;
    if (!c.dbChannelEnabled || this.#listener !== null) return;
    this.#listener = new Listener({
      settings: withReadWrite(this.#connectionSettings),
      channel: c.dbChannel,
      observe: this.observe,
      onNotification: (kind) => {
        if (kind === 'schema') this.reloadSchema();
        else void this.reloadConfig();
      },
      // Notifications may have been lost while the listener was down, so reload. Unless an attempt
      // is waiting for a session: it gets this new one, after LISTEN, so it already covers them.
      // (Both retry on the same 1, 2, 4 … s schedule, so that race is the common case.)
      onReconnect: () => {
        if (!this.#attemptAwaitsSession) this.reloadSchema();
      },
      onGiveUp: () => {
        this.observe({ kind: 'noRecoveryExit' });
        void this.stop(1);
      },
      automaticRecovery: c.dbPoolAutomaticRecovery,
    });
  }

  async #stopListener(): Promise<void> {
    const listener = this.#listener;
    this.#listener = null;
    await listener?.stop();
  }

  /**
   * Runs `fn` on the control session: the listener's (a primary, see db/listener.ts) when it is
   * enabled, else a pool session. Control work is serialized so two loads never interleave.
   */
  #withControl<T>(fn: (db: DbConnection) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.#listener === null) return this.#pool.use(fn);
      return fn(await this.#listener.connection());
    };
    const result = this.#control.then(run, run);
    this.#control = result.catch(() => {});
    return result;
  }

  /** One schema-cache load attempt: version, in-database config, catalog queries, install. */
  async #loadAttempt(): Promise<void> {
    // How far the attempt got. Getting no session at all (database down, listener backing off, pool
    // cannot connect) fails like the version query does: PostgREST logs it and counts a FAIL then
    // too, since its version query is what hits the dead connection.
    const progress: { stage: 'connect' | 'catalog' | 'fatal' } = { stage: 'connect' };
    this.#attemptAwaitsSession = true;
    try {
      await this.#withControl(async (db) => {
        this.#attemptAwaitsSession = false;
        const c = this.#config;
        const [row] = await db.query<{ num: string; full: string }>(
          "select pg_catalog.current_setting('server_version_num') as num, pg_catalog.version() as full",
        );
        const version = { num: Number(row?.num ?? 0), full: row?.full ?? '' };
        this.#pgVersionNum = version.num;
        this.observe({ kind: 'dbConnected', pgVersion: version.full });
        this.observe({ kind: 'poolInit', size: c.dbPool });
        if (version.num < MIN_PG_VERSION) {
          progress.stage = 'fatal';
          this.observe({ kind: 'unsupportedPgVersion', pgVersion: version.full, minimum: 'PostgreSQL 14' });
          void this.stop(1);
          throw new PgrstError('PGRSTX00', 500, 'Unsupported PostgreSQL version');
        }
        progress.stage = 'catalog';
        if (c.dbConfig) this.#applyConfig(await this.#readInDbSettingsOn(db));
        const config = this.#config;
        const started = performance.now();
        const result = await introspect(db, {
          schemas: config.dbSchemas,
          extraSearchPath: config.dbExtraSearchPath,
          pgVersionNum: version.num,
          sleepBeforeMs: config.internalSchemaCacheQuerySleepBeforeQueries,
          sleepAfterMs: config.internalSchemaCacheQuerySleep,
        });
        // Like PostgREST: "queried" is the database part, "loaded" building the cache from it.
        this.observe({
          kind: 'schemaCacheQueried',
          ms: performance.now() - started - result.deriveMs,
          timings: result.timings,
        });
        const installStarted = performance.now();
        this.#schemaCache = result.cache;
        this.#pool.flush();
        this.observe({
          kind: 'schemaCacheLoaded',
          ms: result.deriveMs + performance.now() - installStarted,
          summary: summarize(result.cache),
        });
        if (this.#apiBound) this.#systemd?.notify('READY=1');
      });
    } catch (error) {
      if (progress.stage === 'fatal') throw error;
      throw this.#attemptFailed(error, progress.stage === 'connect');
    } finally {
      this.#attemptAwaitsSession = false;
    }
  }

  /** Logs a failed attempt the way PostgREST does and decides whether it is fatal. */
  #attemptFailed(error: unknown, beforeVersion: boolean): PgrstError {
    const pgrst = toRequestError(error, false);
    const cause = error instanceof PgrstError ? error.cause : error;
    if (isAuthFailure(cause)) {
      this.observe({ kind: 'fatalDbError', prefix: 'Failed to establish a connection. ', error: pgrst });
      void this.stop(1);
      return pgrst;
    }
    if (beforeVersion) this.observe({ kind: 'pgVersionQueryFailed', error: pgrst });
    const c = this.#config;
    this.observe({
      kind: 'schemaCacheFailed',
      schemas: c.dbSchemas,
      extraSearchPath: c.dbExtraSearchPath,
      error: pgrst,
    });
    return pgrst;
  }

  async #readInDbSettings(): Promise<InDbSettings | undefined> {
    try {
      return await this.#withControl((db) => this.#readInDbSettingsOn(db));
    } catch {
      return undefined;
    }
  }

  async #readInDbSettingsOn(db: DbConnection): Promise<InDbSettings | undefined> {
    try {
      const settings = await readInDbSettings(db, this.#config.dbPreConfig, IN_DB_NAMES);
      return { settings, roles: await this.#readRoleSettingsOn(db) };
    } catch (error) {
      this.observe({ kind: 'configReadFailed', error: toRequestError(error, false) });
      return undefined;
    }
  }

  /**
   * Like PostgREST, a failure is logged and leaves no role settings. Before the first load the
   * version is unknown (0): only user-context settings count until the load reads them again.
   */
  async #readRoleSettingsOn(db: DbConnection): Promise<RoleSettings> {
    try {
      return await readRoleSettings(db, this.#pgVersionNum);
    } catch (error) {
      this.observe({ kind: 'roleSettingsFailed', error: toRequestError(error, false) });
      return NO_ROLE_SETTINGS;
    }
  }

  /** Re-reads file and environment, merges in-database settings, keeps non-reloadable keys. */
  #applyConfig(inDb: InDbSettings | undefined): void {
    const path = this.#options.configFile;
    let next: AppConfig;
    try {
      next = loadConfig({
        file: path === null ? null : readConfigFile(path),
        env: this.#options.env,
        previousDbUri: this.#config.dbUri,
        ...(inDb === undefined ? {} : { db: inDb.settings }),
      });
    } catch (error) {
      this.observe({ kind: 'configInvalid', message: error instanceof ConfigError ? error.message : String(error) });
      return;
    }
    const previous = this.#config;
    this.#config = mergeReloadable(previous, next);
    if (inDb !== undefined) this.#roleSettings = inDb.roles;
    else if (!this.#config.dbConfig) this.#roleSettings = NO_ROLE_SETTINGS;
    this.#logger.setLevel(this.#config.logLevel);
    this.observe({ kind: 'configReloaded' });
    if (previous.dbChannelEnabled !== this.#config.dbChannelEnabled || previous.dbChannel !== this.#config.dbChannel) {
      void this.#stopListener().then(() => {
        if (!this.#stopping) this.#startListener();
      });
    }
  }

  #warnAboutMigration(): void {
    const path = '/proc/sys/net/ipv4/tcp_migrate_req';
    if (!existsSync(path)) return;
    if (readFileSync(path, 'utf8').trim() === '1') return;
    this.observe({
      kind: 'warning',
      message:
        'server-reuseport is on but net.ipv4.tcp_migrate_req is 0: connections still queued on this instance when it stops are reset instead of handed to the next one. Set sysctl net.ipv4.tcp_migrate_req=1 for zero-downtime handover.',
    });
  }
}

/** The admin server has no long requests to wait for. */
function closeAdmin(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
