// The catalog of PostgREST v16 configuration keys (behavior.md §8.2): names, aliases, types, defaults,
// environment and in-database names, reloadability, and whether restgres implements the feature yet.

import type { AppConfig, LogLevel, OpenApiMode, TxEnd, Verbosity } from './app-config.ts';

export type KeyType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'enum'
  | 'list'
  | 'octal'
  | 'path'
  | 'uri'
  | 'function'
  | 'json-path'
  | 'connection-string'
  | 'header-name';

export interface ConfigKey {
  /** Canonical name as written in a config file, e.g. `db-schemas`; `app.settings.*` for the settings family. */
  readonly name: string;
  /** Older names PostgREST still reads, in the file and as PGRST_ variables (never from the database). */
  readonly aliases: ReadonlyArray<string>;
  /** The AppConfig field that holds the effective value. */
  readonly field: keyof AppConfig;
  readonly type: KeyType;
  /** The admitted values of an `enum` key. */
  readonly values: ReadonlyArray<string>;
  readonly unit: 'seconds' | 'milliseconds' | null;
  /** The default as it would be written in a config file (unquoted); null when the key is unset by default. */
  readonly defaultValue: string | null;
  /** Says more about the default when the value alone would mislead (a fallback to another key, libpq defaults). */
  readonly defaultNote: string | null;
  /** Whether a config reload (SIGUSR2, `NOTIFY pgrst, 'reload config'`) applies a new value. */
  readonly reloadable: boolean;
  /** `pgrst.<key with _>` when PostgREST reads the key from the database (db-config), else null. */
  readonly inDbName: string | null;
  /** False while restgres parses, validates and dumps the key but does not implement its feature yet. */
  readonly supported: boolean;
  /** Test knobs: read from the file and environment, never dumped nor listed in the example file. */
  readonly internal: boolean;
  /** `PGRST_<KEY with - → _, uppercased>`. */
  readonly envVar: string;
  /** One sentence for the docs and the example file. */
  readonly summary: string;
}

export const APP_SETTINGS_PREFIX = 'app.settings.';
export const APP_SETTINGS_ENV_PREFIX = 'PGRST_APP_SETTINGS_';
export const IN_DB_PREFIX = 'pgrst.';

export const LOG_LEVELS = ['crit', 'error', 'warn', 'info', 'debug'] as const satisfies ReadonlyArray<LogLevel>;
export const OPENAPI_MODES = [
  'follow-privileges',
  'ignore-privileges',
  'disabled',
] as const satisfies ReadonlyArray<OpenApiMode>;
export const TX_ENDS = [
  'commit',
  'commit-allow-override',
  'rollback',
  'rollback-allow-override',
] as const satisfies ReadonlyArray<TxEnd>;
export const VERBOSITIES = ['verbose', 'minimal'] as const satisfies ReadonlyArray<Verbosity>;

/** PGRST_DB_SCHEMAS for db-schemas: the rule PostgREST applies to every key and alias. */
export function toEnvVarName(name: string): string {
  return `PGRST_${name.replaceAll('-', '_').toUpperCase()}`;
}

/** pgrst.db_schemas for db-schemas. */
export function toInDbName(name: string): string {
  return `${IN_DB_PREFIX}${name.replaceAll('-', '_')}`;
}

interface KeySpec {
  readonly field: keyof AppConfig;
  readonly type: KeyType;
  readonly summary: string;
  readonly default?: string;
  readonly defaultNote?: string;
  readonly aliases?: ReadonlyArray<string>;
  readonly values?: ReadonlyArray<string>;
  readonly unit?: 'seconds' | 'milliseconds';
  readonly reloadable: boolean;
  readonly inDb: boolean;
  readonly supported: boolean;
  readonly internal?: boolean;
}

function key(name: string, spec: KeySpec): ConfigKey {
  return {
    name,
    aliases: spec.aliases ?? [],
    field: spec.field,
    type: spec.type,
    values: spec.values ?? [],
    unit: spec.unit ?? null,
    defaultValue: spec.default ?? null,
    defaultNote: spec.defaultNote ?? null,
    reloadable: spec.reloadable,
    inDbName: spec.inDb ? toInDbName(name) : null,
    supported: spec.supported,
    internal: spec.internal ?? false,
    envVar: name === 'app.settings.*' ? `${APP_SETTINGS_ENV_PREFIX}*` : toEnvVarName(name),
    summary: spec.summary,
  };
}

