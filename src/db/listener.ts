// LISTEN on db-channel over a session of its own (PostgREST: AppState/Reload.hs, the listener).
// It reconnects with backoff 1, 2, 4 … 32 s and, after a reconnect, asks for a schema reload
// because notifications sent meanwhile are lost. Its session always goes to a primary
// (read-write), and the schema cache is loaded over it (App's control session in app/app.ts), so a pool
// pointed at lagging replicas cannot install a stale cache (PostgREST #4842).

import type { Observer } from '../app/observation.ts';
import { ConnectionError } from '../errors/connection-error.ts';
import { quoteIdent } from '../query/identifiers.ts';
import { backoffSeconds } from '../util/backoff.ts';
import { DbConnection } from './connection.ts';
import type { ConnectionSettings } from './connection-settings.ts';

export type NotificationKind = 'schema' | 'config';

export interface ListenerConfig {
  readonly settings: ConnectionSettings;
  readonly channel: string;
  readonly observe: Observer;
  readonly onNotification: (kind: NotificationKind) => void;
  /** The session came back after a failure: notifications may have been missed. */
  readonly onReconnect: () => void;
  /** Called instead of retrying when db-pool-automatic-recovery is off. */
  readonly onGiveUp: () => void;
  readonly automaticRecovery: boolean;
}

export class Listener {
  readonly #config: ListenerConfig;
  #connection: DbConnection | null = null;
  /** The connect attempt in flight, so a schema load can wait for it. */
  #connecting: Promise<DbConnection> | null = null;
  #lastError = 'not connected\n';
  #stopped = false;
  #wake: (() => void) | null = null;
  readonly #done: Promise<void>;

  constructor(config: ListenerConfig) {
    this.#config = config;
    this.#done = this.#run();
  }

  get connected(): boolean {
    return this.#connection !== null && !this.#connection.broken;
  }

  /**
   * The listener's session for control queries. Waits for a connect attempt in flight; fails
   * with the last error while the listener is backing off.
   */
  async connection(): Promise<DbConnection> {
    if (this.#connection !== null && !this.#connection.broken) return this.#connection;
    if (this.#connecting !== null) return this.#connecting;
    throw ConnectionError.connection(this.#lastError);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    const connection = this.#connection;
    this.#connection = null;
    await connection?.close();
    await this.#done;
  }

  async #run(): Promise<void> {
    const { channel, observe } = this.#config;
    let failures = 0;
    while (!this.#stopped) {
      try {
        this.#connecting = this.#connect();
        const connection = await this.#connecting;
        this.#connecting = null;
        if (this.#stopped) {
          await connection.close();
          return;
        }
        this.#connection = connection;
        if (failures > 0) this.#config.onReconnect();
        failures = 0;
        await connection.closed;
        this.#connection = null;
        if (this.#stopped) return;
        this.#lastError = 'the listener connection was closed\n';
        observe({ kind: 'listenerFailed', channel, message: 'Connection closed' });
      } catch (error) {
        this.#connecting = null;
        if (this.#stopped) return;
        this.#lastError =
          error instanceof ConnectionError && typeof error.details === 'string' ? error.details : String(error);
        observe({ kind: 'listenerFailed', channel, message: singleLine(this.#lastError) });
      }
      if (!this.#config.automaticRecovery) {
        this.#config.onGiveUp();
        return;
      }
      const delay = backoffSeconds(failures++);
      observe({ kind: 'listenerRetry', delaySeconds: delay });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay * 1000);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  async #connect(): Promise<DbConnection> {
    const { channel, observe } = this.#config;
    const connection = await DbConnection.open(this.#config.settings);
    try {
      const [row] = await connection.query<{ version: string }>('select pg_catalog.version() as version');
      connection.onNotification((ch, payload) => {
        if (ch !== channel) return;
        if (payload === '' || payload === 'reload schema') {
          observe({ kind: 'listenerGotSchemaMessage', channel });
          this.#config.onNotification('schema');
        } else if (payload === 'reload config') {
          observe({ kind: 'listenerGotConfigMessage', channel });
          this.#config.onNotification('config');
        }
      });
      await connection.query(`LISTEN ${quoteIdent(channel)}`);
      const target = connection.target;
      const address =
        target === null ? '' : target.host.startsWith('/') ? target.host : `${target.host}:${target.port}`;
      observe({ kind: 'listenerStart', pgVersion: pgVersionName(row?.version ?? ''), address, channel });
      return connection;
    } catch (error) {
      await connection.close();
      throw error instanceof ConnectionError ? error : ConnectionError.client(String(error), error);
    }
  }
}

/** `PostgreSQL 18.4 on x86_64-pc-linux-gnu, compiled by …` → `PostgreSQL 18.4`. */
export function pgVersionName(version: string): string {
  const m = /^(PostgreSQL \S+)/.exec(version);
  return m?.[1] ?? version;
}

function singleLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replaceAll('\t', ''))
    .filter((l) => l !== '')
    .join(' ');
}
