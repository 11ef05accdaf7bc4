// Runs several statements in ONE round trip: every Parse/Bind/Execute goes out in one write,
// followed by a single Sync. Without an explicit BEGIN the statements share PostgreSQL's implicit
// transaction, which commits at the Sync or rolls back on the first error — so the request's
// set_config() calls (role, claims, search_path) apply to the main statement and are gone after it.
// This is the heart of restgres' speed: PostgREST waits for BEGIN, set_config, main and COMMIT one
// after the other (see docs/architecture.md).
//
// It plugs into node-postgres as a "submittable" (the interface pg-cursor uses), so the driver
// still owns the socket, authentication and message parsing.

import type { Connection } from 'pg';

export type ParamValue = string | null;

export interface PipelineStatement {
  readonly text: string;
  readonly values: ReadonlyArray<ParamValue>;
  /** Prepared statement name, or '' for the unnamed statement. */
  readonly name: string;
  /** False when the named statement is already prepared on this connection. */
  readonly parse: boolean;
}

export interface StatementResult {
  /** Text-format fields, one array per row. */
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>;
  /** The command tag, e.g. `SELECT 1`. */
  readonly command: string;
}

/** The wire calls we use; pg's Connection has them but its typings omit a few. */
interface WireConnection {
  readonly stream: { cork?: () => void; uncork?: () => void };
  parse(query: { text: string; name: string; types: number[] }): void;
  bind(config: { statement: string; portal: string; values: ReadonlyArray<ParamValue> }): void;
  execute(config: { portal: string; rows: number }): void;
  close(msg: { type: 'S'; name: string }): void;
  sync(): void;
}

interface DataRowMessage {
  readonly fields: ReadonlyArray<string | null>;
}

interface CommandCompleteMessage {
  readonly text: string;
}

export class Pipeline {
  readonly #statements: ReadonlyArray<PipelineStatement>;
  readonly #closeFirst: ReadonlyArray<string>;
  readonly #results: StatementResult[] = [];
  #rows: Array<ReadonlyArray<string | null>> = [];
  #settled = false;
  readonly #outcome = Promise.withResolvers<ReadonlyArray<StatementResult>>();
  readonly promise = this.#outcome.promise;

  /**
   * @param closeFirst prepared statement names to Close before anything else: statements whose
   *   Parse went out with a batch that failed, so we cannot tell whether they exist.
   */
  constructor(statements: ReadonlyArray<PipelineStatement>, closeFirst: ReadonlyArray<string> = []) {
    this.#statements = statements;
    this.#closeFirst = closeFirst;
  }

  /** Called by pg when the connection is ready for us. */
  submit(connection: Connection): null {
    const wire = connection as unknown as WireConnection;
    wire.stream.cork?.();
    try {
      for (const name of this.#closeFirst) wire.close({ type: 'S', name });
      for (const s of this.#statements) {
        if (s.parse) wire.parse({ text: s.text, name: s.name, types: [] });
        wire.bind({ statement: s.name, portal: '', values: s.values });
        wire.execute({ portal: '', rows: 0 });
      }
      wire.sync();
    } finally {
      wire.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(): void {}

  handleDataRow(msg: DataRowMessage): void {
    this.#rows.push(msg.fields);
  }

  handleCommandComplete(msg: CommandCompleteMessage): void {
    this.#results.push({ rows: this.#rows, command: msg.text });
    this.#rows = [];
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete({ text: '' });
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(): void {}

  handleCopyData(): void {}

  /** pg forgets us after an error (it clears its active query), so settle right away. */
  handleError(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#outcome.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#outcome.resolve(this.#results);
  }
}
