// Runs several statements in ONE round trip: every Parse/Bind/Execute and a single Sync go out
// as one buffer in one write. Without an explicit BEGIN the statements share PostgreSQL's implicit
// transaction, which commits at the Sync or rolls back on the first error — so the request's
// set_config() calls (role, claims, search_path) apply to the main statement and are gone after it.
// This is the heart of restgres' speed: PostgREST waits for BEGIN, set_config, main and COMMIT one
// after the other (see docs/architecture.md).
//
// It plugs into node-postgres as a "submittable" (the interface pg-cursor uses), so the driver
// still owns the socket, authentication and message parsing.

import type { Connection } from 'pg';
import { serialize } from 'pg-protocol';

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

  /**
   * Called by pg when the connection is ready for us. The messages are serialized into one
   * buffer: a single write is measurably cheaper than pg's corked writev of one buffer per message.
   */
  submit(connection: Connection): null {
    const wire = connection as unknown as { stream: { write(b: Buffer): boolean } };
    const chunks: Buffer[] = [];
    for (const name of this.#closeFirst) chunks.push(serialize.close({ type: 'S', name }));
    for (const s of this.#statements) {
      if (s.parse) chunks.push(serialize.parse({ text: s.text, name: s.name, types: [] }));
      chunks.push(serialize.bind({ statement: s.name, portal: '', values: s.values as unknown[] }));
      chunks.push(serialize.execute({ portal: '', rows: 0 }));
    }
    chunks.push(serialize.sync());
    wire.stream.write(Buffer.concat(chunks));
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
