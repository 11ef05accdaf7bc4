// db-uri → libpq keyword/value pairs, following libpq's own rules for both connection-string forms:
// `postgresql://user:pw@host:port,host2/db?k=v` URIs and `host=x port=5432 password='a b'` strings.

import { ConfigError } from './config-error.ts';

/**
 * The keywords libpq accepts (PostgreSQL 18). A keyword outside this list is an error, as in libpq,
 * so that a typo such as `sslmod=require` fails at startup instead of being ignored.
 */
export const LIBPQ_KEYWORDS: ReadonlySet<string> = new Set([
  'application_name',
  'channel_binding',
  'client_encoding',
  'connect_timeout',
  'dbname',
  'fallback_application_name',
  'gssdelegation',
  'gssencmode',
  'gsslib',
  'host',
  'hostaddr',
  'keepalives',
  'keepalives_count',
  'keepalives_idle',
  'keepalives_interval',
  'krbsrvname',
  'load_balance_hosts',
  'max_protocol_version',
  'min_protocol_version',
  'oauth_client_id',
  'oauth_client_secret',
  'oauth_issuer',
  'oauth_scope',
  'options',
  'passfile',
  'password',
  'port',
  'replication',
  'require_auth',
  'requirepeer',
  'scram_client_key',
  'scram_server_key',
  'service',
  'ssl_max_protocol_version',
  'ssl_min_protocol_version',
  'sslcert',
  'sslcertmode',
  'sslcompression',
  'sslcrl',
  'sslcrldir',
  'sslkey',
  'sslkeylogfile',
  'sslmode',
  'sslnegotiation',
  'sslpassword',
  'sslrootcert',
  'sslsni',
  'target_session_attrs',
  'tcp_user_timeout',
  'user',
]);

const URI_PREFIXES = ['postgresql://', 'postgres://'] as const;

/** libpq's test for which form a connection string uses: the URI prefixes, else `=` anywhere. */
export function isConnectionUri(text: string): boolean {
  return URI_PREFIXES.some((prefix) => text.startsWith(prefix));
}

/**
 * Parses a db-uri into libpq keyword/value pairs. Keys absent from the result fall back to libpq's
 * defaults and PG* environment variables, so `postgresql://` alone gives `{}`.
 *
 *   parseDbUri('postgres://app:s%40cret@[::1]:5433/shop?sslmode=require')
 *     → { user: 'app', password: 's@cret', host: '::1', port: '5433', dbname: 'shop', sslmode: 'require' }
 *   parseDbUri("host=/run/postgresql dbname=shop password='it\\'s here'")
 *     → { host: '/run/postgresql', dbname: 'shop', password: "it's here" }
 */
export function parseDbUri(uri: string): Record<string, string> {
  if (isConnectionUri(uri)) return parseUri(uri);
  if (uri.includes('=') || uri.trim() === '') return parseKeyValue(uri);
  throw invalid('expected a postgresql:// URI or libpq key=value pairs');
}

// db-uri values often carry a password, so errors never echo the whole input.
function invalid(problem: string): ConfigError {
  return ConfigError.invalidValue('db-uri', problem);
}

function store(result: Record<string, string>, keyword: string, value: string, context: string): void {
  // libpq's JDBC courtesy: ?ssl=true (URI form only) means sslmode=require.
  if (keyword === 'ssl' && value === 'true' && context === 'URI query parameter') {
    result.sslmode = 'require';
    return;
  }
  // Pre-8.4 spelling libpq still honours: requiressl=1 → require, anything else → prefer.
  if (keyword === 'requiressl') {
    result.sslmode = value.startsWith('1') ? 'require' : 'prefer';
    return;
  }
  if (!LIBPQ_KEYWORDS.has(keyword)) throw invalid(`unknown ${context} "${keyword}"`);
  result[keyword] = value;
}

// ---------------------------------------------------------------------------------------------------
// URI form: postgresql://[user[:password]@][host[:port]][,host[:port]...][/dbname][?keyword=value&...]

