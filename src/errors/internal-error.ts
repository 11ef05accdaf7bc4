// PGRSTX00: a failure that is our fault, not the client's. Details stay out of the response.

import { PgrstError } from './pgrst-error.ts';

export class InternalError extends PgrstError {
  static from(cause: unknown): InternalError {
    return new InternalError('PGRSTX00', 500, 'Internal server error', { cause });
  }
}
