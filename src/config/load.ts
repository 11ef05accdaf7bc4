// Builds the effective AppConfig from the config file, PGRST_* variables and in-database settings
// (PostgREST: Config.hs readAppConfig). Every problem is thrown as a one-line ConfigError.

import { readFileSync } from 'node:fs';
import { editDistance } from '../util/fuzzy-set.ts';
import type { AppConfig } from './app-config.ts';
import { ConfigError } from './config-error.ts';
import { type ConfigBindings, type ConfigValue, parseConfigFile } from './config-file.ts';
import { parseDbUri } from './db-uri.ts';
import {
  APP_SETTINGS_ENV_PREFIX,
  APP_SETTINGS_PREFIX,
  CONFIG_KEYS,
  configKey,
  findConfigKey,
  IN_DB_PREFIX,
  LOG_LEVELS,
  OPENAPI_MODES,
  TX_ENDS,
  toEnvVarName,
  VERBOSITIES,
} from './keys.ts';

export interface ConfigFileSource {
  readonly path: string;
  readonly text: string;
}

export interface ConfigSources {
  /** The config file named on the command line, already read (readConfigFile); null when there is none. */
  readonly file: ConfigFileSource | null;
  /**
   * The process environment. PGRST_<KEY> variables set keys (unknown PGRST_* names are ignored),
   * and `$(NAME)` inside the file's strings reads any variable.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * In-database settings (db-config), highest precedence. Names may be spelled `pgrst.db_schemas`,
   * `db_schemas` or `db-schemas`; names of keys PostgREST does not read from the database are ignored.
   */
  readonly db?: ReadonlyMap<string, string>;
  /**
   * On a reload, the db-uri in effect. db-uri is not reloadable, and PostgREST does not read its
   * `@file` again then (it may have been `@/dev/stdin`); the value is used as is.
   */
  readonly previousDbUri?: string;
}

/**
 * Precedence, per key: database > environment > file > default. Within one source the canonical name
 * beats its aliases (`db-schemas` over `db-schema`). The source that sets a key decides it, even with an
 * empty string, which means "unset" (the default) for every key except db-extra-search-path.
 */
