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
  const pairs: Array<readonly [string, string]> = [
    ['search_path', [settings.schema, ...settings.extraSearchPath].map(quoteIdent).join(', ')],
    ['role', settings.role],
    ['request.jwt.claims', settings.claims],
    ['request.method', settings.method],
    ['request.path', settings.path],
    ['request.headers', settings.headers],
    ['request.cookies', settings.cookies],
  ];
  if (settings.timezone !== null) pairs.push(['timezone', settings.timezone]);
  for (const [k, v] of settings.appSettings) pairs.push([`app.settings.${k}`, v]);
  const values: Array<string | null> = [];
  for (const [k, v] of pairs) values.push(k, v);
  return [{ text: setConfigText(pairs.length, settings.readOnly), values }, ...statements];
}

/** The statement text only depends on how many settings there are: built once per shape. */
const setConfigTexts = new Map<string, string>();

function setConfigText(count: number, readOnly: boolean): string {
  const key = `${count}:${readOnly}`;
  let text = setConfigTexts.get(key);
  if (text === undefined) {
    const calls: SqlNode[] = Array.from(
      { length: count },
      () => sql`pg_catalog.set_config(${param(null)}, ${param(null)}, true)`,
    );
    // Read-only is switched on here rather than by BEGIN: turning it on is allowed at any point of
    // a transaction, and it spares the pipeline a BEGIN/COMMIT pair.
    if (readOnly) calls.push(sql`pg_catalog.set_config('transaction_read_only', 'on', true)`);
    text = compile(sql`select ${join(calls, sql`, `)}`).text;
    setConfigTexts.set(key, text);
  }
  return text;
}