/** Every key, sorted by name (the order of `--dump-config`), internal knobs last. */
export const CONFIG_KEYS: ReadonlyArray<ConfigKey> = [
  key('admin-server-host', {
    field: 'adminServerHost',
    type: 'string',
    summary: 'Address the admin server binds to; accepts the same special values as server-host.',
    defaultNote: 'the value of server-host',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('admin-server-port', {
    field: 'adminServerPort',
    type: 'integer',
    summary: 'TCP port of the admin server (/live, /ready, /metrics, /schema_cache); unset means no admin server.',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('admin-server-unix-socket', {
    field: 'adminServerUnixSocket',
    type: 'path',
    summary: 'Unix socket for the admin server; takes precedence over admin-server-port.',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('admin-server-unix-socket-mode', {
    field: 'adminServerUnixSocketMode',
    type: 'octal',
    summary: 'File mode of the admin unix socket, between 600 and 777.',
    default: '660',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('app.settings.*', {
    field: 'appSettings',
    type: 'string',
    summary: "Arbitrary settings made available to SQL as current_setting('app.settings.<name>') in every request.",
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('client-error-verbosity', {
    field: 'clientErrorVerbosity',
    type: 'enum',
    values: VERBOSITIES,
    summary: 'verbose: error bodies carry code, message, details and hint; minimal: only code and message.',
    default: 'verbose',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-aggregates-enabled', {
    field: 'dbAggregatesEnabled',
    type: 'boolean',
    summary: 'Allow aggregate functions (count(), sum(), ...) in the select parameter.',
    default: 'false',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-anon-role', {
    field: 'dbAnonRole',
    type: 'string',
    summary: 'Role used for requests without a JWT; unset means anonymous requests are refused.',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-channel', {
    field: 'dbChannel',
    type: 'string',
    summary: 'Channel LISTENed to for reload notifications.',
    default: 'pgrst',
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('db-channel-enabled', {
    field: 'dbChannelEnabled',
    type: 'boolean',
    summary: 'Listen for NOTIFY reload messages on db-channel.',
    default: 'true',
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('db-config', {
    field: 'dbConfig',
    type: 'boolean',
    summary: 'Read pgrst.* settings from the database (role settings and db-pre-config).',
    default: 'true',
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('db-extra-search-path', {
    field: 'dbExtraSearchPath',
    type: 'list',
    summary: 'Schemas appended to the search_path of every request; an empty string means none.',
    default: 'public',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-hoisted-tx-settings', {
    field: 'dbHoistedTxSettings',
    type: 'list',
    summary:
      "Settings of a called function (SET clauses of /rpc functions) applied to the request's whole transaction.",
    default: 'statement_timeout,plan_filter.statement_cost_limit,default_transaction_isolation',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('db-max-rows', {
    field: 'dbMaxRows',
    type: 'integer',
    aliases: ['max-rows'],
    summary: 'Upper bound on the rows a read returns; unset means no limit.',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-plan-enabled', {
    field: 'dbPlanEnabled',
    type: 'boolean',
    summary: 'Allow EXPLAIN plans through Accept: application/vnd.pgrst.plan.',
    default: 'false',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-pool', {
    field: 'dbPool',
    type: 'integer',
    summary: 'Maximum number of connections in the pool.',
    default: '10',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('db-pool-acquisition-timeout', {
    field: 'dbPoolAcquisitionTimeout',
    type: 'integer',
    unit: 'seconds',
    summary: 'How long a request waits for a free pool connection before failing with 504 PGRST003.',
    default: '10',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('db-pool-automatic-recovery', {
    field: 'dbPoolAutomaticRecovery',
    type: 'boolean',
    summary: 'Reconnect after losing the database; false makes the server exit instead.',
    default: 'true',
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('db-pool-max-idletime', {
    field: 'dbPoolMaxIdletime',
    type: 'integer',
    unit: 'seconds',
    aliases: ['db-pool-timeout'],
    summary: 'Idle pool connections are closed after this long.',
    default: '30',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('db-pool-max-lifetime', {
    field: 'dbPoolMaxLifetime',
    type: 'integer',
    unit: 'seconds',
    summary: 'Pool connections are recycled after this long.',
    default: '1800',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('db-pre-config', {
    field: 'dbPreConfig',
    type: 'function',
    summary: "Function (schema.name) called before reading in-database settings; it may set_config('pgrst.*').",
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-pre-request', {
    field: 'dbPreRequest',
    type: 'function',
    aliases: ['pre-request'],
    summary:
      'Function called in every request transaction after the role and settings are set; it may raise an error or set response headers.',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-prepared-statements', {
    field: 'dbPreparedStatements',
    type: 'boolean',
    summary: 'Use prepared statements; turn off behind a transaction-mode connection pooler.',
    default: 'true',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-root-spec', {
    field: 'dbRootSpec',
    type: 'function',
    aliases: ['root-spec'],
    summary: 'Function whose result replaces the OpenAPI document at /.',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('db-schemas', {
    field: 'dbSchemas',
    type: 'list',
    aliases: ['db-schema'],
    summary: 'Schemas exposed over HTTP; the first one is the default. pg_catalog and information_schema are refused.',
    default: 'public',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('db-tx-end', {
    field: 'dbTxEnd',
    type: 'enum',
    values: TX_ENDS,
    summary: 'How request transactions end; the -allow-override values honour Prefer: tx=commit|rollback.',
    default: 'commit',
    reloadable: false,
    inDb: true,
    supported: true,
  }),
  key('db-uri', {
    field: 'dbUri',
    type: 'connection-string',
    summary: 'libpq connection URI or key=value string; @/path reads it from a file.',
    default: 'postgresql://',
    defaultNote: 'libpq defaults and PG* environment variables',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('jwt-aud', {
    field: 'jwtAud',
    type: 'string',
    summary: 'Required aud claim of JWTs; a value containing ":" must be a valid URI.',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('jwt-cache-max-entries', {
    field: 'jwtCacheMaxEntries',
    type: 'integer',
    summary: 'Size of the cache of validated JWTs; 0 disables it.',
    default: '1000',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('jwt-role-claim-key', {
    field: 'jwtRoleClaimKey',
    type: 'json-path',
    aliases: ['role-claim-key'],
    summary: 'JSON path to the role claim inside the JWT.',
    default: '$.role',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('jwt-secret', {
    field: 'jwtSecret',
    type: 'string',
    summary: 'HMAC secret (at least 32 characters), JWK or JWKS used to verify JWTs; @/path reads it from a file.',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('jwt-secret-is-base64', {
    field: 'jwtSecretIsBase64',
    type: 'boolean',
    aliases: ['secret-is-base64'],
    summary: 'The jwt-secret is base64 (or base64url) encoded.',
    default: 'false',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('log-level', {
    field: 'logLevel',
    type: 'enum',
    values: LOG_LEVELS,
    summary: 'Least severe level that is logged.',
    default: 'error',
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('log-query', {
    field: 'logQuery',
    type: 'boolean',
    summary: 'Log the SQL of each request that passes the log-level filter.',
    default: 'false',
    reloadable: true,
    inDb: false,
    supported: true,
  }),
  key('openapi-mode', {
    field: 'openapiMode',
    type: 'enum',
    values: OPENAPI_MODES,
    summary: 'Whether the OpenAPI document at / follows the privileges of the role, ignores them, or is disabled.',
    default: 'follow-privileges',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('openapi-security-active', {
    field: 'openapiSecurityActive',
    type: 'boolean',
    summary: 'Describe JWT bearer authentication in the OpenAPI document.',
    default: 'false',
    reloadable: true,
    inDb: true,
    supported: false,
  }),
  key('openapi-server-proxy-uri', {
    field: 'openapiServerProxyUri',
    type: 'uri',
    summary: 'Public base URI written into the OpenAPI document, e.g. https://example.com:8443/api.',
    reloadable: false,
    inDb: true,
    supported: false,
  }),
  key('server-cors-allowed-origins', {
    field: 'serverCorsAllowedOrigins',
    type: 'list',
    summary: 'Origins allowed by CORS; unset allows any origin.',
    reloadable: false,
    inDb: true,
    supported: true,
  }),
  key('server-host', {
    field: 'serverHost',
    type: 'string',
    summary: 'Address to bind: a host name or IP, or * (any), *4/!4 (IPv4 preferred/only), *6/!6 (IPv6).',
    default: '!4',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('server-port', {
    field: 'serverPort',
    type: 'integer',
    summary: 'TCP port of the API; 0 picks a free port.',
    default: '3000',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('server-reuseport', {
    field: 'serverReuseport',
    type: 'boolean',
    summary: 'Bind with SO_REUSEPORT so that a new instance can share the port (zero-downtime upgrades).',
    default: 'false',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('server-timing-enabled', {
    field: 'serverTimingEnabled',
    type: 'boolean',
    summary: 'Send a Server-Timing header with the time spent in each stage.',
    default: 'false',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('server-trace-header', {
    field: 'serverTraceHeader',
    type: 'header-name',
    summary: 'Request header copied to the response, e.g. X-Request-Id.',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('server-unix-socket', {
    field: 'serverUnixSocket',
    type: 'path',
    summary: 'Serve the API on this unix socket instead of TCP; a stale socket file is removed first.',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('server-unix-socket-mode', {
    field: 'serverUnixSocketMode',
    type: 'octal',
    summary: 'File mode of the API unix socket, between 600 and 777.',
    default: '660',
    reloadable: false,
    inDb: false,
    supported: true,
  }),
  key('url-use-legacy-target-names', {
    field: 'urlUseLegacyTargetNames',
    type: 'boolean',
    summary: 'Allow the target table name in filters on an aliased embedding, not only the alias.',
    default: 'true',
    reloadable: true,
    inDb: true,
    supported: true,
  }),
  key('internal-schema-cache-query-sleep', {
    field: 'internalSchemaCacheQuerySleep',
    type: 'integer',
    unit: 'milliseconds',
    summary: 'Test knob: pg_sleep inside each schema-cache load, after the queries.',
    reloadable: true,
    inDb: false,
    supported: true,
    internal: true,
  }),
  key('internal-schema-cache-query-sleep-before-queries', {
    field: 'internalSchemaCacheQuerySleepBeforeQueries',
    type: 'integer',
    unit: 'milliseconds',
    summary: 'Test knob: pg_sleep inside each schema-cache load, before the queries.',
    reloadable: true,
    inDb: false,
    supported: true,
    internal: true,
  }),
];

const BY_NAME: ReadonlyMap<string, ConfigKey> = new Map(
  CONFIG_KEYS.flatMap((k) => [k.name, ...k.aliases].map((name) => [name, k] as const)),
);

/** The catalog entry for a canonical name or an alias; `app.settings.*` names are not looked up here. */
export function findConfigKey(nameOrAlias: string): ConfigKey | undefined {
  return BY_NAME.get(nameOrAlias);
}

/** Like findConfigKey, for names our own code spells: a miss is a bug, not a user error. */
export function configKey(name: string): ConfigKey {
  const found = BY_NAME.get(name);
  if (found === undefined) throw new Error(`not a configuration key: ${name}`);
  return found;
}

/** The `pgrst.*` names to query when db-config is on, in catalog order. */
export const IN_DB_NAMES: ReadonlyArray<string> = CONFIG_KEYS.flatMap((k) => (k.inDbName === null ? [] : [k.inDbName]));

type MutableConfig = { -readonly [F in keyof AppConfig]: AppConfig[F] };

function copyField<F extends keyof AppConfig>(target: MutableConfig, source: AppConfig, field: F): void {
  target[field] = source[field];
}

/**
 * The configuration after a reload: `next`, except that keys which are not reloadable keep their
 * `previous` value (the pool, the sockets and db-uri are set up once, at startup).
 */
export function mergeReloadable(previous: AppConfig, next: AppConfig): AppConfig {
  const merged: MutableConfig = { ...next };
  for (const k of CONFIG_KEYS) if (!k.reloadable) copyField(merged, previous, k.field);
  return merged;
}