export function loadConfig(sources: ConfigSources): AppConfig {
  const bindings: ConfigBindings =
    sources.file === null
      ? new Map()
      : parseConfigFile(sources.file.text, {
          path: sources.file.path,
          env: sources.env,
          readImport: (path) => readConfigFile(path).text,
        });
  rejectUnknownFileKeys(bindings);
  const read = createKeyReader(bindings, sources.env, normalizeDbSettings(sources.db));

  const serverHost = read.text('server-host') ?? '!4';
  const serverPort = read.port('server-port') ?? 3000;
  const serverUnixSocket = read.text('server-unix-socket');
  const adminServerPort = read.port('admin-server-port');
  const adminServerUnixSocket = read.text('admin-server-unix-socket');
  // Two TCP listeners cannot share a port; a unix socket on either side means there is no clash.
  if (
    adminServerPort !== null &&
    adminServerPort !== 0 &&
    adminServerPort === serverPort &&
    serverUnixSocket === null &&
    adminServerUnixSocket === null
  ) {
    throw ConfigError.invalidValue('admin-server-port', `cannot be the same as server-port (${serverPort})`);
  }

  const jwtSecretIsBase64 = read.boolean('jwt-secret-is-base64') ?? false;
  const jwtSecret = read.fileReference('jwt-secret', chompNewline);
  if (jwtSecret !== null) validateJwtSecret(jwtSecret, jwtSecretIsBase64);
  const dbUri = sources.previousDbUri ?? read.fileReference('db-uri', (text) => text.trim()) ?? 'postgresql://';
  parseDbUri(dbUri);

  return {
    adminServerHost: read.text('admin-server-host') ?? serverHost,
    adminServerPort,
    adminServerUnixSocket,
    adminServerUnixSocketMode: read.socketMode('admin-server-unix-socket-mode') ?? 0o660,
    appSettings: readAppSettings(bindings, sources.env),
    clientErrorVerbosity: read.enumeration('client-error-verbosity', VERBOSITIES) ?? 'verbose',
    dbAggregatesEnabled: read.boolean('db-aggregates-enabled') ?? false,
    dbAnonRole: read.text('db-anon-role'),
    dbChannel: read.text('db-channel') ?? 'pgrst',
    dbChannelEnabled: read.boolean('db-channel-enabled') ?? true,
    dbConfig: read.boolean('db-config') ?? true,
    dbExtraSearchPath: read.list('db-extra-search-path', { emptyMeansNone: true }) ?? ['public'],
    dbHoistedTxSettings: read.list('db-hoisted-tx-settings') ?? [
      'statement_timeout',
      'plan_filter.statement_cost_limit',
      'default_transaction_isolation',
    ],
    dbMaxRows: read.integer('db-max-rows', 0),
    dbPlanEnabled: read.boolean('db-plan-enabled') ?? false,
    dbPool: read.integer('db-pool', 1) ?? 10,
    dbPoolAcquisitionTimeout: read.integer('db-pool-acquisition-timeout', 0) ?? 10,
    dbPoolAutomaticRecovery: read.boolean('db-pool-automatic-recovery') ?? true,
    dbPoolMaxIdletime: read.integer('db-pool-max-idletime', 0) ?? 30,
    dbPoolMaxLifetime: read.integer('db-pool-max-lifetime', 0) ?? 1800,
    dbPreConfig: read.text('db-pre-config'),
    dbPreRequest: read.text('db-pre-request'),
    dbPreparedStatements: read.boolean('db-prepared-statements') ?? true,
    dbRootSpec: read.text('db-root-spec'),
    dbSchemas: readDbSchemas(read),
    dbTxEnd: read.enumeration('db-tx-end', TX_ENDS) ?? 'commit',
    dbUri,
    jwtAud: readJwtAud(read),
    jwtCacheMaxEntries: read.integer('jwt-cache-max-entries', 0) ?? 1000,
    jwtRoleClaimKey: read.text('jwt-role-claim-key') ?? '$.role',
    jwtSecret,
    jwtSecretIsBase64,
    logLevel: read.enumeration('log-level', LOG_LEVELS) ?? 'error',
    logQuery: read.boolean('log-query') ?? false,
    openapiMode: read.enumeration('openapi-mode', OPENAPI_MODES) ?? 'follow-privileges',
    openapiSecurityActive: read.boolean('openapi-security-active') ?? false,
    openapiServerProxyUri: readProxyUri(read),
    serverCorsAllowedOrigins: read.list('server-cors-allowed-origins'),
    serverHost,
    serverPort,
    serverReuseport: read.boolean('server-reuseport') ?? false,
    serverTimingEnabled: read.boolean('server-timing-enabled') ?? false,
    serverTraceHeader: read.text('server-trace-header'),
    serverUnixSocket,
    serverUnixSocketMode: read.socketMode('server-unix-socket-mode') ?? 0o660,
    urlUseLegacyTargetNames: read.boolean('url-use-legacy-target-names') ?? true,
    internalSchemaCacheQuerySleep: read.integer('internal-schema-cache-query-sleep', 0),
    internalSchemaCacheQuerySleepBeforeQueries: read.integer('internal-schema-cache-query-sleep-before-queries', 0),
  };
}

