// Support for the read integration tests: the read fixture in a database of its own, restgres
// started on it as a child process, and exact assertions on status, headers and body.
import assert from 'node:assert/strict';
import { type FixtureDatabase, startFixtureDatabase } from '../../fixtures/fixture-db.ts';
import { type HttpResponse, httpRequest } from '../../support/http.ts';
import { type RestgresProcess, startRestgres, stopAllRestgres } from '../../support/restgres.ts';

/** A restgres on the fixture database: requests, and the process for its logs. */
export interface ReadClient extends Pick<ReadServer, 'get' | 'request'> {
  readonly process: RestgresProcess;
}

export interface ReadServer {
  readonly db: FixtureDatabase;
  /** `path` is sent as written, after WHATWG URL normalisation (spaces, quotes and unicode get %-encoded). */
  request(method: string, path: string, headers?: Readonly<Record<string, string>>): Promise<HttpResponse>;
  get(path: string, headers?: Readonly<Record<string, string>>): Promise<HttpResponse>;
  /** Another restgres on the same database with extra settings (e.g. db-max-rows). */
  withSettings(env: Readonly<Record<string, string>>): Promise<ReadClient>;
  stop(): Promise<void>;
}

const BASE_ENV = {
  PGRST_DB_SCHEMAS: 'api,archive',
  PGRST_DB_ANON_ROLE: 'anon',
  PGRST_LOG_LEVEL: 'crit',
};

/** The fixture in database `name` (one per test file), and restgres on it with the default settings. */
export async function startReadServer(name: string): Promise<ReadServer> {
  const db = await startFixtureDatabase(name);
  const spawn = async (env: Readonly<Record<string, string>>) => {
    const proc = await startRestgres({
      env: { ...BASE_ENV, PGRST_DB_URI: db.authenticatorUri, ...env },
      wait: 'ready',
      timeoutMs: 30_000,
    });
    return client(proc);
  };
  try {
    const main = await spawn({});
    return {
      db,
      ...main,
      withSettings: spawn,
      stop: async () => {
        await stopAllRestgres();
        await db.close();
      },
    };
  } catch (err) {
    await stopAllRestgres();
    await db.close();
    throw err;
  }
}

function client(proc: RestgresProcess): ReadClient {
  const request = (method: string, path: string, headers: Readonly<Record<string, string>> = {}) =>
    httpRequest(proc.url(path), { method, headers });
  return { process: proc, request, get: (path, headers) => request('GET', path, headers) };
}

export interface ExpectedResponse {
  readonly status: number;
  /** Lowercased names; null = must be absent. Unlisted headers are not checked. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: string;
}

/** Exact status, the listed headers and the exact body. */
export function assertResponse(res: HttpResponse, expected: ExpectedResponse): void {
  const actual: Record<string, unknown> = { status: res.status };
  const wanted: Record<string, unknown> = { status: expected.status };
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const got = res.headers[name];
    actual[name] = got === undefined ? null : Array.isArray(got) ? got.join(', ') : got;
    wanted[name] = value;
  }
  if (expected.body !== undefined) {
    actual.body = res.body;
    wanted.body = expected.body;
  }
  assert.deepEqual(actual, wanted);
}

/** PostgREST's top-level JSON array: elements joined as PostgreSQL's json_agg joins them. */
export function jsonRows(...rows: ReadonlyArray<string | Record<string, unknown>>): string {
  const texts = rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row)));
  return `[${texts.join(', \n ')}]`;
}

/** A PostgREST error body: compact, keys in alphabetical order. */
export function errorJson(code: string, message: string, details: string | null = null, hint: string | null = null) {
  return JSON.stringify({ code, details, hint, message });
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The headers every successful read carries (Vary is v16's; api and archive are both exposed). */
export function readHeaders(contentRange: string, extra: Readonly<Record<string, string | null>> = {}) {
  return {
    'content-type': JSON_TYPE,
    'content-range': contentRange,
    'content-profile': 'api',
    vary: 'Accept, Prefer, Range',
    ...extra,
  };
}

/** The headers of an error response (v16: Proxy-Status, no Vary). */
export function errorHeaders(code: string, extra: Readonly<Record<string, string | null>> = {}) {
  return { 'content-type': JSON_TYPE, 'proxy-status': `PostgREST; error=${code}`, vary: null, ...extra };
}
