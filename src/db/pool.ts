// The connection pool (PostgREST: AppState/Pool.hs over hasql-pool): at most `size` sessions,
// requests wait up to the acquisition timeout (then 504 PGRST003), sessions are retired after
// max-lifetime or max-idletime, and flush() retires every session after a schema reload so no
// request runs on a stale catalog or prepared statement.

import type { Observer } from '../app/observation.ts';
import { ConnectionError } from '../errors/connection-error.ts';
import { PgrstError } from '../errors/pgrst-error.ts';
import { DbConnection } from './connection.ts';
import type { ConnectionSettings } from './connection-settings.ts';

export interface PoolConfig {
  readonly settings: ConnectionSettings;
  readonly size: number;
  readonly acquisitionTimeoutMs: number;
  readonly maxLifetimeMs: number;
  readonly maxIdleMs: number;
  readonly observe: Observer;
}

interface Waiter {
  readonly resolve: (connection: DbConnection) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

export class Pool {
  readonly #config: PoolConfig;
  /** Idle sessions, most recently used last (LIFO keeps the warm ones busy). */
  readonly #idle: DbConnection[] = [];
  readonly #waiters: Waiter[] = [];
  /** Sessions open or being opened. */
  #open = 0;
  #inUse = 0;
  /** Bumped by flush(); sessions from an older generation are closed instead of reused. */
  #generation = 0;
  readonly #generations = new WeakMap<DbConnection, number>();
  readonly #sweeper: NodeJS.Timeout;
  #ended = false;

  constructor(config: PoolConfig) {
    this.#config = config;
    // Sweeps at least every second, and no faster than every 100 ms even for db-pool-max-idletime = 0.
    this.#sweeper = setInterval(() => this.#sweepIdle(), Math.max(100, Math.min(1000, config.maxIdleMs))).unref();
  }

  stats(): { max: number; open: number; inUse: number; waiting: number } {
    return { max: this.#config.size, open: this.#open, inUse: this.#inUse, waiting: this.#waiters.length };
  }

  acquire(): Promise<DbConnection> {
    if (this.#ended) return Promise.reject(ConnectionError.connection('the connection pool is closed\n'));
    for (let c = this.#idle.pop(); c !== undefined; c = this.#idle.pop()) {
      if (this.#reusable(c)) {
        this.#inUse++;
        return Promise.resolve(c);
      }
      this.#retireUnusable(c);
    }
    if (this.#open < this.#config.size) return this.#connect();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        const error = ConnectionError.acquisitionTimeout();
        this.#config.observe({ kind: 'poolAcquisitionTimeout', error });
        reject(error);
      }, this.#config.acquisitionTimeoutMs);
      const waiter: Waiter = { resolve, reject, timer };
      this.#waiters.push(waiter);
    });
  }

  /** Returns a session. Broken or outdated ones are closed and their slot goes to a waiter. */
  release(connection: DbConnection): void {
    this.#inUse--;
    if (!this.#reusable(connection)) {
      this.#retireUnusable(connection);
      this.#serveWaiter();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      clearTimeout(waiter.timer);
      this.#inUse++;
      waiter.resolve(connection);
      return;
    }
    connection.lastReleasedAt = Date.now();
    this.#idle.push(connection);
  }

  /** Runs `fn` on a session and always gives it back. */
  async use<T>(fn: (connection: DbConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await fn(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Retires every session: idle ones now, busy ones when they come back. */
  flush(): void {
    this.#generation++;
    for (const c of this.#idle.splice(0)) this.#retire(c, 'is terminated due to release');
    this.#config.observe({ kind: 'poolFlushed' });
  }

  async end(): Promise<void> {
    this.#ended = true;
    clearInterval(this.#sweeper);
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(ConnectionError.connection('the connection pool is closed\n'));
    }
    await Promise.all(this.#idle.splice(0).map((c) => c.close()));
  }

  async #connect(): Promise<DbConnection> {
    this.#open++;
    this.#inUse++;
    try {
      const connection = await DbConnection.open(this.#config.settings);
      this.#generations.set(connection, this.#generation);
      this.#config.observe({
        kind: 'poolConnection',
        id: connection.id,
        event: 'is available due to connection establishment',
      });
      return connection;
    } catch (error) {
      this.#open--;
      this.#inUse--;
      this.#serveWaiter();
      throw error instanceof PgrstError ? error : ConnectionError.connection(String(error), error);
    }
  }

  /** A slot freed up: open a session for the longest waiter. */
  #serveWaiter(): void {
    if (this.#open >= this.#config.size) return;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    this.#connect().then(waiter.resolve, waiter.reject);
  }

  #reusable(c: DbConnection): boolean {
    return (
      !c.broken &&
      !this.#ended &&
      this.#generations.get(c) === this.#generation &&
      Date.now() - c.createdAt < this.#config.maxLifetimeMs
    );
  }

  /** Closes a session #reusable refused, saying why as hasql-pool does. */
  #retireUnusable(c: DbConnection): void {
    if (c.broken) this.#retire(c, 'is terminated due to network error');
    else if (Date.now() - c.createdAt >= this.#config.maxLifetimeMs)
      this.#retire(c, 'is terminated due to max lifetime');
    else this.#retire(c, 'is terminated due to release');
  }

  #retire(
    c: DbConnection,
    event:
      | 'is terminated due to max lifetime'
      | 'is terminated due to max idletime'
      | 'is terminated due to release'
      | 'is terminated due to network error',
  ): void {
    this.#open--;
    this.#config.observe({ kind: 'poolConnection', id: c.id, event });
    void c.close();
  }

  #sweepIdle(): void {
    const cutoff = Date.now() - this.#config.maxIdleMs;
    for (let i = this.#idle.length - 1; i >= 0; i--) {
      const c = this.#idle[i];
      if (c !== undefined && c.lastReleasedAt < cutoff) {
        this.#idle.splice(i, 1);
        this.#retire(c, 'is terminated due to max idletime');
      }
    }
  }
}