function parseUri(uri: string): Record<string, string> {
  const result: Record<string, string> = {};
  const prefix = URI_PREFIXES.find((p) => uri.startsWith(p)) ?? '';
  let p = prefix.length;

  // Credentials end at the first '@' seen before any '/': passwords may contain '?' or ':' unencoded.
  const at = scanUntil(uri, p, '@/');
  if (uri[at] === '@') {
    const userEnd = scanUntil(uri, p, ':@');
    const user = uri.slice(p, userEnd);
    if (user !== '') result.user = decode(user);
    if (uri[userEnd] === ':') {
      const password = uri.slice(userEnd + 1, at);
      if (password !== '') result.password = decode(password);
    }
    p = at + 1;
  }

  // One or more host[:port] pairs separated by commas; libpq keeps them as comma lists.
  const hosts: string[] = [];
  const ports: string[] = [];
  let terminator: string | undefined;
  for (;;) {
    let host: string;
    if (uri[p] === '[') {
      const close = uri.indexOf(']', p + 1);
      if (close === -1) throw invalid('missing "]" after an IPv6 host address');
      host = uri.slice(p + 1, close);
      if (host === '') throw invalid('empty IPv6 host address in brackets');
      p = close + 1;
      const after = uri[p];
      if (after !== undefined && !':/?,'.includes(after)) {
        throw invalid(`unexpected "${after}" after an IPv6 host address (expected ":", "/", "?" or ",")`);
      }
    } else {
      const end = scanUntil(uri, p, ':/?,');
      host = uri.slice(p, end);
      p = end;
    }
    hosts.push(host);
    let port = '';
    if (uri[p] === ':') {
      const end = scanUntil(uri, p + 1, '/?,');
      port = uri.slice(p + 1, end);
      p = end;
    }
    ports.push(port);
    terminator = uri[p];
    if (terminator !== ',') break;
    p++;
  }
  const hostList = hosts.join(',');
  const portList = ports.join(',');
  if (hostList !== '') result.host = decode(hostList);
  // Several hosts without ports give a port list of bare commas, as in libpq (each empty item = default).
  if (portList !== '') result.port = decode(portList);

  if (terminator === '/') {
    const end = scanUntil(uri, p + 1, '?');
    const dbname = uri.slice(p + 1, end);
    // An empty dbname would force libpq's default (the user name) and hide PGDATABASE, so leave it out.
    if (dbname !== '') result.dbname = decode(dbname);
    p = end;
    terminator = uri[p];
  }

  if (terminator === '?') parseQuery(uri.slice(p + 1), result);
  return result;
}

function scanUntil(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length && !stops.includes(text.charAt(i))) i++;
  return i;
}

/** `k=v&k2=v2`: each part needs exactly one '='; keyword and value are percent-decoded; later wins. */
function parseQuery(query: string, result: Record<string, string>): void {
  if (query === '') return;
  for (const param of query.split('&')) {
    const eq = param.indexOf('=');
    if (eq === -1) throw invalid(`query parameter "${param}" has no "="`);
    if (param.indexOf('=', eq + 1) !== -1) throw invalid(`query parameter "${param}" has more than one "="`);
    const keyword = decode(param.slice(0, eq));
    store(result, keyword, decode(param.slice(eq + 1)), 'URI query parameter');
  }
}

/**
 * Percent-decoding as libpq does it: `%XX` is a byte (the result is read as UTF-8), `+` stays `+`,
 * `%00` is refused, and spaces are trimmed at both ends but refused inside.
 */
function decode(text: string): string {
  const trimmed = text.replace(/^ +| +$/g, '');
  if (trimmed.includes(' ')) throw invalid('spaces inside the URI must be written %20');
  const bytes: number[] = [];
  for (let i = 0; i < trimmed.length; ) {
    const c = trimmed.charAt(i);
    if (c !== '%') {
      const cp = trimmed.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
      continue;
    }
    const hex = trimmed.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid(`invalid percent-encoding "${trimmed.slice(i, i + 3)}"`);
    const byte = Number.parseInt(hex, 16);
    if (byte === 0) throw invalid('%00 is not allowed');
    bytes.push(byte);
    i += 3;
  }
  return Buffer.from(bytes).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------
// key=value form: keyword = value pairs separated by whitespace; values may be 'single quoted';
// a backslash escapes the next character, inside or outside quotes.

function parseKeyValue(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  let p = 0;
  const isWs = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  for (;;) {
    while (isWs(text[p])) p++;
    if (p >= text.length) return result;
    const keyStart = p;
    while (p < text.length && text[p] !== '=' && !isWs(text[p])) p++;
    const keyword = text.slice(keyStart, p);
    while (isWs(text[p])) p++;
    if (text[p] !== '=') throw invalid(`missing "=" after "${keyword}"`);
    p++;
    while (isWs(text[p])) p++;
    let value = '';
    if (text[p] === "'") {
      p++;
      for (;;) {
        const c = text[p];
        if (c === undefined) throw invalid(`unterminated quoted value for "${keyword}"`);
        if (c === '\\') {
          const next = text[p + 1];
          if (next !== undefined) value += next;
          p += 2;
        } else if (c === "'") {
          p++;
          break;
        } else {
          value += c;
          p++;
        }
      }
    } else {
      while (p < text.length && !isWs(text[p])) {
        const c = text.charAt(p);
        if (c === '\\') {
          const next = text[p + 1];
          if (next !== undefined) value += next;
          p += 2;
        } else {
          value += c;
          p++;
        }
      }
    }
    store(result, keyword, value, 'connection option');
  }
}
