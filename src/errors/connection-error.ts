// PGRST0xx: the database or the schema cache is not available (PostgREST: Error.hs, connection group).

import { PgrstError } from './pgrst-error.ts';

export class ConnectionError extends PgrstError {
  /** The pool could not open a connection; details carry the driver's text. */
  static connection(details: string | null, cause?: unknown): ConnectionError {
    return new ConnectionError('PGRST000', 503, 'Database connection error.', { details, cause });
  }

  /** An open connection failed under a request, e.g. the server went away. */
  static client(details: string | null, cause?: unknown): ConnectionError {
    return new ConnectionError('PGRST001', 503, 'Database client error. Retrying the connection.', { details, cause });
  }

  /** No schema cache has been loaded yet. */
  static noSchemaCache(): ConnectionError {
    return new ConnectionError('PGRST002', 503, 'Could not query the database for the schema cache. Retrying.');
  }

  static acquisitionTimeout(): ConnectionError {
    return new ConnectionError('PGRST003', 504, 'Timed out acquiring connection from connection pool.');
  }
}
