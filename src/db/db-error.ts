// Driver errors → PgrstErrors, in one place. A server ErrorResponse keeps its SQLSTATE; anything
// else is a connection problem: PGRST000 while connecting, PGRST001 on an open connection.

import { ConnectionError } from '../errors/connection-error.ts';
import { DatabaseError } from '../errors/database-error.ts';
import type { PgrstError } from '../errors/pgrst-error.ts';
import { PgrstError as PgrstErrorClass } from '../errors/pgrst-error.ts';

/** The fields node-postgres puts on a server error (pg-protocol's DatabaseError). */
interface ServerErrorLike {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly severity?: string;
}

export function isServerError(error: unknown): error is ServerErrorLike {
  return (
    error instanceof Error &&
    'severity' in error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(error.code)
  );
}

/** Authentication failures are not retried: PostgREST exits on them. */
export function isAuthFailure(error: unknown): boolean {
  return isServerError(error) && (error.code === '28P01' || error.code === '28000');
}

export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
}

/** A libpq-style text for errors raised before the server answered, e.g. connection refused. */
export function connectFailureText(error: unknown, target: ConnectTarget | null): string {
  const where =
    target === null
      ? 'connection to server'
      : target.host.startsWith('/')
        ? `connection to server on socket "${target.host}/.s.PGSQL.${target.port}"`
        : `connection to server at "${target.host}", port ${target.port}`;
  if (isServerError(error)) return `${where} failed: FATAL:  ${error.message}\n`;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  // A server that is going down may accept and then drop the connection: libpq says it this way.
  if (code === 'ECONNRESET' || (error instanceof Error && error.message === 'Connection terminated unexpectedly')) {
    return `${where} failed: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return target?.host.startsWith('/')
        ? `${where} failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n`
        : `${where} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n`;
    case 'ENOENT':
      return `${where} failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not translate host name "${target?.host ?? ''}" to address: Name or service not known\n`;
  }
  return `${where} failed: ${error instanceof Error ? error.message : String(error)}\n`;
}

/** An error from a statement on an open connection. */
export function toRequestError(error: unknown, anonymous: boolean): PgrstError {
  if (error instanceof PgrstErrorClass) return error;
  if (isServerError(error)) return DatabaseError.fromPg(error, anonymous);
  const text = error instanceof Error ? error.message : String(error);
  return ConnectionError.client(text.endsWith('\n') ? text : `${text}\n`, error);
}
