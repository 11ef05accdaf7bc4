// The statement that opens every request (PostgREST: Query/PreQuery.hs): one set_config() call
// for search_path, role, claims and request data. db/pipeline.ts sends it with the request's
// statements in one round trip inside one implicit transaction.

import type { Statement } from '../db/connection.ts';
import { quoteIdent } from './identifiers.ts';
import { type CompiledSql, compile, join, param, type SqlNode, sql } from './sql.ts';

export interface TxSettings {
  readonly schema: string;
  readonly extraSearchPath: ReadonlyArray<string>;
  readonly role: string;
  /** JSON text of the claims, `role` included. */
  readonly claims: string;
  readonly method: string;
  readonly path: string;
  /** JSON text: lower-cased header names, cookie left out. */
  readonly headers: string;
  /** JSON text of the parsed cookies. */
  readonly cookies: string;
  readonly readOnly: boolean;
  /** Prefer: timezone=…, passed to PostgreSQL unchecked as in v16. */
  readonly timezone: string | null;
  readonly appSettings: ReadonlyArray<readonly [string, string]>;
}

/** [the set_config statement, ...statements]. */
export function txStatements(settings: TxSettings, statements: ReadonlyArray<CompiledSql>): ReadonlyArray<Statement> {
  const searchPath = [settings.schema, ...settings.extraSearchPath].map(quoteIdent).join(', ');
  const set = (name: string, value: string): SqlNode =>
    sql`pg_catalog.set_config(${param(name)}, ${param(value)}, true)`;
  const calls: SqlNode[] = [
    set('search_path', searchPath),
    set('role', settings.role),
    set('request.jwt.claims', settings.claims),
    set('request.method', settings.method),
    set('request.path', settings.path),
    set('request.headers', settings.headers),
    set('request.cookies', settings.cookies),
    ...(settings.timezone === null ? [] : [set('timezone', settings.timezone)]),
    ...settings.appSettings.map(([k, v]) => set(`app.settings.${k}`, v)),
  ];
  // Read-only is switched on here rather than by BEGIN: turning it on is allowed at any point of
  // a transaction, and it spares the pipeline a BEGIN/COMMIT pair.
  if (settings.readOnly) calls.push(sql`pg_catalog.set_config('transaction_read_only', 'on', true)`);
  return [compile(sql`select ${join(calls, sql`, `)}`), ...statements];
}
