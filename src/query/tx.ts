// The statements around every request's own (PostgREST: Query/PreQuery.hs): one set_config() call
// for search_path, the role's settings, role, claims and request data, then the db-pre-request
// function. db/pipeline.ts sends them with the request's statements in one round trip, inside
// PostgreSQL's implicit transaction — or inside BEGIN … COMMIT when the role asks for a stricter
// isolation level, which can only be chosen before the transaction's first query.

import type { Statement } from '../db/connection.ts';
import type { IsolationLevel } from '../db/role-settings.ts';
import { quoteIdent, splitFunctionName } from './identifiers.ts';
import { type CompiledSql, compile, ident, join, param, qualified, type SqlNode, sql } from './sql.ts';

export interface TxSettings {
  readonly schema: string;
  readonly extraSearchPath: ReadonlyArray<string>;
  readonly role: string;
  /** The role's own settings (ALTER ROLE … SET), applied before switching to it. */
  readonly roleSettings: ReadonlyArray<readonly [string, string]>;
  readonly isolation: IsolationLevel;
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
  /** db-pre-request: `[schema.]function`. */
  readonly preRequest: string | null;
}

export interface Transaction {
  readonly statements: ReadonlyArray<Statement>;
  /** Where the caller's statements start in `statements` (and in the pipeline's results). */
  readonly first: number;
  /** BEGIN … COMMIT: after an error the session stays in the failed transaction until ROLLBACK. */
  readonly explicit: boolean;
}

/** Wraps the request's statements in the settings, the pre-request call and the isolation level. */
export function transaction(settings: TxSettings, statements: ReadonlyArray<CompiledSql>): Transaction {
  const pairs: Array<readonly [string, string]> = [
    ['search_path', [settings.schema, ...settings.extraSearchPath].map(quoteIdent).join(', ')],
    ...settings.roleSettings,
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
  const explicit = settings.isolation !== 'read committed';
  const before: Statement[] = [];
  if (explicit) before.push({ text: beginText(settings.isolation, settings.readOnly), values: [] });
  before.push({ text: setConfigText(pairs.length, settings.readOnly && !explicit), values });
  if (settings.preRequest !== null) before.push({ text: preRequestText(settings.preRequest), values: [] });
  const all = [...before, ...statements];
  if (explicit) all.push({ text: COMMIT, values: [] });
  return { statements: all, first: before.length, explicit };
}

const ISOLATION: Readonly<Record<IsolationLevel, SqlNode>> = {
  'read committed': sql`read committed`,
  'repeatable read': sql`repeatable read`,
  serializable: sql`serializable`,
};

const COMMIT = compile(sql`commit`).text;

function beginText(isolation: IsolationLevel, readOnly: boolean): string {
  return compile(sql`begin isolation level ${ISOLATION[isolation]} ${readOnly ? sql`read only` : sql`read write`}`)
    .text;
}

/** The statement text only depends on how many settings there are and on read-only: built once per shape. */
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

function preRequestText(name: string): string {
  const fn = splitFunctionName(name);
  return compile(sql`select ${fn.schema === null ? ident(fn.name) : qualified(fn.schema, fn.name)}()`).text;
}
