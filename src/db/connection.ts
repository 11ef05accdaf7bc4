// One PostgreSQL session: the only place that holds a node-postgres Client. It keeps the session's
// prepared statements (named by SQL text) and runs request pipelines and control queries.

import pg from 'pg';
import { ConnectionError } from '../errors/connection-error.ts';
import type { ConnectionSettings } from './connection-settings.ts';
import { type ConnectTarget, connectFailureText } from './db-error.ts';
import { type ParamValue, Pipeline, type PipelineStatement, type StatementResult } from './pipeline.ts';

export interface Statement {
  readonly text: string;
  readonly values: ReadonlyArray<ParamValue>;
}

/** Prepared statements kept per session before the least recently used is closed. */
const MAX_PREPARED = 1000;

let nextConnectionId = 1;

export class DbConnection {
  readonly id = nextConnectionId++;
  readonly createdAt = Date.now();
  readonly target: ConnectTarget | null;
  lastReleasedAt = this.createdAt;
  /** Set when the socket failed or the server ended the session. */
  broken = false;
  readonly #closed = Promise.withResolvers<void>();
  /** Resolves when the session ends for any reason. */
  readonly closed: Promise<void> = this.#closed.promise;
  readonly #client: pg.Client;
  /** SQL text → statement name, least recently used first. */
  readonly #prepared = new Map<string, string>();
  /** Names whose Parse went out with a failed batch: Close them before reusing anything. */
  #uncertain: string[] = [];
  #nextStatement = 0;

  private constructor(client: pg.Client, target: ConnectTarget | null) {
    this.#client = client;
    this.target = target;
    // An idle session can die (pg_terminate_backend, server restart); pg then emits 'error',
    // which would crash the process if nobody listened.
    const lost = (): void => {
      this.broken = true;
      this.#closed.resolve();
    };
    client.on('error', lost);
    client.on('end', lost);
  }

  /**
   * Connects to the first target that accepts and satisfies target_session_attrs.
   * @throws ConnectionError PGRST000 with libpq-like details, or the server's error (e.g. 28P01)
   *   as `cause`.
   */
  static async open(settings: ConnectionSettings): Promise<DbConnection> {
    const targets: ReadonlyArray<ConnectTarget | null> = settings.targets.length > 0 ? settings.targets : [null];
    let lastError: unknown = null;
    let lastTarget: ConnectTarget | null = null;
    for (const target of targets) {
      const client = new pg.Client(target === null ? settings.base : { ...settings.base, ...target });
      client.on('error', () => {});
      try {
        await client.connect();
      } catch (error) {
        lastError = error;
        lastTarget = target ?? { host: client.host, port: client.port };
        continue;
      }
      const connection = new DbConnection(client, target ?? { host: client.host, port: client.port });
      if (await connection.#satisfies(settings.targetSessionAttrs)) return connection;
      await connection.close();
      lastError = new Error(`session is not ${settings.targetSessionAttrs}`);
      lastTarget = connection.target;
    }
    throw ConnectionError.connection(connectFailureText(lastError, lastTarget), lastError);
  }

  async #satisfies(attrs: ConnectionSettings['targetSessionAttrs']): Promise<boolean> {
    if (attrs === 'any') return true;
    const rows = await this.query<{ ro: string; recovery: boolean }>(
      "select current_setting('transaction_read_only') as ro, pg_catalog.pg_is_in_recovery() as recovery",
    );
    const row = rows[0];
    if (row === undefined) return false;
    switch (attrs) {
      case 'read-write':
        return row.ro === 'off';
      case 'read-only':
        return row.ro === 'on';
      case 'primary':
        return !row.recovery;
      case 'standby':
      case 'prefer-standby':
        return row.recovery;
    }
  }

  /**
   * Runs the statements in one round trip (see pipeline.ts).
   * @param options.prepare name and cache the statements (db-prepared-statements), or use unnamed ones.
   * @param options.rollbackOnError the statements open a transaction block (BEGIN) that a failure
   *   leaves aborted, holding its locks: roll it back before the session runs anything else.
   */
  async run(
    statements: ReadonlyArray<Statement>,
    options: { readonly prepare: boolean; readonly rollbackOnError: boolean },
  ): Promise<ReadonlyArray<StatementResult>> {
    const { prepare } = options;
    const parsedNow: string[] = [];
    const closeFirst = this.#uncertain;
    this.#uncertain = [];
    const wire: PipelineStatement[] = statements.map((s) => {
      if (!prepare) return { text: s.text, values: s.values, name: '', parse: true };
      const existing = this.#prepared.get(s.text);
      if (existing !== undefined) {
        this.#prepared.delete(s.text);
        this.#prepared.set(s.text, existing);
        return { text: s.text, values: s.values, name: existing, parse: false };
      }
      const name = `r${this.#nextStatement++}`;
      this.#prepared.set(s.text, name);
      parsedNow.push(s.text);
      return { text: s.text, values: s.values, name, parse: true };
    });
    for (const [text, name] of this.#prepared) {
      if (this.#prepared.size <= MAX_PREPARED) break;
      this.#prepared.delete(text);
      closeFirst.push(name);
    }
    const pipeline = new Pipeline(wire, closeFirst);
    this.#client.query(pipeline);
    try {
      return await pipeline.promise;
    } catch (error) {
      for (const text of parsedNow) {
        const name = this.#prepared.get(text);
        if (name === undefined) continue;
        this.#prepared.delete(text);
        this.#uncertain.push(name);
      }
      // Queued now, so it runs before whatever the next user of the session sends.
      if (options.rollbackOnError) this.#client.query('rollback').catch(() => {});
      throw error;
    }
  }

  /** The server's `server_version_num`, e.g. 180004. */
  async serverVersionNum(): Promise<number> {
    const [row] = await this.query<{ num: string }>("select pg_catalog.current_setting('server_version_num') as num");
    return Number(row?.num ?? 0);
  }

  /** A control query (version, settings, catalog): plain node-postgres, rows as objects. */
  async query<R extends object>(text: string, values: ReadonlyArray<unknown> = []): Promise<R[]> {
    const result = await this.#client.query(text, values as unknown[]);
    return result.rows as R[];
  }

  /** Subscribes to NOTIFY payloads on this session. */
  onNotification(listener: (channel: string, payload: string) => void): void {
    this.#client.on('notification', (msg) => listener(msg.channel, msg.payload ?? ''));
  }

  async close(): Promise<void> {
    this.broken = true;
    try {
      await this.#client.end();
    } catch {
      // Already gone: nothing to close.
    }
  }
}