/** Reads the config file named on the command line; a missing or unreadable file is a ConfigError. */
export function readConfigFile(path: string): ConfigFileSource {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${describeFsError(error)}`, { cause: error });
  }
}

/**
 * The jwt-secret as bytes: base64 (and base64url, `.` as padding) decoded when jwt-secret-is-base64,
 * else its UTF-8 text. Null for text that is not strict, padded base64 (loadConfig refuses it).
 */
export function decodeJwtSecret(secret: string, isBase64: boolean): Buffer | null {
  if (!isBase64) return Buffer.from(secret, 'utf8');
  const normalized = secret.replaceAll('.', '=').replaceAll('-', '+').replaceAll('_', '/').trim();
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(normalized)) return null;
  return Buffer.from(normalized, 'base64');
}

// ---------------------------------------------------------------------------------------------------
// Sources

function normalizeDbSettings(db: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> {
  const byKey = new Map<string, string>();
  if (db === undefined) return byKey;
  for (const [name, value] of db) {
    const bare = name.startsWith(IN_DB_PREFIX) ? name.slice(IN_DB_PREFIX.length) : name;
    const k = findConfigKey(bare.replaceAll('_', '-'));
    // PostgREST only queries the in-DB names; anything else (an alias, server-port) has no effect there.
    if (k !== undefined && k.inDbName !== null && k.name === bare.replaceAll('_', '-')) byKey.set(k.name, value);
  }
  return byKey;
}

function rejectUnknownFileKeys(bindings: ConfigBindings): void {
  for (const binding of bindings.values()) {
    if (findConfigKey(binding.key) !== undefined) continue;
    if (binding.key.startsWith(APP_SETTINGS_PREFIX)) continue;
    const hint = suggestKey(binding.key);
    throw new ConfigError(
      `Unknown key "${binding.key}" in config file ${binding.path} at line ${binding.line}${hint === null ? '' : ` (did you mean "${hint}"?)`}`,
      { key: binding.key },
    );
  }
}

// Names PostgREST used to have; an old config file most likely means the new name.
const RENAMED_KEYS: ReadonlyMap<string, string> = new Map([
  ['server-proxy-uri', 'openapi-server-proxy-uri'],
  ['jwt-cache-max-lifetime', 'jwt-cache-max-entries'],
]);

function suggestKey(unknown: string): string | null {
  const renamed = RENAMED_KEYS.get(unknown);
  if (renamed !== undefined) return renamed;
  let best: string | null = null;
  let bestDistance = 3; // more than two edits away is a different word, not a typo
  for (const k of CONFIG_KEYS) {
    if (k.internal || k.name === 'app.settings.*') continue;
    const d = editDistance(unknown, k.name);
    if (d < bestDistance) {
      best = k.name;
      bestDistance = d;
    }
  }
  return best;
}

/** `app.settings.*` from the file, in file order; PGRST_APP_SETTINGS_<NAME> overrides or adds (sorted). */
function readAppSettings(bindings: ConfigBindings, env: Env): ReadonlyArray<readonly [string, string]> {
  const settings = new Map<string, string>();
  for (const binding of bindings.values()) {
    if (!binding.key.startsWith(APP_SETTINGS_PREFIX)) continue;
    settings.set(binding.key.slice(APP_SETTINGS_PREFIX.length), valueToText(binding.key, binding.value));
  }
  const fromEnv = Object.keys(env)
    .filter((name) => name.startsWith(APP_SETTINGS_ENV_PREFIX) && name.length > APP_SETTINGS_ENV_PREFIX.length)
    .sort();
  for (const name of fromEnv) {
    const value = env[name];
    if (value !== undefined) settings.set(name.slice(APP_SETTINGS_ENV_PREFIX.length), value);
  }
  return [...settings];
}

// ---------------------------------------------------------------------------------------------------
// Typed reads of one key

type Env = Readonly<Record<string, string | undefined>>;

/** Typed accessors for one key each; every accessor returns null when the key is unset. */
interface KeyReader {
  /** A string; empty counts as unset. */
  text(name: string): string | null;
  /** A value that may be `@/path`: then the file's content, passed through `clean`. */
  fileReference(name: string, clean: (content: string) => string): string | null;
  integer(name: string, min: number): number | null;
  port(name: string): number | null;
  boolean(name: string): boolean | null;
  enumeration<T extends string>(name: string, values: ReadonlyArray<T>): T | null;
  /**
   * A comma-separated list, items trimmed. An empty string means unset (the default), or no items
   * with emptyMeansNone. Empty items (`a,,b`, a trailing comma) are refused.
   */
  list(name: string, options?: { readonly emptyMeansNone?: boolean }): ReadonlyArray<string> | null;
  /** An octal file mode such as "660" (a bare 660 in the file works too), between 600 and 777. */
  socketMode(name: string): number | null;
}

function createKeyReader(file: ConfigBindings, env: Env, db: ReadonlyMap<string, string>): KeyReader {
  /** The value from the highest-precedence source that sets the key (canonical name before aliases). */
  const raw = (name: string): ConfigValue | undefined => {
    const k = configKey(name);
    const names = [k.name, ...k.aliases];
    const fromDb = k.inDbName === null ? undefined : db.get(k.name);
    if (fromDb !== undefined) return { kind: 'string', value: fromDb };
    for (const n of names) {
      const fromEnv = env[toEnvVarName(n)];
      if (fromEnv !== undefined) return { kind: 'string', value: fromEnv };
    }
    for (const n of names) {
      const fromFile = file.get(n);
      if (fromFile !== undefined) return fromFile.value;
    }
    return undefined;
  };

  const text = (name: string): string | null => {
    const value = raw(name);
    if (value === undefined) return null;
    const t = valueToText(name, value);
    return t === '' ? null : t;
  };

  const integer = (name: string, min: number): number | null => {
    const value = raw(name);
    if (value === undefined || isEmpty(value)) return null;
    const n = valueToInteger(name, value);
    if (n < min) throw ConfigError.invalidValue(name, `${show(value)} is below the minimum of ${min}`);
    return n;
  };

  return {
    text,
    integer,

    fileReference(name, clean) {
      const t = text(name);
      if (t === null || !t.startsWith('@')) return t;
      const path = t.slice(1);
      try {
        return clean(readFileSync(path, 'utf8'));
      } catch (error) {
        throw ConfigError.invalidValue(name, `cannot read file ${path}: ${describeFsError(error)}`, error);
      }
    },

    port(name) {
      const value = raw(name);
      if (value === undefined || isEmpty(value)) return null;
      const n = valueToInteger(name, value);
      if (n < 0 || n > 65535) throw ConfigError.invalidValue(name, `${show(value)} is not a port number (0 to 65535)`);
      return n;
    },

    boolean(name) {
      const value = raw(name);
      if (value === undefined || isEmpty(value)) return null;
      return valueToBoolean(name, value);
    },

    enumeration(name, values) {
      const t = text(name);
      if (t === null) return null;
      const match = values.find((v) => v === t);
      if (match === undefined) {
        throw ConfigError.invalidValue(name, `${JSON.stringify(t)} is not one of ${values.join(', ')}`);
      }
      return match;
    },

    list(name, options = {}) {
      const value = raw(name);
      if (value === undefined) return null;
      const t = valueToText(name, value);
      if (t === '') return options.emptyMeansNone === true ? [] : null;
      const items = t.split(',').map((item) => item.trim());
      if (items.includes('')) throw ConfigError.invalidValue(name, `${JSON.stringify(t)} has an empty item`);
      return items;
    },

    socketMode(name) {
      const t = text(name);
      if (t === null) return null;
      if (!/^[0-7]+$/.test(t)) throw ConfigError.invalidValue(name, `${JSON.stringify(t)} is not an octal mode`);
      const mode = Number.parseInt(t, 8);
      if (mode < 0o600 || mode > 0o777) {
        throw ConfigError.invalidValue(name, `${JSON.stringify(t)} is not between 600 and 777`);
      }
      return mode;
    },
  };
}

function isEmpty(value: ConfigValue): boolean {
  return value.kind === 'string' && value.value === '';
}

/** How a value appears in error messages: strings quoted, file literals as written. */
function show(value: ConfigValue): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
      return value.text;
    case 'bool':
      return String(value.value);
    case 'list':
      return 'a list';
    default:
      return value satisfies never;
  }
}

function valueToText(name: string, value: ConfigValue): string {
  switch (value.kind) {
    case 'string':
      return value.value;
    // A bare number or boolean given to a string key is taken as written (`server-unix-socket-mode = 660`).
    case 'number':
      return value.text;
    case 'bool':
      return String(value.value);
    case 'list':
      throw ConfigError.invalidValue(name, 'a [list] is not accepted here; write the value as a "string"');
    default:
      return value satisfies never;
  }
}

const INTEGER = /^-?\d+$/;

function valueToInteger(name: string, value: ConfigValue): number {
  let n: number | null = null;
  if (value.kind === 'number') n = value.value;
  if (value.kind === 'string' && INTEGER.test(value.value.trim())) n = Number(value.value.trim());
  if (n === null || !Number.isSafeInteger(n)) throw ConfigError.invalidValue(name, `${show(value)} is not an integer`);
  return n;
}

/** true/false in any case, quoted or not; a whole number means true when it is above 0. */
function valueToBoolean(name: string, value: ConfigValue): boolean {
  if (value.kind === 'bool') return value.value;
  if (value.kind === 'number' && Number.isInteger(value.value)) return value.value > 0;
  if (value.kind === 'string') {
    // Quotes kept by a shell or an env file (PGRST_DB_CONFIG="false" taken literally) are tolerated.
    const text = value.value.trim().replace(/^(["'])(.*)\1$/, '$2');
    const lower = text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (INTEGER.test(text)) return BigInt(text) > 0n;
  }
  throw ConfigError.invalidValue(name, `${show(value)} is not a boolean (true or false)`);
}

function describeFsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's text is "ENOENT: no such file or directory, open '/x'"; the path is already in our message.
  return error.message.replace(/, \w+(?: '.*')?$/, '');
}

function chompNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

// ---------------------------------------------------------------------------------------------------
// Keys with their own rules

const FORBIDDEN_SCHEMAS = ['pg_catalog', 'information_schema'];

function readDbSchemas(read: KeyReader): ReadonlyArray<string> {
  const schemas = read.list('db-schemas') ?? ['public'];
  const forbidden = schemas.find((s) => FORBIDDEN_SCHEMAS.includes(s));
  if (forbidden !== undefined) throw ConfigError.invalidValue('db-schemas', `schema "${forbidden}" cannot be exposed`);
  return schemas;
}

function readJwtAud(read: KeyReader): string | null {
  const aud = read.text('jwt-aud');
  if (aud === null) return null;
  // PostgREST: an audience with ':' is meant as a URI (StringOrURI, RFC 7519) and must be a valid one.
  if (aud.includes(':') && parseUri(aud) === null) {
    throw ConfigError.invalidValue('jwt-aud', `${JSON.stringify(aud)} contains ":" but is not a valid URI`);
  }
  return aud;
}

function readProxyUri(read: KeyReader): string | null {
  const uri = read.text('openapi-server-proxy-uri');
  if (uri !== null && !isValidProxyUri(uri)) {
    throw ConfigError.invalidValue(
      'openapi-server-proxy-uri',
      `${JSON.stringify(uri)} is not an http(s) URI with a host and without user info or query, e.g. https://example.com:8443/api`,
    );
  }
  return uri;
}

function validateJwtSecret(secret: string, isBase64: boolean): void {
  const bytes = decodeJwtSecret(secret, isBase64);
  if (bytes === null) throw ConfigError.invalidValue('jwt-secret', 'not valid base64 (jwt-secret-is-base64 is true)');
  // A JWK or JWKS carries its own key material; only a plain HMAC secret has a minimum length.
  if (!looksLikeJwk(bytes) && bytes.length < 32) {
    throw ConfigError.invalidValue('jwt-secret', 'the secret must be at least 32 characters long');
  }
}

function looksLikeJwk(bytes: Buffer): boolean {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return false;
    return 'kty' in parsed || ('keys' in parsed && Array.isArray(parsed.keys));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// RFC 3986 URIs (for jwt-aud and openapi-server-proxy-uri; PostgREST uses Haskell's Network.URI)

interface Uri {
  readonly scheme: string;
  readonly authority: { readonly userinfo: string | null; readonly host: string; readonly port: string | null } | null;
  readonly query: string | null;
  readonly fragment: string | null;
}

const UNRESERVED_SUBDELIMS = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const USERINFO = new RegExp(`^(?:[${UNRESERVED_SUBDELIMS}:]|${PCT})*$`);
const REG_NAME = new RegExp(`^(?:[${UNRESERVED_SUBDELIMS}]|${PCT})*$`);
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$/;
const PATH = new RegExp(`^(?:[${UNRESERVED_SUBDELIMS}:@/]|${PCT})*$`);
const QUERY_OR_FRAGMENT = new RegExp(`^(?:[${UNRESERVED_SUBDELIMS}:@/?]|${PCT})*$`);

/** An absolute URI (scheme required, fragment allowed), or null when the text is not one. */
function parseUri(text: string): Uri | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s.exec(text);
  if (m === null) return null;
  const [, scheme = '', authorityText, path = '', query, fragment] = m;
  if (!PATH.test(path)) return null;
  if (query !== undefined && !QUERY_OR_FRAGMENT.test(query)) return null;
  if (fragment !== undefined && !QUERY_OR_FRAGMENT.test(fragment)) return null;
  if (authorityText === undefined) {
    return { scheme, authority: null, query: query ?? null, fragment: fragment ?? null };
  }
  const at = authorityText.lastIndexOf('@');
  const userinfo = at === -1 ? null : authorityText.slice(0, at);
  const hostPort = authorityText.slice(at + 1);
  // The port follows the last ':' outside an [IPv6] literal; a reg-name or IPv4 host has no ':' itself.
  const close = hostPort.startsWith('[') ? hostPort.indexOf(']') : -1;
  const colon = hostPort.indexOf(':', close + 1);
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const port = colon === -1 ? null : hostPort.slice(colon + 1);
  if (userinfo !== null && !USERINFO.test(userinfo)) return null;
  if (!(REG_NAME.test(host) || IP_LITERAL.test(host))) return null;
  if (port !== null && !/^\d*$/.test(port)) return null;
  return { scheme, authority: { userinfo, host, port }, query: query ?? null, fragment: fragment ?? null };
}

/** PostgREST's rule: http(s), a host, no user info, no query, no fragment, and a port in 1–65535 if given. */
function isValidProxyUri(text: string): boolean {
  const uri = parseUri(text);
  if (uri === null || uri.fragment !== null || uri.query !== null || uri.authority === null) return false;
  const scheme = uri.scheme.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return false;
  const { userinfo, host, port } = uri.authority;
  if (userinfo !== null || host === '') return false;
  if (port === null) return true;
  const n = Number(port);
  return port !== '' && n > 0 && n < 65536;
}
